/* Four threads whose block sizes drift upwards (each phase of 4,000
 * allocations adds ~200 bytes), freeing each other's blocks through a
 * shared table: spans emptied in one arena are taken by the classes of
 * others.  Every block's bytes must hold until it is freed, no report may
 * come, and the resident set stays near the quarantine (16 MiB) plus the
 * ~10 MiB live: alloc8 used to keep every class's evicted slots (~280 MiB
 * more). */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_status.h"

enum { SLOTS = 1024, STEPS = 80000, THREADS = 4 };
static unsigned char *table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int changed;

static void *run(void *arg)
{
    uint64_t x = (uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
    for (int i = 0; i < STEPS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t size = 16 + ((size_t)i / 4000 * 200 + x % 300) % 20000;
        unsigned char *p = malloc(size);
        memset(p, (unsigned char)size, size);
        pthread_mutex_lock(&lock);
        unsigned char *old = table[x % SLOTS];
        table[x % SLOTS] = p;
        pthread_mutex_unlock(&lock);
        if (old) {
            size_t n = malloc_usable_size(old); /* alloc8: exactly the request */
            for (size_t j = 0; j < n; j += 61)
                if (old[j] != (unsigned char)n)
                    __atomic_add_fetch(&changed, 1, __ATOMIC_RELAXED);
            free(old);
        }
    }
    return NULL;
}

int main(void)
{
    long before = status_kib("VmHWM:");
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, run, (void *)(i + 1));
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < SLOTS; i++)
        free(table[i]);
    long grew = (status_kib("VmHWM:") - before) / 1024;
    if (before < 0 || grew > 64)
        fprintf(stderr, "peak resident set grew by %ld MiB\n", grew);
    else
        fputs("peak resident set grew by at most 64 MiB\n", stderr);
    fprintf(stderr, "%d bytes changed\n", changed);
    return 0;
}
// OPTIONS: quarantine_mb=16:guard_max=0
// LIBS: -lpthread
// CHECK: peak resident set grew by at most 64 MiB
// CHECK: 0 bytes changed
// CHECK-NOT: ERROR
