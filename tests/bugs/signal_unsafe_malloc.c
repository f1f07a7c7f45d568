/* A signal handler that calls malloc and free, while the thread it
 * interrupts is inside malloc or free itself: neither is async-signal-safe
 * (glibc's malloc aborts with "double free detected in tcache" or
 * deadlocks here), and inside alloc8's heap the thread may hold a lock the
 * handler would wait for forever.  alloc8 serves the handler outside the
 * heap and reports signal-unsafe-call once the interrupted call returns:
 * the handler's call site as frame #0, the interrupted call's stack under
 * its own heading.  The program runs to its end: the handler's blocks
 * hold what it wrote, the loop's too, and the handler's frees of heap
 * blocks are made (or those blocks would be leaked: CHECK-NOT).  A handler
 * that allocates nothing, first, is no error.
 *
 * A 100-microsecond timer interrupts a loop that spends most of its time
 * in malloc and free; it runs until the allocating handler ran 3000 times,
 * so some of those land inside the heap (all but surely: hundreds do). */
// OPTIONS: dedup=1
// EXIT: 23
// CHECK: alloc8: ERROR: signal-unsafe-call on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: {{(malloc\(\d+\)|free\(0x[0-9a-f]+\))}} was called in a signal handler that interrupted this thread's {{(malloc|free)}}
// CHECK: #0 0x{{[0-9a-f]+}} in on_signal {{\S*}}@LINE:handler:
// CHECK: {{\d+}} allocation call{{s?}} of signal handlers came while the {{(malloc|free)}} ran
// CHECK: the interrupted {{(malloc|free)}} was called by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in churn {{\S*}}@LINE:loop:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:call:
// CHECK: SUMMARY: alloc8: signal-unsafe-call {{\S*}}@LINE:handler in on_signal
// CHECK: alloc8: SUMMARY: {{\d+}} errors ({{\d+}} signal-unsafe-call)
// CHECK-NOT: definitely lost
// CHECK-NOT: heap-buffer-overflow
// CHECK-NOT: heap-use-after-free
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "sig_timer.h"

enum { KEEP = 32 };
static volatile sig_atomic_t g_mode, g_quiet_hits, g_hits;
static char *volatile g_keep[KEEP];
static volatile int g_bad;

static void on_signal(int sig)
{
    (void)sig;
    if (!g_mode) {
        g_quiet_hits++;
        return;
    }
    int i = g_hits++ % KEEP;
    if (g_keep[i] && g_keep[i][0] != (char)(i + 1))
        g_bad = 1;
    free(g_keep[i]), g_keep[i] = malloc(24 + (size_t)i * 8); // LINE:handler
    if (g_keep[i])
        memset(g_keep[i], i + 1, 24 + (size_t)i * 8);
}

__attribute__((noinline)) unsigned long churn(volatile sig_atomic_t *until, int n)
{
    unsigned long sum = 0;
    char *p;
    for (unsigned i = 0; *until < n; i++) {
        p = malloc(16 + i % 200), p[0] = (char)i, sum += (unsigned char)p[0], free(p); // LINE:loop
    }
    return sum;
}

int main(void)
{
    sig_timer(on_signal, 100);
    churn(&g_quiet_hits, 300); /* a handler that allocates nothing: no report */
    g_mode = 1;
    unsigned long sum = churn(&g_hits, 3000); // LINE:call
    sig_timer(on_signal, 0);
    for (int i = 0; i < KEEP; i++) {
        if (g_keep[i] && g_keep[i][23] != (char)(i + 1))
            g_bad = 1;
        free(g_keep[i]);
    }
    printf("sum %s, handler data %s\n", sum ? "ok" : "zero", g_bad ? "BAD" : "ok");
    return g_bad ? 3 : 0;
}
