/* A signal handler's malloc and free that land while alloc8 walks the
 * interrupted call's stack are reported too.  The loop allocates 100
 * frames deep with stack_depth=64, so each malloc and free walks 64 frames
 * (too deep for the capture memo) and spends most of its time in the walk.
 * alloc8's own walker allocates nothing and runs with the re-entrancy
 * guard down; only a walk handed to libunwind raises it, and a handler's
 * call there cannot be told from libunwind's own allocations.  With the
 * guard up for the whole walk, as it was, about one collision in ten was
 * reported here (201 of 2000); now nearly all are.
 *
 * The timer fires 2000 times (the loop runs until then); each interrupted
 * heap call with a handler's allocation in it counts one error.  The
 * SUMMARY must count at least 1000 (a 4-digit count from 1 or 2): the loop
 * is almost all heap calls, so a late signal still lands in one. */
// OPTIONS: stack_depth=64
// EXIT: 23
// CHECK: alloc8: ERROR: signal-unsafe-call on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in on_signal {{\S*}}@LINE:handler:
// CHECK: the interrupted {{(malloc|free)}} was called by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in deep {{\S*}}@LINE:loop:
// CHECK: #1 0x{{[0-9a-f]+}} in deep {{\S*}}@LINE:recurse:
// CHECK: alloc8: SUMMARY: {{[12]\d\d\d}} errors ({{[12]\d\d\d}} signal-unsafe-call)
// CHECK-NOT: definitely lost
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "sig_timer.h"

enum { KEEP = 32, CALLS = 2000, DEPTH = 100 };
static volatile sig_atomic_t g_hits;
static char *volatile g_keep[KEEP];

static void on_signal(int sig)
{
    (void)sig;
    int i = g_hits++ % KEEP;
    free(g_keep[i]), g_keep[i] = malloc(24 + (size_t)i * 8); // LINE:handler
}

__attribute__((noinline)) unsigned long deep(int d)
{
    if (d > 0) {
        unsigned long r = deep(d - 1);     // LINE:recurse
        __asm__ volatile("" ::: "memory"); /* no tail call: keep the frames */
        return r + 1;
    }
    unsigned long sum = 0;
    char *p;
    for (unsigned i = 0; g_hits < CALLS; i++) {
        p = malloc(16 + i % 200), p[0] = (char)i, sum += (unsigned char)p[0], free(p); // LINE:loop
    }
    return sum;
}

int main(void)
{
    sig_timer(on_signal, 100);
    unsigned long r = deep(DEPTH);
    sig_timer(on_signal, 0);
    for (int i = 0; i < KEEP; i++)
        free(g_keep[i]);
    printf("%lu, %d handler calls\n", r, (int)g_hits);
    return 0;
}
