/* A quiet arena holding most of the quarantine is drained by a busy one
 * even when the busy one holds more than its own share: main's arena is
 * above its share (budget / 16) before the thread runs, the thread's frees
 * stay under the budget and it ends, so main's frees alone push the total
 * over.  Every 8th eviction looks at the arena holding the most, so the
 * thread's oldest block (written after free) is evicted and reported at one
 * of main's frees — not only at exit. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { BIG = 60 << 10 }; /* a large block: one 64 KiB span */

static void *worker(void *arg)
{
    char *p = malloc(100); // LINE:alloc
    free(p);               // LINE:free
    p[10] = 'X';           // BUG
    /* 13 MiB more of quarantine_mb=16: the total stays under it. */
    for (int i = 0; i < 208; i++)
        free(malloc(BIG));
    return arg;
}

int main(void)
{
    for (int i = 0; i < 32; i++) /* 2 MiB: above main's share of 1 MiB */
        free(malloc(BIG));
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0 || pthread_join(t, NULL) != 0)
        return 1;
    for (int i = 0; i < 2048; i++)
        free(malloc(4096)); // LINE:churn
    fputs("churn done\n", stderr);
    return 0;
}
// OPTIONS: guard_max=0:quarantine_mb=16
// LIBS: -lpthread
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at quarantine eviction
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:churn:
// CHECK: is located 10 bytes inside the 100-byte block
// CHECK: allocated by thread T1 here:
// CHECK: #0 0x{{[0-9a-f]+}} in worker {{\S*}}@LINE:alloc:
// CHECK: churn done
