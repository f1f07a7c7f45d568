/* leak_bench.c — time of one leak scan (alloc8_leak_check) over a live heap
 * of N blocks of ~MB/N bytes each, all reachable from one array (so the
 * scan marks every block), 1% of them lost.  Run under the checker:
 *   LD_PRELOAD=build/liballoc8.so build/bench/leak_bench [blocks] [MiB]
 * Prints "leak_bench: blocks=N bytes=B scan_s=S". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t alloc8_leak_check(void) __attribute__((weak));

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], 0, 10) : 10000000;
    size_t mib = argc > 2 ? strtoull(argv[2], 0, 10) : 1024;
    size_t avg = (mib << 20) / n;
    void **v = malloc(n * sizeof *v);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t sz = avg / 2 + (i * 2654435761u) % (avg + 1); /* avg/2 .. 3avg/2 */
        v[i] = malloc(sz);
        memset(v[i], (int)i, sz < 16 ? sz : 16);
        if (i && sz >= sizeof(void *))
            *(void **)v[i] = v[i - 1]; /* chains, so marking follows pointers */
        total += sz;
    }
    for (size_t i = 0; i < n; i += 100)
        v[i] = (void *)~(uintptr_t)v[i]; /* hidden: lost unless a chain reaches it */
    if (!alloc8_leak_check) {
        fprintf(stderr, "leak_bench: run under liballoc8.so\n");
        return 1;
    }
    double t0 = now();
    alloc8_leak_check();
    double t1 = now();
    printf("leak_bench: blocks=%zu bytes=%zu scan_s=%.3f\n", n, total, t1 - t0);
    for (size_t i = 0; i < n; i += 100)
        v[i] = (void *)~(uintptr_t)v[i];
    return 0;
}
