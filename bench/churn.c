/* churn.c — single-threaded allocation churn for bench/alloc_bench.sh.
 *
 * A ring of RING live blocks; each step frees the block in a random slot and
 * puts a new one of random size (8..512 bytes) there, so frees interleave
 * with allocations of other sizes the way they do in real programs.  About
 * one step in 16 uses calloc and one in 16 realloc, so those entry points are
 * on the measured path too.  Every block is written and read back into a
 * checksum printed at the end: with -O2 -fno-builtin nothing is optimised
 * away, and a broken heap shows as a different checksum.
 *
 *   churn [ops [seed]]     ops counts allocator calls (default 20,000,000)
 *
 * The work is in churn_run() (noinline) so callgrind can count just it
 * (--toggle-collect=churn_run).  Output: "churn ops=N sum=HEX". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    RING = 4096, /* live blocks: bigger than tcache, small enough for L2 */
    MIN_SIZE = 8,
    MAX_SIZE = 512,
};

static uint64_t rng_state;

/* xorshift64*: cheap and identical on every run for a given seed. */
static inline uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static void *ring[RING];
static unsigned ring_size[RING];

/* One step = at most two allocator calls (free + malloc, or one realloc). */
__attribute__((noinline)) uint64_t churn_run(uint64_t ops)
{
    uint64_t sum = 0, calls = 0;
    while (calls < ops) {
        uint64_t r = rng();
        unsigned slot = (unsigned)(r % RING);
        unsigned size = MIN_SIZE + (unsigned)((r >> 20) % (MAX_SIZE - MIN_SIZE + 1));
        unsigned kind = (unsigned)(r >> 40) & 15;
        unsigned char *p = ring[slot];
        if (p)
            sum = sum * 31 + p[0] + p[ring_size[slot] - 1];
        if (kind == 0 && p) {
            p = realloc(p, size);
            calls += 1;
        } else {
            if (p) {
                free(p);
                calls += 1;
            }
            p = kind == 1 ? calloc(1, size) : malloc(size);
            calls += 1;
        }
        if (!p) {
            fprintf(stderr, "churn: out of memory\n");
            exit(1);
        }
        p[0] = (unsigned char)r;
        p[size - 1] = (unsigned char)(r >> 8);
        ring[slot] = p;
        ring_size[slot] = size;
    }
    for (unsigned i = 0; i < RING; i++) {
        if (ring[i]) {
            unsigned char *p = ring[i];
            sum = sum * 31 + p[0] + p[ring_size[i] - 1];
            free(p);
            ring[i] = NULL;
        }
    }
    return sum;
}

int main(int argc, char **argv)
{
    uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x9E3779B97F4A7C15ULL;
    if (!rng_state)
        rng_state = 1;
    uint64_t sum = churn_run(ops);
    printf("churn ops=%llu sum=%016llx\n", (unsigned long long)ops, (unsigned long long)sum);
    return 0;
}
