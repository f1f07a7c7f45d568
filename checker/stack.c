/* stack.c — capture the calling thread's stack as return addresses
 * (DESIGN.md §4).
 *
 * How: libunwind's unw_backtrace(), which walks cached per-pc frame
 * descriptions (~10 ns a frame once warm), never an unw_step() loop (a few µs
 * a frame).  libunwind is dlopen'd RTLD_LOCAL and never linked: a linked
 * libunwind.so.8 exports the whole _Unwind_* set and a weak `backtrace`, and
 * would take over the program's C++ exception unwinding.  When it cannot be
 * loaded we fall back to glibc backtrace(), which drives libgcc_s's DWARF
 * unwinder (correct without frame pointers — Debian's libc has none — so it
 * is preferred over a frame-pointer walk; slower, and primed here because
 * its first call dlopens libgcc_s).
 *
 * Invariants
 *   - g_stk is written once by a8_stack_init (constructor time, guard raised)
 *     and published by a release store of g_stk.bt; readers load it with
 *     acquire and see the module ranges complete.
 *   - Frame #0 handed out is the first frame outside alloc8's module text
 *     (and libunwind's), or `first_pc` for a8_stack_capture_at.
 * Locks: none of ours.  libunwind takes its own (signal-blocking) lock only
 * when a thread creates its trace cache on its first capture.
 * Runs inside malloc, with the guard raised by the caller: no libc
 * allocation of ours, no stdio.  Async-signal-safe once the thread has
 * captured before (libunwind's per-thread state then exists). */
#include "stack.h"

#include "core.h"
#include "unwind.h"

#include <dlfcn.h>
#include <pthread.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <unistd.h>

/* Same signature for libunwind's unw_backtrace and glibc's backtrace.  The
 * prototype is ours: alloc8 needs libunwind's runtime only (DESIGN.md §9). */
typedef int (*backtrace_fn)(void **buffer, int size);

enum {
    /* Extra frames asked for beyond the depth, to cover alloc8's own leading
     * frames (entry point, heap, capture: usually 3-6). */
    SLACK = 8,
    /* When the leading internal frames eat more than SLACK, retry once with
     * this many extra frames. */
    SLACK_MAX = 48,
    /* Where a8_stack_capture_at looks for first_pc. */
    FIRST_PC_WINDOW = SLACK_MAX,
    MAX_RANGES = 8,
};

struct text_range {
    uintptr_t lo, hi; /* [lo, hi) executable segment */
};

static struct {
    backtrace_fn bt; /* NULL until initialised */
    enum a8_stack_mode mode;
    void *unw_handle; /* dlopen handle of libunwind, kept */
    int nranges;
    struct text_range ranges[MAX_RANGES]; /* alloc8's and libunwind's text */
    int unw_first, unw_end;               /* libunwind's among them */
    int init_done;
} g_stk;

/* ---- module text ranges ----------------------------------------------- */

struct find_ctx {
    uintptr_t addr;
    int added;
};

static int find_module_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    struct find_ctx *ctx = data;
    int hit = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && ctx->addr >= lo && ctx->addr < lo + ph->p_memsz)
            hit = 1;
    }
    if (!hit)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        if (g_stk.nranges == MAX_RANGES)
            break;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        g_stk.ranges[g_stk.nranges].lo = lo;
        g_stk.ranges[g_stk.nranges].hi = lo + ph->p_memsz;
        g_stk.nranges++;
        ctx->added++;
    }
    return 1; /* stop: found the module */
}

/* Record the executable segments of the module holding `addr`. */
static int add_module_of(uintptr_t addr)
{
    struct find_ctx ctx = {addr, 0};
    dl_iterate_phdr(find_module_cb, &ctx);
    return ctx.added;
}

static inline int is_internal(uintptr_t pc)
{
    for (int i = 0; i < g_stk.nranges; i++)
        if (pc >= g_stk.ranges[i].lo && pc < g_stk.ranges[i].hi)
            return 1;
    return 0;
}

static bool is_internal_fn(uintptr_t pc) { return is_internal(pc) != 0; }

bool a8_stack_unwinder_pc(uintptr_t pc)
{
    int end = __atomic_load_n(&g_stk.unw_end, __ATOMIC_ACQUIRE);
    for (int i = g_stk.unw_first; i < end; i++)
        if (pc >= g_stk.ranges[i].lo && pc < g_stk.ranges[i].hi)
            return true;
    return false;
}

/* The prefixed static library shares the program's module, so "outside
 * alloc8's text" cannot find frame #0 there: the heap names the entry
 * point's caller instead (a8_stack_set_call_site), and frames before it are
 * the leading ones.  The preloaded library does the same for a call made by
 * the program's own operator new/delete under one of alloc8's (cxx.c), so
 * the stack starts where the program called alloc8's operator. */
static __thread uintptr_t t_call_site __attribute__((tls_model("initial-exec")));

void a8_stack_set_call_site(uintptr_t pc) { t_call_site = pc; }

static bool before_call_site(uintptr_t pc) { return pc != t_call_site; }

/* ---- initialisation ---------------------------------------------------- */

#if !A8_STATIC
/* Whether the process has no descriptor left (dlopen's failure does not
 * say so in errno). */
static bool no_fd_left(void)
{
    int fd = open("/", O_PATH | O_CLOEXEC);
    bool out = fd < 0 && errno == EMFILE;
    if (fd >= 0)
        close(fd);
    return out;
}
#endif

int a8_stack_init_with(const char *libname)
{
    if (g_stk.init_done)
        return g_stk.mode == A8_STACK_LIBUNWIND ? 0 : -ENOENT;
    int saved_errno = errno;
    a8_guard_enter(); /* dlopen, dlerror and libunwind allocate */
    g_stk.init_done = 1;

#if A8_STATIC
    /* Linked into the program: alloc8's code is the a8_text section the
     * Makefile renames every static object's text to, one contiguous run. */
    extern const char __start_a8_text[], __stop_a8_text[];
    g_stk.ranges[0].lo = (uintptr_t)__start_a8_text;
    g_stk.ranges[0].hi = (uintptr_t)__stop_a8_text;
    g_stk.nranges = 1;
#elif !defined(A8_PREFIXED)
    /* In the prefixed static library alloc8 shares the program's module:
     * there only a8_stack_capture_at() can tell our frames from the user's. */
    add_module_of((uintptr_t)&a8_stack_init_with);
#endif

    backtrace_fn fn = NULL;
    char why[256] = ""; /* dlerror() text: it names the library */
#if A8_STATIC
    /* No dlopen in a static program (libunwind would bring a second C
     * library): the own walker, and glibc's backtrace() behind it. */
    void *h = NULL;
    (void)libname;
#else
    void *h = dlopen(libname, RTLD_LOCAL | RTLD_NOW);
    struct a8_fd_room room;
    if (!h && no_fd_left() && a8_fd_room_begin(&room, true)) {
        h = dlopen(libname, RTLD_LOCAL | RTLD_NOW); /* core.h */
        a8_fd_room_end(&room);
    }
    if (!h) {
        const char *e = dlerror();
        a8_strlcpy(why, e ? e : libname, sizeof why);
    } else {
        fn = (backtrace_fn)dlsym(h, "unw_backtrace");
        if (!fn) {
            const char *e = dlerror();
            a8_strlcpy(why, e ? e : libname, sizeof why);
            dlclose(h);
            h = NULL;
        }
    }
#endif
    void *warm[4];
    if (fn) {
        g_stk.unw_handle = h;
        g_stk.mode = A8_STACK_LIBUNWIND;
        g_stk.unw_first = g_stk.nranges;
        add_module_of((uintptr_t)fn);
        __atomic_store_n(&g_stk.unw_end, g_stk.nranges, __ATOMIC_RELEASE);
    } else {
        if (!A8_STATIC)
            a8_note("stack capture: %s: falling back to glibc backtrace() (slower)", why);
        fn = backtrace;
        g_stk.mode = A8_STACK_GLIBC;
    }
    a8_unwind_init();
    uintptr_t lo, hi;
    a8_stack_bounds(&lo, &hi); /* now, not at a first capture in a signal handler */
    /* Warm up on this thread: backtrace() dlopens libgcc_s on its first
     * call, libunwind sets up its caches. */
    fn(warm, (int)A8_ARRAY_LEN(warm));
    __atomic_store_n(&g_stk.bt, fn, __ATOMIC_RELEASE);

    a8_guard_leave();
    errno = saved_errno;
    return g_stk.mode == A8_STACK_LIBUNWIND ? 0 : -ENOENT;
}

int a8_stack_init(void) { return a8_stack_init_with("libunwind.so.8"); }

enum a8_stack_mode a8_stack_mode(void)
{
    return __atomic_load_n(&g_stk.bt, __ATOMIC_ACQUIRE) ? g_stk.mode : A8_STACK_NONE;
}

/* ---- capture ----------------------------------------------------------- */

/* x86-64 Linux signal return trampoline (glibc __restore_rt):
 *   mov $15, %rax (rt_sigreturn); syscall
 * A handler "returns" to its first byte, so that is the pc the unwinder
 * reports for the signal frame. */
static const unsigned char sigreturn_code[9] = {0x48, 0xc7, 0xc0, 0x0f, 0x00,
                                                0x00, 0x00, 0x0f, 0x05};

static bool is_sigreturn(uintptr_t pc)
{
    /* The pc was reached by the unwinder, so its code is mapped. */
    return memcmp((const void *)pc, sigreturn_code, sizeof sigreturn_code) == 0;
}

/* How many leading frames to drop.  *interrupted is set when the first kept
 * frame is the pc a signal interrupted (not a return address). */
static int leading_skip(void *const *buf, int n, uintptr_t first_pc, bool *interrupted)
{
    *interrupted = false;
    if (first_pc) {
        int w = n < FIRST_PC_WINDOW ? n : FIRST_PC_WINDOW;
        for (int i = 0; i < w; i++)
            if ((uintptr_t)buf[i] == first_pc)
                return i;
    }
    int i = 0;
    while (i < n && is_internal((uintptr_t)buf[i]))
        i++;
    /* Our own signal handler (the SIGSEGV report path): the user's frame #0
     * is the interrupted one, past the trampoline. */
    if (i > 0 && i + 1 < n && is_sigreturn((uintptr_t)buf[i])) {
        i++;
        *interrupted = true;
    }
    return i;
}

/* ---- alloc8's own unwinder (unwind.c) ------------------------------------ */

/* The calling thread's stack, [lo, hi): the own unwinder reads nothing
 * outside it (hi 1: unknown, the walker is not used on this thread). */
static __thread uintptr_t t_stack_lo __attribute__((tls_model("initial-exec")));
static __thread uintptr_t t_stack_hi __attribute__((tls_model("initial-exec")));

bool a8_stack_bounds(uintptr_t *lo, uintptr_t *hi)
{
    if (A8_UNLIKELY(!t_stack_hi)) {
        /* Once per thread; glibc reads /proc/self/maps for the main thread
         * and allocates a CPU set: guarded here. */
        pthread_attr_t attr;
        void *addr;
        size_t size;
        t_stack_hi = 1;
        a8_guard_enter();
        int rc = pthread_getattr_np(pthread_self(), &attr);
        struct a8_fd_room room;
        if (rc == EMFILE && a8_fd_room_begin(&room, true)) {
            /* The main thread's: no descriptor left for the maps (core.h). */
            rc = pthread_getattr_np(pthread_self(), &attr);
            a8_fd_room_end(&room);
        }
        if (rc == 0) {
            if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
                t_stack_lo = (uintptr_t)addr;
                t_stack_hi = (uintptr_t)addr + size;
            }
            pthread_attr_destroy(&attr);
        }
        a8_guard_leave();
    }
    *lo = t_stack_lo;
    *hi = t_stack_hi;
    return *hi > 1;
}

bool a8_stack_bounds_known(uintptr_t *lo, uintptr_t *hi)
{
    *lo = t_stack_lo;
    *hi = t_stack_hi;
    return *hi > 1;
}

static struct {
    uint64_t compared, differed, memo_hits, memo_checked;
} g_verify;

static int leading_skip(void *const *buf, int n, uintptr_t first_pc, bool *interrupted);

/* stack_verify=1: the own walk (own[0..n), `truncated` when it stopped at
 * its frame limit rather than at the end of the stack) against libunwind's,
 * past alloc8's leading frames on both sides. */
static A8_NOINLINE void verify_walk(backtrace_fn bt, void *const *own, int n, bool truncated)
{
    void *lu[A8_STACK_MAX_DEPTH + 2 * SLACK_MAX];
    bool intr;
    int m = bt(lu, n + SLACK_MAX);
    int so = leading_skip(own, n, 0, &intr), sl = leading_skip(lu, m, 0, &intr);
    int uo = n - so, ul = m - sl;
    bool same = ul >= uo && (truncated || ul == uo);
    for (int i = 0; same && i < uo; i++)
        same = own[so + i] == lu[sl + i];
    __atomic_add_fetch(&g_verify.compared, 1, __ATOMIC_RELAXED);
    if (same)
        return;
    uint64_t k = __atomic_add_fetch(&g_verify.differed, 1, __ATOMIC_RELAXED);
    if (k > 10)
        return;
    for (int i = 0; i < uo || i < ul; i++) {
        uintptr_t a = i < uo ? (uintptr_t)own[so + i] : 0, b = i < ul ? (uintptr_t)lu[sl + i] : 0;
        if (a != b) {
            a8_note("stack_verify: own unwinder and libunwind differ at frame #%d: %#lx vs %#lx "
                    "(%d and %d frames)",
                    i, (unsigned long)a, (unsigned long)b, uo, ul);
            break;
        }
    }
}

/* Walks this thread's stack with unwind.c from the caller of walk_own().
 * Returns -1 when the caller must use libunwind instead. */
static A8_NOINLINE int walk_own(void **buf, int want)
{
    if (!a8_opt.fast_unwind)
        return -1;
    /* __builtin_frame_address makes this a standard rbp frame: the caller's
     * sp is rbp + 16, its rbp the word at rbp. */
    uintptr_t *fa = __builtin_frame_address(0);
    uintptr_t pc = (uintptr_t)__builtin_return_address(0);
    uintptr_t sp = (uintptr_t)(fa + 2), lo, hi;
    a8_stack_bounds(&lo, &hi);
    if (sp < lo || sp >= hi)
        return -1; /* an alternate signal stack, or bounds unknown */
    return a8_unwind_walk(pc, sp, fa[0], hi, (uintptr_t *)buf, want, NULL, 0, NULL);
}

/* Same frames as `bt` gives (alloc8's leading ones excepted), from the own
 * unwinder when it can, else from bt. */
static int walk(backtrace_fn bt, void **buf, int want)
{
    int n = walk_own(buf, want);
    if (n >= 0 && A8_UNLIKELY(a8_opt.stack_verify))
        verify_walk(bt, buf, n, n == want);
    return n >= 0 ? n : bt(buf, want);
}

/* Frames to keep: the stack_depth option, within 1..max. */
static int depth_opt(int max)
{
    int depth = (int)a8_opt.stack_depth;
    if (depth > max)
        depth = max;
    return depth < 1 ? 1 : depth;
}

/* Before alloc8's constructor has run a8_stack_init (libunwind is loaded
 * there, not inside a malloc that may come from ld.so), the constructors of
 * libraries that run first allocate too: GObject's makes its type nodes,
 * which every GLib program's leak report listed with no stack.  Those
 * stacks come from the own walker alone, which needs no lock
 * (_dl_find_object, this thread's stack), up to the first frame that would
 * need libunwind (ld.so's start code has no unwind data).  alloc8's own
 * frames at the start are those of its module.  Only in the preloaded
 * library: the static ones run no constructor of another module before the
 * program's. */
#if !A8_STATIC && !defined(A8_PREFIXED)
static uintptr_t g_self_lo, g_self_hi; /* alloc8's module, once known */

static bool in_self(uintptr_t pc) { return pc >= g_self_lo && pc < g_self_hi; }

static A8_NOINLINE int early_capture(uintptr_t *pcs, int max)
{
    if (!a8_opt.fast_unwind)
        return 0;
    if (!__atomic_load_n(&g_self_hi, __ATOMIC_ACQUIRE)) {
        struct dl_find_object dlfo;
        if (_dl_find_object((void *)early_capture, &dlfo) != 0)
            return 0;
        g_self_lo = (uintptr_t)dlfo.dlfo_map_start;
        __atomic_store_n(&g_self_hi, (uintptr_t)dlfo.dlfo_map_end, __ATOMIC_RELEASE);
        a8_unwind_init();
    }
    int depth = depth_opt(max);
    uintptr_t *fa = __builtin_frame_address(0);
    uintptr_t pc = (uintptr_t)__builtin_return_address(0);
    uintptr_t sp = (uintptr_t)(fa + 2), lo, hi;
    if (!a8_stack_bounds(&lo, &hi) || sp < lo || sp >= hi)
        return 0;
    int saved_errno = errno;
    uintptr_t buf[depth + SLACK_MAX];
    int n = a8_unwind_walk_partial(pc, sp, fa[0], hi, buf, depth, in_self, SLACK_MAX);
    errno = saved_errno;
    int skip = 0;
    while (skip < n && in_self(buf[skip]))
        skip++;
    int out = n - skip < depth ? n - skip : depth;
    for (int i = 0; i < out; i++)
        pcs[i] = buf[skip + i];
    return out > 0 ? out : 0;
}

static a8_stack_id early_id(void)
{
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    int n = early_capture(pcs, A8_STACK_MAX_DEPTH);
    return n > 0 ? a8_depot_put(pcs, n) : 0;
}
#else
static int early_capture(uintptr_t *pcs, int max)
{
    (void)pcs, (void)max;
    return 0;
}
static a8_stack_id early_id(void) { return 0; }
#endif

/* noinline: its own frame is one of the leading ones dropped, wherever the
 * callers are. */
static A8_NOINLINE int capture(uintptr_t *pcs, int max, uintptr_t first_pc)
{
    backtrace_fn bt = __atomic_load_n(&g_stk.bt, __ATOMIC_ACQUIRE);
    if (A8_UNLIKELY(!pcs || max <= 0))
        return 0;
    if (A8_UNLIKELY(!bt))
        return early_capture(pcs, max);
    int depth = depth_opt(max);

    int saved_errno = errno;
    /* Sized to the depth, not the maximum: this may run on a small
     * alternate signal stack, next to libunwind's ~2 KiB cursor. */
    void *buf[depth + SLACK_MAX];
    int want = depth + SLACK;
    bool interrupted;
    int n = walk(bt, buf, want);
    int skip = leading_skip(buf, n, first_pc, &interrupted);
    if (A8_UNLIKELY(n == want && n - skip < depth)) {
        /* Our own frames crowded out user frames: ask for more. */
        want = depth + SLACK_MAX;
        n = walk(bt, buf, want);
        skip = leading_skip(buf, n, first_pc, &interrupted);
    }
    errno = saved_errno;

    int out = n - skip;
    if (out > depth)
        out = depth;
    if (out < 0)
        out = 0;
    for (int i = 0; i < out; i++)
        pcs[i] = (uintptr_t)buf[skip + i];
    /* Hand out return-address-like pcs throughout: the faulting
     * instruction + 1, so that the symbolizer's pc-1 lands on it. */
    if (interrupted && out > 0)
        pcs[0] += 1;
    return out;
}

int a8_stack_capture(uintptr_t *pcs, int max)
{
#if defined(A8_PREFIXED)
    return capture(pcs, max, t_call_site);
#else
    return capture(pcs, max, 0);
#endif
}

int a8_stack_capture_at(uintptr_t *pcs, int max, uintptr_t first_pc)
{
    return capture(pcs, max, first_pc);
}

/* ---- capture to an id, memoised -------------------------------------------- */

/* A thread's memo: stack ids by walk start (pc, sp, hint), valid while every
 * word of the walk's footprint still holds the value it had (unwind.h).
 * Eight ways per set, replaced round-robin: a malloc wrapper called at one
 * depth from several paths (sqlite3's, say) puts several stacks under one
 * key, and with two ways sqlite3 missed a quarter of its captures.  160 KiB
 * of address space per thread (mmap'd zero pages: only the ways in use take
 * memory), unmapped when the thread ends. */
enum { MEMO_SETS = 32, MEMO_WAYS = 8 };

struct memo_ent {
    uintptr_t pc, sp, hint; /* sp 0: empty */
    uint32_t epoch, id;
    uint32_t depth, n;              /* n: stack words in off/val */
    uint32_t rbp_used;              /* the footprint holds the initial rbp ... */
    uintptr_t rbp_val;              /* ... with this value */
    uint32_t off[A8_UNW_MAX_READS]; /* word address - sp */
    uintptr_t val[A8_UNW_MAX_READS];
};

/* The ways' keys apart from the entries, so a lookup reads two cache lines
 * and only the entry that may match: sp, and pc mixed with the hint (the
 * entry then confirms pc and hint exactly). */
struct memo_key {
    uintptr_t sp, mix; /* sp 0: empty */
};

struct memo {
    struct memo_key key[MEMO_SETS][MEMO_WAYS];
    struct memo_ent ent[MEMO_SETS][MEMO_WAYS];
    uint8_t next[MEMO_SETS];
};

static inline uintptr_t memo_mix(uintptr_t pc, uintptr_t hint)
{
    return pc ^ (hint * 0x9e3779b97f4a7c15ull);
}

#define MEMO_OFF ((struct memo *)1) /* this thread has ended: no memo */
static __thread struct memo *t_memo __attribute__((tls_model("initial-exec")));

static struct memo *my_memo(void)
{
    struct memo *m = t_memo;
    if (A8_LIKELY(m != NULL))
        return m == MEMO_OFF ? NULL : m;
    /* Fresh zero pages: only the ways a thread uses cost memory. */
    m = a8_pages_map(sizeof *m);
    t_memo = m ? m : MEMO_OFF;
    return m;
}

void a8_stack_thread_exit(void)
{
    struct memo *m = t_memo;
    t_memo = MEMO_OFF;
    if (m && m != MEMO_OFF)
        a8_pages_unmap(m, sizeof *m);
}

/* Whether every word of e's footprint still holds its value.  A hit reads
 * them all anyway, so no early exit: differences are or-ed, branch-free. */
static inline bool memo_valid(const struct memo_ent *e, uintptr_t rbp, uint32_t epoch,
                              uint32_t depth)
{
    if (e->epoch != epoch || e->depth != depth)
        return false;
    uintptr_t diff = e->rbp_used ? rbp ^ e->rbp_val : 0;
#pragma GCC unroll 4
    for (uint32_t i = 0; i < e->n; i++)
        diff |= *(const uintptr_t *)(e->sp + e->off[i]) ^ e->val[i];
    return diff == 0;
}

/* The id of a full (libunwind or glibc) capture, for what the own walker
 * cannot do.  Guarded: libunwind allocates. */
static A8_NOINLINE a8_stack_id slow_id(void)
{
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    a8_guard_enter();
    int n = a8_stack_capture(pcs, A8_STACK_MAX_DEPTH);
    a8_guard_leave();
    return n > 0 ? a8_depot_put(pcs, n) : 0;
}

static A8_NOINLINE a8_stack_id capture_id(uintptr_t hint)
{
    backtrace_fn bt = __atomic_load_n(&g_stk.bt, __ATOMIC_ACQUIRE);
    if (A8_UNLIKELY(!bt))
        return early_id();
    int depth = depth_opt(A8_STACK_MAX_DEPTH);
    if (!a8_opt.fast_unwind)
        return slow_id();

    /* Start of the walk: this function's caller, as walk_own computes it. */
    uintptr_t *fa = __builtin_frame_address(0);
    uintptr_t pc = (uintptr_t)__builtin_return_address(0);
    uintptr_t sp = (uintptr_t)(fa + 2), rbp = fa[0];
    uint32_t epoch = a8_unwind_epoch();
    struct memo *m = my_memo();
    uintptr_t mix = memo_mix(pc, hint);
    uint32_t set = (uint32_t)(((sp >> 4) ^ (mix >> 40)) % MEMO_SETS);
    if (m) {
        for (int w = 0; w < MEMO_WAYS; w++) {
            if (m->key[set][w].sp != sp || m->key[set][w].mix != mix)
                continue;
            struct memo_ent *e = &m->ent[set][w];
            if (e->sp == sp && e->pc == pc && e->hint == hint &&
                memo_valid(e, rbp, epoch, (uint32_t)depth)) {
                if (A8_UNLIKELY(a8_opt.stack_verify)) {
                    __atomic_add_fetch(&g_verify.memo_checked, 1, __ATOMIC_RELAXED);
                    if (slow_id() != e->id) {
                        __atomic_add_fetch(&g_verify.differed, 1, __ATOMIC_RELAXED);
                        a8_note("stack_verify: a memoised stack id differs from a fresh capture");
                    }
                }
                if (A8_UNLIKELY(a8_opt.verbosity >= 2)) /* a shared line: not always */
                    __atomic_add_fetch(&g_verify.memo_hits, 1, __ATOMIC_RELAXED);
                return e->id;
            }
        }
    }

    uintptr_t lo, hi;
    a8_stack_bounds(&lo, &hi);
    if (sp < lo || sp >= hi)
        return slow_id();
    int saved_errno = errno;
    void *buf[depth + SLACK_MAX];
    struct a8_unw_footprint fp;
    bool interrupted;
    /* alloc8's own leading frames do not count: the walk stops at the
     * depth's last user frame, and reads no more than it needs. */
    uintptr_t first_pc = t_call_site;
    bool (*leading)(uintptr_t) = first_pc ? before_call_site : is_internal_fn;
    int n = a8_unwind_walk(pc, sp, rbp, hi, (uintptr_t *)buf, depth, leading, SLACK_MAX, &fp);
    int skip = n > 0 ? leading_skip(buf, n, first_pc, &interrupted) : 0;
    if (n < 0) {
        errno = saved_errno;
        return slow_id();
    }
    if (A8_UNLIKELY(a8_opt.stack_verify)) {
        a8_guard_enter();
        verify_walk(bt, buf, n, n - skip >= depth);
        a8_guard_leave();
    }
    int out = n - skip < depth ? n - skip : depth;
    a8_stack_id id = out > 0 ? a8_depot_put((const uintptr_t *)(buf + skip), out) : 0;
    if (m && fp.n <= A8_UNW_MAX_READS) {
        int w = m->next[set];
        struct memo_ent *e = &m->ent[set][w];
        m->next[set] = (uint8_t)((w + 1) % MEMO_WAYS);
        /* Key last: a signal handler that mallocs on this thread meanwhile
         * sees an empty way, never a half-written one. */
        m->key[set][w].sp = 0;
        e->sp = 0;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        e->pc = pc;
        e->hint = hint;
        e->epoch = epoch;
        e->id = id;
        e->depth = (uint32_t)depth;
        e->rbp_used = 0;
        e->n = 0;
        for (int i = 0; i < fp.n; i++) {
            if (fp.off[i] == A8_UNW_READ_RBP) { /* the same register each time */
                e->rbp_used = 1;
                e->rbp_val = fp.val[i];
            } else {
                e->off[e->n] = fp.off[i];
                e->val[e->n++] = fp.val[i];
            }
        }
        e->sp = sp;
        m->key[set][w].mix = mix;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        m->key[set][w].sp = sp;
    }
    errno = saved_errno;
    return id;
}

a8_stack_id a8_stack_capture_id(uintptr_t hint) { return capture_id(hint); }

/* At exit: what stack_verify compared (the test's evidence), and with
 * verbosity=2 how the captures went. */
void a8_stack_exit_summary(void)
{
    struct a8_unwind_stats st;
    a8_unwind_stats(&st);
    if (a8_opt.stack_verify)
        a8_log("alloc8: stack_verify: %lu walks compared with libunwind, %lu memo hits checked, "
               "%lu "
               "differ; %lu pc rules, %lu walks handed to libunwind",
               (unsigned long)g_verify.compared, (unsigned long)g_verify.memo_checked,
               (unsigned long)g_verify.differed, (unsigned long)st.rules,
               (unsigned long)st.bailouts);
    if (a8_opt.verbosity >= 2)
        a8_log(
            "alloc8: stack capture: %lu ids from the memo; own unwinder: %lu pc rules cached, %lu "
            "uncached, %lu walks handed to libunwind",
            (unsigned long)g_verify.memo_hits, (unsigned long)st.rules, (unsigned long)st.uncached,
            (unsigned long)st.bailouts);
}
