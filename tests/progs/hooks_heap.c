/* hooks_heap.c — a bring-your-own heap for tests/sh/hooks_threads.sh, built
 * against liballoc8-interpose.a.  Memory comes from glibc (__libc_*); the
 * point is the thread hooks, which record every event (kind, token, kernel
 * tid) in a fixed table read back through hookheap_events().  Built with
 * -DNO_HOOKS it has no hooks, and alloc8 must forward pthread_create
 * untouched. */
#include <alloc8.h>

#include <dlfcn.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);

struct hook_event {
    int kind; /* 'c' create (in the parent), 's' start, 'x' exit */
    int tid;
    uintptr_t token;
};

enum { MAX_EVENTS = 4096 };
static struct hook_event g_ev[MAX_EVENTS];
static int g_nev;
static uintptr_t g_next_token __attribute__((unused)) = 1000;
static size_t (*g_usable)(void *);

__attribute__((visibility("default"))) const struct hook_event *hookheap_events(int *n)
{
    *n = __atomic_load_n(&g_nev, __ATOMIC_ACQUIRE);
    return g_ev;
}

__attribute__((unused)) static void record(int kind, uintptr_t token)
{
    int i = __atomic_fetch_add(&g_nev, 1, __ATOMIC_ACQ_REL);
    if (i < MAX_EVENTS) {
        g_ev[i].kind = kind;
        g_ev[i].tid = (int)syscall(SYS_gettid);
        g_ev[i].token = token;
    }
}

static int hh_init(void)
{
    g_usable = (size_t(*)(void *))dlsym(RTLD_NEXT, "malloc_usable_size");
    return g_usable ? 0 : -1;
}

static void *hh_alloc(const struct alloc8_req *r)
{
    if (r->align > 16)
        return __libc_memalign(r->align, r->size);
    return (r->flags & ALLOC8_F_ZERO) ? __libc_calloc(1, r->size) : __libc_malloc(r->size);
}

static void hh_free(void *p, const struct alloc8_req *r) { __libc_free(p); }
static size_t hh_usable(const void *p) { return g_usable((void *)p); }

#ifndef NO_HOOKS
static void *hh_thread_create(void)
{
    uintptr_t t = __atomic_fetch_add(&g_next_token, 1, __ATOMIC_RELAXED);
    record('c', t);
    return (void *)t;
}
static void hh_thread_start(void *token) { record('s', (uintptr_t)token); }
static void hh_thread_exit(void) { record('x', 0); }
#endif

static const struct alloc8_heap hooks_heap = {
#ifndef NO_HOOKS
    .name = "hooks_heap",
    .thread_create = hh_thread_create,
    .thread_start = hh_thread_start,
    .thread_exit = hh_thread_exit,
#else
    .name = "nohooks_heap",
#endif
    .init = hh_init,
    .alloc = hh_alloc,
    .free = hh_free,
    .usable_size = hh_usable,
};

ALLOC8_DEFINE_HEAP(hooks_heap)
