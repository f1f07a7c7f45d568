/* stack_bench.c — cost of stack capture and of the stack depot
 * (checker/stack.c, checker/depot.c).  Not a test: prints figures.
 *   capture ns/call with the stack ~10 and ~30 frames deep (stack_depth set
 *     to the same), with alloc8's own unwinder and with libunwind for every
 *     walk (fast_unwind=0), guard raised as the heap does.  The capture memo
 *     (a8_stack_capture_id) is not measured here: in this executable every
 *     frame is in "alloc8's module"; the checker bench shows its effect;
 *   depot put ns/call on the lookup path, 1 and 8 threads;
 *   the dedup rate of a synthetic allocation workload: 64 call sites reached
 *     through a few paths each, captured and put on every "allocation".
 * Target (DESIGN.md §4): capture <= 400 ns at depth 30. */
#include "core.h"
#include "stack.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile int sink;

/* ---- capture ------------------------------------------------------------- */

struct cap_job {
    int iters;
    double ns;
    int frames;
};

/* The bench links checker/stack.o into its own executable, so every frame
 * here is "alloc8's module" to a8_stack_capture: name frame #0 instead, as
 * the prefixed static library does. */
static A8_NOINLINE void capture_loop(struct cap_job *j)
{
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    uintptr_t me = (uintptr_t)__builtin_return_address(0);
    a8_guard_enter();
    j->frames = a8_stack_capture_at(pcs, A8_STACK_MAX_DEPTH, me); /* warm up */
    double t0 = now_ns();
    for (int i = 0; i < j->iters; i++)
        sink += a8_stack_capture_at(pcs, A8_STACK_MAX_DEPTH, me);
    j->ns = (now_ns() - t0) / j->iters;
    a8_guard_leave();
}

/* Recurse until the stack is `depth` frames above main's caller chain. */
static void descend(int depth, struct cap_job *j)
{
    if (depth > 0)
        descend(depth - 1, j);
    else
        capture_loop(j);
    sink++;
}

/* Frames from bench_capture down: bench_capture, main,
 * __libc_start_call_main, __libc_start_main, _start. */
enum { BASE_FRAMES = 5 };

static void bench_capture(int depth)
{
    a8_opt.stack_depth = depth;
    struct cap_job j = {200000, 0, 0};
    /* descend(k) makes k + 1 frames: `depth` frames from descend to _start;
     * the walk also covers capture_loop, capture and the slack. */
    descend(depth - BASE_FRAMES - 1, &j);
    printf("capture  depth %3d, %-9s: %7.1f ns/call (%d frames kept)\n", depth,
           a8_opt.fast_unwind ? "own walk" : "libunwind", j.ns, j.frames);
}

/* ---- depot ------------------------------------------------------------------ */

enum { SITES = 64, PATHS = 4, DEPTH = 24 };
static uintptr_t site_pcs[SITES * PATHS][DEPTH];

static void make_sites(void)
{
    /* Synthetic frames shaped like real ones: shared outer frames (main, a
     * dispatcher), per-site inner ones. */
    for (int s = 0; s < SITES * PATHS; s++)
        for (int f = 0; f < DEPTH; f++)
            site_pcs[s][f] = f < DEPTH - 6 ? 0x55550000u + (uintptr_t)s * 0x40 + (uintptr_t)f * 8
                                           : 0x55660000u + (uintptr_t)f * 0x10 + (uintptr_t)(s % 3);
}

struct put_job {
    int iters, seed;
    double ns;
};

static void *put_loop(void *arg)
{
    struct put_job *j = arg;
    unsigned x = (unsigned)j->seed * 2654435761u + 1;
    unsigned acc = 0; /* not `sink`: a shared line written by every thread */
    double t0 = now_ns();
    for (int i = 0; i < j->iters; i++) {
        x = x * 1103515245u + 12345u;
        acc += a8_depot_put(site_pcs[(x >> 8) % (SITES * PATHS)], DEPTH);
    }
    j->ns = (now_ns() - t0) / j->iters;
    sink += (int)acc;
    return NULL;
}

static void bench_depot(void)
{
    make_sites();
    struct put_job one = {2000000, 1, 0};
    put_loop(&one); /* first pass stores the stacks */
    put_loop(&one);
    printf("depot put (found), 1 thread : %6.1f ns/call\n", one.ns);

    enum { T = 8 };
    pthread_t th[T];
    struct put_job jobs[T];
    double t0 = now_ns();
    for (int t = 0; t < T; t++) {
        jobs[t] = (struct put_job){1000000, t + 2, 0};
        pthread_create(&th[t], NULL, put_loop, &jobs[t]);
    }
    double sum = 0;
    for (int t = 0; t < T; t++) {
        pthread_join(th[t], NULL);
        sum += jobs[t].ns;
    }
    double wall = (now_ns() - t0) / (T * 1000000.0);
    printf("depot put (found), %d threads: %6.1f ns/call per thread, %.1f ns/call wall "
           "(%ld CPUs)\n",
           T, sum / T, wall, sysconf(_SC_NPROCESSORS_ONLN));
}

/* Real captures: every "allocation" captures and puts, as the heap does. */
static A8_NOINLINE void site_alloc(int path)
{
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    uintptr_t caller = (uintptr_t)__builtin_return_address(0);
    a8_guard_enter();
    int n = a8_stack_capture_at(pcs, A8_STACK_MAX_DEPTH, caller);
    sink += (int)a8_depot_put(pcs, n);
    a8_guard_leave();
    (void)path;
}
static void path_a(int i)
{
    site_alloc(i);
    sink++;
}
static void path_b(int i)
{
    if (i & 1)
        path_a(i);
    else
        site_alloc(i);
    sink++;
}
static void path_c(int i)
{
    if (i % 3)
        path_b(i);
    else
        path_a(i);
    sink++;
}

static void bench_dedup(void)
{
    struct a8_depot_stats before, after;
    a8_depot_stats(&before);
    a8_opt.stack_depth = 24;
    double t0 = now_ns();
    int n = 300000;
    for (int i = 0; i < n; i++) {
        switch (i % 4) {
        case 0:
            path_a(i);
            break;
        case 1:
            path_b(i);
            break;
        case 2:
            path_c(i);
            break;
        default:
            site_alloc(i);
            break;
        }
    }
    double per = (now_ns() - t0) / n;
    a8_depot_stats(&after);
    uint64_t puts = after.puts - before.puts, hits = after.hits - before.hits;
    printf("capture+put per allocation  : %6.1f ns\n", per);
    printf("dedup: %llu puts, %llu hits (%.4f%%), %llu new stacks\n", (unsigned long long)puts,
           (unsigned long long)hits, 100.0 * (double)hits / (double)puts,
           (unsigned long long)(after.stacks - before.stacks));
    printf("depot: %llu stacks, %llu bytes used of %llu\n", (unsigned long long)after.stacks,
           (unsigned long long)after.bytes, (unsigned long long)after.limit);
}

int main(void)
{
    a8_stack_init();
    static const char *const names[] = {"none", "libunwind", "glibc backtrace"};
    printf("stack capture mode: %s\n", names[a8_stack_mode()]);
    /* alloc8's own unwinder (the default), then libunwind for every walk. */
    for (int own = 1; own >= 0; own--) {
        a8_opt.fast_unwind = own;
        bench_capture(10);
        bench_capture(30);
    }
    a8_opt.fast_unwind = 1;
    bench_depot();
    bench_dedup();
    return 0;
}
