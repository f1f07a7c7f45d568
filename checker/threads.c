/* threads.c — the checker's thread table: small ids (T0 = the thread that
 * initialised alloc8, then T1, T2, … in order of first use), the parent and
 * creation stack of every thread started through pthread_create, and each
 * thread's stack range (for "invalid free of a stack address").
 * The table is one fixed array in pages from the kernel, written once per
 * thread by that thread and read by reports: no lock.  Threads beyond
 * MAX_THREADS get ids but no record.  Runs inside pthread_create and at
 * thread start with the guard raised. */
#include "checker.h"
#include "reports.h"

#include <pthread.h>

#define MAX_THREADS 65536

struct thr {
    uint32_t valid;  /* 1 once the thread started */
    uint32_t parent; /* creator's id */
    uint32_t stack;  /* creation stack (depot id) */
    uintptr_t stk_lo, stk_hi;
};

static struct {
    struct thr *tab;
    int init_done;
    uint32_t running; /* threads started through pthread_create, not ended */
    uint32_t at_fork; /* running, when the process last forked */
    uint64_t orphans; /* a8_checker_seq at the last fork that left running threads behind */
} g_thr;

static __thread bool t_counted __attribute__((tls_model("initial-exec")));

static struct thr *table(void)
{
    if (!__atomic_load_n(&g_thr.tab, __ATOMIC_ACQUIRE)) {
        struct thr *t = a8_pages_map(MAX_THREADS * sizeof(struct thr));
        struct thr *expected = NULL;
        if (t && !__atomic_compare_exchange_n(&g_thr.tab, &expected, t, false, __ATOMIC_ACQ_REL,
                                              __ATOMIC_ACQUIRE))
            a8_pages_unmap(t, MAX_THREADS * sizeof(struct thr));
    }
    return g_thr.tab;
}

/* In the parent, inside pthread_create (guard raised by the interposer). */
void *a8_threads_on_create(void)
{
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    int n = a8_stack_capture(pcs, (int)a8_opt.stack_depth);
    uint32_t id = n > 0 ? a8_depot_put(pcs, n) : 0;
    uint64_t token = ((uint64_t)a8_thread_id() << 32) | id | (1ULL << 63);
    return (void *)(uintptr_t)token;
}

/* In the new thread before its start routine (token NULL: the main thread). */
void a8_threads_on_start(void *token)
{
    if (!token)
        return;
    __atomic_add_fetch(&g_thr.running, 1, __ATOMIC_RELAXED);
    t_counted = true;
    a8_deadly_thread_start();
    uint32_t tid = a8_thread_id();
    struct thr *t = table();
    if (!t || tid >= MAX_THREADS)
        return;
    uint64_t v = (uint64_t)(uintptr_t)token;
    struct thr *me = &t[tid];
    me->parent = (uint32_t)((v >> 32) & 0x7fffffffu);
    me->stack = (uint32_t)v;
    uintptr_t lo, hi;
    a8_guard_enter(); /* pthread_getattr_np may allocate */
    if (a8_stack_bounds(&lo, &hi)) {
        me->stk_lo = lo;
        me->stk_hi = hi;
    }
    a8_guard_leave();
    __atomic_store_n(&me->valid, 1, __ATOMIC_RELEASE);
}

void a8_threads_on_exit(void)
{
    if (t_counted) {
        t_counted = false;
        __atomic_sub_fetch(&g_thr.running, 1, __ATOMIC_RELAXED);
    }
    a8_stack_thread_exit();
    a8_big_stack_thread_exit();
    a8_deadly_thread_exit();
}

void a8_threads_fork_prepare(void)
{
    g_thr.at_fork = __atomic_load_n(&g_thr.running, __ATOMIC_RELAXED);
}

void a8_threads_fork_child(void)
{
    /* The forking thread is the child's only one (its main thread now). */
    if (t_counted && g_thr.at_fork > 0)
        g_thr.at_fork--;
    t_counted = false;
    if (g_thr.at_fork > 0)
        g_thr.orphans = a8_checker_seq();
    g_thr.running = 0;
}

uint64_t a8_threads_orphans_before(void) { return g_thr.orphans; }

bool a8_thread_info(uint32_t tid, uint32_t *parent, struct a8_rstack *created)
{
    struct thr *t = g_thr.tab;
    if (!t || tid == 0 || tid >= MAX_THREADS || !__atomic_load_n(&t[tid].valid, __ATOMIC_ACQUIRE))
        return false;
    *parent = t[tid].parent;
    const uintptr_t *pcs;
    int n = t[tid].stack ? a8_depot_get(t[tid].stack, &pcs) : 0;
    created->n = 0;
    created->tid = t[tid].parent;
    created->id = t[tid].stack;
    for (int i = 0; i < n && i < A8_REPORT_MAX_FRAMES; i++)
        created->pcs[created->n++] = pcs[i];
    created->valid = created->n > 0;
    return true;
}

bool a8_threads_stack_owner(uintptr_t p, uint32_t *tid)
{
    struct thr *t = g_thr.tab;
    if (!t)
        return false;
    for (uint32_t i = 1; i < MAX_THREADS; i++) {
        if (!__atomic_load_n(&t[i].valid, __ATOMIC_ACQUIRE))
            continue;
        if (p >= t[i].stk_lo && p < t[i].stk_hi) {
            *tid = i;
            return true;
        }
    }
    return false;
}
