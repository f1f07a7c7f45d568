/* The quarantine budget is the process's, its FIFOs per arena.  A thread
 * frees a block, writes to it and ends, leaving its arena holding most of
 * the budget.  main's frees then push the total over budget while main's
 * own arena holds less than its share (budget / 16), so main evicts from
 * the thread's arena, oldest block first: the write is reported at main's
 * free, with the thread's stacks. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { BIG = 60 << 10 }; /* a large block: one 64 KiB span */

static void *worker(void *arg)
{
    char *p = malloc(100); // LINE:alloc
    free(p);               // LINE:free
    p[10] = 'X';           // BUG
    /* 15.5 of quarantine_mb=16 MiB, in large blocks: few resident pages. */
    for (int i = 0; i < 248; i++)
        free(malloc(BIG));
    return arg;
}

int main(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0 || pthread_join(t, NULL) != 0)
        return 1;
    for (int i = 0; i < 512; i++)
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
// CHECK: freed by thread T1 here:
// CHECK: #0 0x{{[0-9a-f]+}} in worker {{\S*}}@LINE:free:
// CHECK: churn done
