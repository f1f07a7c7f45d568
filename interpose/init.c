/* init.c — start-up of the interposition layer and the public runtime calls.
 *
 * a8_init runs once, on the first allocation call or from the library
 * constructor, whichever comes first.  It reads ALLOC8_OPTIONS, picks the
 * heap (a bring-your-own heap's alloc8_heap_entry, else the library's
 * a8_heap_default, else the pass-through heap), runs the heap's init with the
 * guard raised, and registers the fork handlers.  While it runs, re-entrant
 * calls (dlsym, pthread_atfork, the heap's own set-up) and other threads are
 * served by the internal arena.
 * Fork: the prepare handler takes the heap's locks, then the arena's (rank
 * order: heap before arena); the child re-arms them and re-opens its log. */
#include "interpose.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <sys/auxv.h>
#include <unistd.h>

struct a8_state a8_state = {A8_NOT_READY, NULL, false, true, false};

static void fork_prepare(void)
{
    if (a8_state.heap->fork_prepare)
        a8_state.heap->fork_prepare();
    a8_int_fork_prepare();
}

static void fork_parent(void)
{
    a8_int_fork_parent();
    if (a8_state.heap->fork_parent)
        a8_state.heap->fork_parent();
}

static void fork_child(void)
{
    a8_int_fork_child();
    a8_log_after_fork_child();
    if (a8_state.heap->fork_child)
        a8_state.heap->fork_child();
}

static const struct alloc8_heap *choose_heap(void)
{
    if (alloc8_heap_entry && alloc8_heap_entry())
        return alloc8_heap_entry();
    const struct alloc8_heap *(*def)(void) = a8_heap_default;
    if (def && def())
        return a8_heap_default();
    return &a8_heap_passthru;
}

void a8_init(void)
{
    int expected = A8_NOT_READY;
    if (!__atomic_compare_exchange_n(&a8_state.ready, &expected, A8_INITIALIZING, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return; /* done, or in progress here or in another thread */
    a8_guard_enter();
    a8_tls.tid = 0; /* the initialising thread is T0 */
    a8_tls.tid_valid = 1;
    a8_opt_load_env();
    a8_log_keep_name();
    const struct alloc8_heap *h = choose_heap();
    if (h->init && h->init() != 0) {
        a8_note("heap '%s' failed to initialise; using glibc's malloc", h->name);
        h = &a8_heap_passthru;
    }
    a8_state.heap = h;
    a8_state.thread_hooks = h->thread_create || h->thread_start || h->thread_exit;
    a8_state.trace = a8_opt.trace;
    if (a8_state.trace)
        a8_trace_init();
#if !A8_PREFIXED
    pthread_atfork(fork_prepare, fork_parent, fork_child);
#else
    (void)fork_prepare, (void)fork_parent, (void)fork_child;
#endif
    if (a8_opt.verbosity >= 1)
        a8_note("alloc8 %s ready: heap '%s', pid %d", ALLOC8_VERSION, h->name, (int)a8_getpid());
    __atomic_store_n(&a8_state.slow, a8_state.trace, __ATOMIC_RELEASE);
    __atomic_store_n(&a8_state.ready, A8_READY, __ATOMIC_RELEASE);
#if !A8_PREFIXED
    a8_threads_main_start();
#endif
    a8_guard_leave();
}

#if !A8_PREFIXED && !A8_STATIC && !A8_FAST
/* A program that defines malloc itself (chromium does, to use its own
 * allocator) comes before the preloaded alloc8 in symbol lookup: its calls,
 * and the C library's, go to its malloc, and alloc8 sees only what that
 * passes on to the C library's (nothing, for chromium).  Said once at
 * start-up, so that a clean report is not taken for a checked run.  A
 * position-dependent program that takes malloc's address (python3) has a
 * canonical PLT entry for it, an undefined symbol with an address that
 * lookups return: that is alloc8's malloc still, not a definition. */
static void note_foreign_malloc(void)
{
    static const char *const names[] = {"malloc", "free", "calloc", "realloc"};
    Dl_info self, di;
    if (a8_state.heap == &a8_heap_passthru || !dladdr((void *)note_foreign_malloc, &self))
        return;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        void *f = dlsym(RTLD_DEFAULT, names[i]);
        const ElfW(Sym) *sym = NULL;
        if (!f || !dladdr1(f, &di, (void **)&sym, RTLD_DL_SYMENT) ||
            di.dli_fbase == self.dli_fbase || !sym || sym->st_shndx == SHN_UNDEF)
            continue;
        /* The main program is named as the kernel has it (chromium's
         * children run as /proc/self/exe). */
        char exe[512];
        const char *name = di.dli_fname && di.dli_fname[0] ? di.dli_fname : "the program";
        Dl_info main_di;
        void *phdr = (void *)getauxval(AT_PHDR);
        if (phdr && dladdr(phdr, &main_di) && main_di.dli_fbase == di.dli_fbase) {
            if (a8_proc_exe(exe, sizeof exe) > 0)
                name = exe;
        }
        a8_note("%s here is %s's own, not alloc8's: only the calls it passes on to the "
                "C library's %s are checked",
                names[i], name, names[i]);
        return;
    }
}
#endif

/* Initialise at load even if the program never allocates, so options (and
 * help=1) take effect and the heap's set-up runs outside any malloc. */
__attribute__((constructor(101))) static void a8_ctor(void)
{
#if !A8_PREFIXED
    a8_init();
#endif
#if !A8_PREFIXED && !A8_STATIC && !A8_FAST
    if (a8_state.ready == A8_READY)
        note_foreign_malloc();
#endif
}

A8_EXPORT const char *alloc8_version(void) { return ALLOC8_VERSION; }

#if A8_STATIC
/* tools/alloc8 looks for this text in a static program: there the checker
 * is built in, and LD_PRELOAD not needed. */
__attribute__((used)) static const char static_marker[] = "alloc8-static-checker-built-in";
#endif

A8_EXPORT size_t alloc8_check_heap(void)
{
    if (a8_state.ready != A8_READY)
        a8_init();
    if (a8_state.ready != A8_READY || !a8_state.heap->check || a8_guarded())
        return 0;
    a8_guard_enter();
    size_t n = a8_state.heap->check();
    a8_guard_leave();
    return n;
}

/* Leak checks: the checker defines them (checker/leak.c); heaps without a
 * leak scan (fast, bring-your-own) export these no-ops. */
A8_EXPORT __attribute__((weak)) size_t alloc8_leak_check(void) { return 0; }
A8_EXPORT __attribute__((weak)) void alloc8_leak_mark(void) {}
A8_EXPORT __attribute__((weak)) size_t alloc8_leak_check_since_mark(void) { return 0; }

A8_EXPORT const char *alloc8_heap_name(void)
{
    if (a8_state.ready != A8_READY)
        a8_init();
    return a8_state.heap ? a8_state.heap->name : "uninitialised";
}
