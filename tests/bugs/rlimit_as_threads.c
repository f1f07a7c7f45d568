/* Four threads near an address-space limit (ulimit -v): each keeps 150
 * blocks live, half of them up to 600 KB, replacing one at random each
 * step, about 90 MiB live in all against a heap of ~140 MiB.  Natively no
 * malloc fails.  Under alloc8 the heap has half the room and the
 * quarantine a quarter of that; a heap found full empties the quarantine
 * and halves its budget.  Emptying alone left ~2000 of the 80,000 calls
 * failing (the quarantine filled the room again at once); now a handful
 * do (where the live blocks themselves no longer fit), so fewer than 1%
 * is asked for, with the one out-of-memory warning. */
// ULIMIT_V: 300000
// OPTIONS: detect_leaks=0
// EXIT: 0
// LIBS: -lpthread
// CHECK: the heap is full: the quarantine is emptied for the allocation and its budget halved
// CHECK: few failures
// CHECK-NOT: ERROR
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 4, LIVE = 150, ROUNDS = 20000 };

static int fails;

static void *run(void *arg)
{
    unsigned long x = 88172645463325252UL + (unsigned long)arg;
    void *live[LIVE] = {0};
    for (int i = 0; i < ROUNDS; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int s = (int)(x % LIVE);
        size_t sz = 16 + (x >> 20) % ((x >> 50) & 1 ? 600000 : 2000);
        free(live[s]);
        live[s] = malloc(sz);
        if (!live[s]) {
            __atomic_add_fetch(&fails, 1, __ATOMIC_RELAXED);
            continue;
        }
        memset(live[s], 1, sz < 64 ? sz : 64);
    }
    for (int s = 0; s < LIVE; s++)
        free(live[s]);
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, run, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    fprintf(stderr, "%s: %d of %d calls failed\n",
            fails * 100 < THREADS * ROUNDS ? "few failures" : "too many failures", fails,
            THREADS * ROUNDS);
    return 0;
}
