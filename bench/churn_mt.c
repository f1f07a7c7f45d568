/* churn_mt.c — multithreaded allocation churn for bench/alloc_bench.sh.
 *
 * THREADS threads each run the churn of bench/churn.c on a private ring of
 * live blocks (random sizes 8..512).  About one block in 8 that leaves a ring
 * is not freed there but posted to the next thread's mailbox (a
 * single-producer single-consumer ring), and that thread frees it: these are
 * the cross-thread frees that take glibc's slow path (the block goes back to
 * its own arena).  If the mailbox is full the owner frees the block itself.
 *
 * The checksum adds a hash of every block's contents when it leaves its
 * owner's ring (before any hand-over), so the result depends only on the
 * seeds and not on the interleaving — a broken heap still shows.
 *
 *   churn_mt [ops [threads]]   ops: allocator calls over all threads, about
 *                              (default 24,000,000; threads default 4)
 * Output: "churn_mt ops=N threads=T sum=HEX". */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    RING = 2048,    /* live blocks per thread */
    MAILBOX = 1024, /* power of two */
    MAX_THREADS = 64,
    MIN_SIZE = 8,
    MAX_SIZE = 512,
};

struct mailbox {
    _Alignas(64) _Atomic uint64_t head; /* written by the consumer */
    _Alignas(64) _Atomic uint64_t tail; /* written by the producer */
    void *slot[MAILBOX];
};

struct worker {
    pthread_t tid;
    unsigned id;
    uint64_t ops, seed, sum;
    struct mailbox *in, *out;
};

static unsigned n_threads = 4;
static struct mailbox boxes[MAX_THREADS];
static struct worker workers[MAX_THREADS];

static inline uint64_t rng(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* The block stores its size in its first 4 bytes (sizes are >= 8). */
static inline uint64_t consume(unsigned char *p)
{
    unsigned size = *(unsigned *)p;
    return (uint64_t)p[4] * 0x100000001B3ULL + p[size - 1];
}

static bool post(struct mailbox *b, void *p)
{
    uint64_t t = atomic_load_explicit(&b->tail, memory_order_relaxed);
    if (t - atomic_load_explicit(&b->head, memory_order_acquire) == MAILBOX)
        return false;
    b->slot[t & (MAILBOX - 1)] = p;
    atomic_store_explicit(&b->tail, t + 1, memory_order_release);
    return true;
}

static void *take(struct mailbox *b)
{
    uint64_t h = atomic_load_explicit(&b->head, memory_order_relaxed);
    if (h == atomic_load_explicit(&b->tail, memory_order_acquire))
        return NULL;
    void *p = b->slot[h & (MAILBOX - 1)];
    atomic_store_explicit(&b->head, h + 1, memory_order_release);
    return p;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    unsigned char **ring = calloc(RING, sizeof(*ring));
    uint64_t s = w->seed, sum = 0;
    if (!ring)
        abort();
    /* A step is a free and a malloc; blocks from the mailbox are extra. */
    for (uint64_t step = 0; step < w->ops / 2; step++) {
        uint64_t r = rng(&s);
        unsigned slot = (unsigned)(r % RING);
        unsigned size = MIN_SIZE + (unsigned)((r >> 20) % (MAX_SIZE - MIN_SIZE + 1));
        unsigned char *p = ring[slot];
        if (p) {
            sum += consume(p);
            if (((r >> 40) & 7) != 0 || !post(w->out, p))
                free(p);
        }
        if ((step & 7) == 0) {
            unsigned char *q;
            while ((q = take(w->in)) != NULL)
                free(q);
        }
        p = malloc(size);
        if (!p) {
            fprintf(stderr, "churn_mt: out of memory\n");
            exit(1);
        }
        *(unsigned *)p = size;
        p[4] = (unsigned char)r;
        p[size - 1] = (unsigned char)(r >> 8);
        ring[slot] = p;
    }
    for (unsigned i = 0; i < RING; i++) {
        if (ring[i]) {
            sum += consume(ring[i]);
            free(ring[i]);
        }
    }
    free(ring);
    w->sum = sum;
    return NULL;
}

int main(int argc, char **argv)
{
    uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 0) : 24000000;
    if (argc > 2)
        n_threads = (unsigned)strtoul(argv[2], NULL, 0);
    if (n_threads < 1 || n_threads > MAX_THREADS) {
        fprintf(stderr, "churn_mt: threads must be 1..%d\n", MAX_THREADS);
        return 2;
    }
    for (unsigned i = 0; i < n_threads; i++) {
        workers[i].id = i;
        workers[i].ops = ops / n_threads;
        workers[i].seed = 0x9E3779B97F4A7C15ULL * (i + 1);
        workers[i].in = &boxes[i];
        workers[i].out = &boxes[(i + 1) % n_threads];
    }
    for (unsigned i = 0; i < n_threads; i++) {
        if (pthread_create(&workers[i].tid, NULL, work, &workers[i]) != 0) {
            fprintf(stderr, "churn_mt: pthread_create failed\n");
            return 1;
        }
    }
    uint64_t sum = 0;
    for (unsigned i = 0; i < n_threads; i++) {
        pthread_join(workers[i].tid, NULL);
        sum += workers[i].sum;
    }
    /* Blocks still in mailboxes (already counted by their owners). */
    for (unsigned i = 0; i < n_threads; i++) {
        void *q;
        while ((q = take(&boxes[i])) != NULL)
            free(q);
    }
    printf("churn_mt ops=%llu threads=%u sum=%016llx\n", (unsigned long long)ops, n_threads,
           (unsigned long long)sum);
    return 0;
}
