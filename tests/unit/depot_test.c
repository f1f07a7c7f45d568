/* depot_test.c — unit tests of the stack depot (checker/depot.c).
 *   depot_test basic    dedup, distinct ids, exact frames, stable ids, stats
 *   depot_test threads  8 threads put overlapping stack sets at once
 *   depot_test full     a 64 KiB depot fills up: one note, then id 0
 *   depot_test fork     fork children (forked while threads put) keep using it
 *   depot_test small    a program's first stacks touch little memory; past
 *                       them the big table is faulted in, ids all kept
 * Prints "<mode>: OK" and exits 0, or names the failed check and exits 1. */
#include "core.h"
#include "stack.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c);                  \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Stack number k of a family: deterministic, depth 1..40. */
static int make_stack(uint32_t family, uint32_t k, uintptr_t *pcs)
{
    int n = 1 + (int)((k * 7u + family) % 40u);
    for (int i = 0; i < n; i++)
        pcs[i] = 0x400000u + ((uintptr_t)family << 32) + (uintptr_t)k * 4096u + (uintptr_t)i * 16u;
    return n;
}

static bool frames_equal(a8_stack_id id, const uintptr_t *pcs, int n)
{
    const uintptr_t *got;
    int m = a8_depot_get(id, &got);
    return m == n && memcmp(got, pcs, (size_t)n * sizeof *pcs) == 0;
}

static void test_basic(void)
{
    uintptr_t a[3] = {0x1111, 0x2222, 0x3333};
    uintptr_t a2[3] = {0x1111, 0x2222, 0x3333};
    uintptr_t b[3] = {0x1111, 0x2222, 0x3334};
    const uintptr_t *got;

    CHECK(a8_depot_put(a, 0) == 0);
    CHECK(a8_depot_get(0, &got) == 0);

    a8_stack_id ia = a8_depot_put(a, 3);
    CHECK(ia != 0);
    CHECK(a8_depot_put(a2, 3) == ia); /* same frames, another buffer */
    a8_stack_id ib = a8_depot_put(b, 3);
    CHECK(ib != 0 && ib != ia);
    a8_stack_id ip = a8_depot_put(a, 2); /* a prefix is another stack */
    CHECK(ip != 0 && ip != ia && ip != ib);
    CHECK(frames_equal(ia, a, 3));
    CHECK(frames_equal(ib, b, 3));
    CHECK(frames_equal(ip, a, 2));
    CHECK(a8_depot_get(ia, &got) == 3 && got[2] == 0x3333);

    /* Many more stacks: ids stay put, frames stay exact, the pointer from
     * before is still valid. */
    const uintptr_t *old = got;
    enum { N = 20000 };
    static a8_stack_id ids[N];
    uintptr_t pcs[64];
    for (uint32_t k = 0; k < N; k++) {
        int n = make_stack(1, k, pcs);
        ids[k] = a8_depot_put(pcs, n);
        CHECK(ids[k] != 0);
    }
    for (uint32_t k = 0; k < N; k++) {
        int n = make_stack(1, k, pcs);
        CHECK(frames_equal(ids[k], pcs, n));
        CHECK(a8_depot_put(pcs, n) == ids[k]);
        for (uint32_t j = (k > 3 ? k - 3 : 0); j < k; j++)
            CHECK(ids[j] != ids[k]);
    }
    CHECK(a8_depot_put(a, 3) == ia && a8_depot_put(b, 3) == ib);
    const uintptr_t *again;
    CHECK(a8_depot_get(ia, &again) == 3 && again == old && old[0] == 0x1111);

    /* Made-up ids give nothing. */
    for (int i = 0; i < 1000; i++) {
        a8_stack_id bogus = (a8_stack_id)(rnd() | 1);
        int n = a8_depot_get(bogus, &got);
        CHECK(n == 0 || (n > 0 && n <= A8_STACK_MAX_DEPTH && got != NULL));
    }
    CHECK(a8_depot_get(0xffffffffu, &got) == 0 && got == NULL);

    /* Deep stacks are cut at the maximum depth. */
    static uintptr_t deep[A8_STACK_MAX_DEPTH + 10];
    for (int i = 0; i < A8_STACK_MAX_DEPTH + 10; i++)
        deep[i] = 0x9000 + (uintptr_t)i;
    a8_stack_id id_deep = a8_depot_put(deep, A8_STACK_MAX_DEPTH + 10);
    CHECK(a8_depot_get(id_deep, &got) == A8_STACK_MAX_DEPTH);

    struct a8_depot_stats st;
    a8_depot_stats(&st);
    CHECK(st.stacks == 3 + N + 1);
    CHECK(st.puts == 4 + N + N + 2 + 1);
    CHECK(st.hits == 1 + N + 2);
    CHECK(st.dropped == 0);
    CHECK(st.bytes > (uint64_t)N * 24 && st.bytes <= st.limit);
    CHECK(st.limit == (uint64_t)a8_opt.depot_mb << 20);
}

/* ---- threads ------------------------------------------------------------- */

enum { THREADS = 8, SET = 3000, ROUNDS = 20 };
static a8_stack_id tids[THREADS][SET];
static pthread_barrier_t barrier;
static uint32_t round_family;

static void *worker(void *arg)
{
    int t = (int)(intptr_t)arg;
    uintptr_t pcs[64];
    for (int r = 0; r < ROUNDS; r++) {
        pthread_barrier_wait(&barrier);
        uint32_t fam = round_family;
        /* Every thread walks the same set from its own starting point, so
         * first puts of a stack race between threads. */
        for (uint32_t i = 0; i < SET; i++) {
            uint32_t k = (i + (uint32_t)t * (SET / THREADS)) % SET;
            int n = make_stack(fam, k, pcs);
            tids[t][k] = a8_depot_put(pcs, n);
        }
        pthread_barrier_wait(&barrier);
        pthread_barrier_wait(&barrier); /* main checks in between */
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t th[THREADS];
    pthread_barrier_init(&barrier, NULL, THREADS + 1);
    for (int t = 0; t < THREADS; t++)
        CHECK(pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t) == 0);
    uintptr_t pcs[64];
    uint64_t expect_stacks = 0;
    for (int r = 0; r < ROUNDS; r++) {
        round_family = 100 + (uint32_t)r;
        pthread_barrier_wait(&barrier);
        pthread_barrier_wait(&barrier);
        for (uint32_t k = 0; k < SET; k++) {
            a8_stack_id id = tids[0][k];
            CHECK(id != 0);
            for (int t = 1; t < THREADS; t++)
                CHECK(tids[t][k] == id);
            int n = make_stack(round_family, k, pcs);
            CHECK(frames_equal(id, pcs, n));
            CHECK(a8_depot_put(pcs, n) == id);
            if (k > 0)
                CHECK(tids[0][k - 1] != id);
        }
        expect_stacks += SET;
        pthread_barrier_wait(&barrier);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(th[t], NULL);
    struct a8_depot_stats st;
    a8_depot_stats(&st);
    CHECK(st.stacks == expect_stacks); /* no stack stored twice */
    CHECK(st.puts == (uint64_t)ROUNDS * SET * (THREADS + 1));
    CHECK(st.hits == st.puts - st.stacks);
}

/* ---- full ------------------------------------------------------------------ */

static void test_full(void)
{
    CHECK(a8_depot_init(64 * 1024) == 0);
    CHECK(a8_depot_init(1 << 20) < 0); /* sized once */
    uintptr_t pcs[64];
    uint32_t k = 0;
    a8_stack_id first = 0;
    for (;; k++) {
        int n = make_stack(7, k, pcs);
        a8_stack_id id = a8_depot_put(pcs, n);
        if (id == 0)
            break;
        if (k == 0)
            first = id;
        CHECK(k < 100000);
    }
    CHECK(k > 50); /* 64 KiB holds well over 50 stacks of <= 40 frames */
    /* New stacks: 0 from now on, without a second note. */
    for (uint32_t j = k; j < k + 500; j++) {
        int n = make_stack(7, j, pcs);
        CHECK(a8_depot_put(pcs, n) == 0);
    }
    /* Known stacks are still found. */
    int n0 = make_stack(7, 0, pcs);
    CHECK(a8_depot_put(pcs, n0) == first && frames_equal(first, pcs, n0));
    struct a8_depot_stats st;
    a8_depot_stats(&st);
    CHECK(st.stacks == k);
    CHECK(st.dropped == 501);
    CHECK(st.limit == 64 * 1024 && st.bytes <= st.limit);
    fprintf(stderr, "stored %u stacks in %llu bytes\n", k, (unsigned long long)st.bytes);
}

/* ---- small ----------------------------------------------------------------- */

static long resident_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = -1;
    CHECK(f && fscanf(f, "%ld %ld", &size, &res) == 2);
    fclose(f);
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The default 256 MiB depot has a 4 MiB bucket table.  Its first stacks
 * must not each fault in a page of it (839 stacks, a python3 start, used
 * to make 570 of its 1024 pages resident); a program with thousands of
 * stacks gets it whole, and every id it was given before still holds. */
static void test_small(void)
{
    enum { EARLY = 800, LATE = 6000 };
    static a8_stack_id ids[LATE];
    uintptr_t pcs[64];
    CHECK(a8_depot_put(pcs, make_stack(9, 0, pcs)) != 0); /* sizes the depot */
    long before = resident_kib();
    size_t node_bytes = 0;
    for (uint32_t k = 0; k < EARLY; k++) {
        int n = make_stack(9, k, pcs);
        ids[k] = a8_depot_put(pcs, n);
        CHECK(ids[k] != 0);
        node_bytes += 24 + 8 * (size_t)n;
    }
    long early = resident_kib() - before;
    /* Nodes, the 64 KiB small table, slack: well under the 2 MiB+ of the
     * scattered bucket pages. */
    if (early >= (long)(node_bytes >> 10) + 512)
        fprintf(stderr, "%d stacks: %ld KiB resident more (their nodes: %zu KiB)\n", EARLY, early,
                node_bytes >> 10);
    CHECK(early < (long)(node_bytes >> 10) + 512);
    for (uint32_t k = EARLY; k < LATE; k++) {
        int n = make_stack(9, k, pcs);
        ids[k] = a8_depot_put(pcs, n);
        CHECK(ids[k] != 0);
    }
    long late = resident_kib() - before;
    if (late < 4096)
        fprintf(stderr, "%d stacks: %ld KiB resident more\n", LATE, late);
    CHECK(late >= 4096); /* the big table, faulted in whole */
    for (uint32_t k = 0; k < LATE; k++) {
        int n = make_stack(9, k, pcs);
        CHECK(a8_depot_put(pcs, n) == ids[k] && frames_equal(ids[k], pcs, n));
        if (k > 0)
            CHECK(ids[k] != ids[k - 1]);
    }
    struct a8_depot_stats st;
    a8_depot_stats(&st);
    CHECK(st.stacks == LATE);
    CHECK(st.hits == LATE + 1);
}

/* ---- fork ------------------------------------------------------------------ */

static volatile int stop_hammer;

static void *hammer(void *arg)
{
    uint32_t fam = 1000 + (uint32_t)(intptr_t)arg * 1000000u, k = 0;
    uintptr_t pcs[64];
    while (!stop_hammer) {
        int n = make_stack(fam, k++, pcs);
        CHECK(a8_depot_put(pcs, n) != 0);
    }
    return NULL;
}

static void test_fork(void)
{
    uintptr_t pcs[64];
    int n0 = make_stack(3, 0, pcs);
    a8_stack_id before = a8_depot_put(pcs, n0);
    CHECK(before != 0);
    pthread_t th[4];
    for (int t = 0; t < 4; t++)
        CHECK(pthread_create(&th[t], NULL, hammer, (void *)(intptr_t)t) == 0);
    for (int f = 0; f < 20; f++) {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            /* Child: the threads are gone, maybe mid-put. */
            static a8_stack_id ids[2000];
            for (uint32_t k = 0; k < 2000; k++) {
                int n = make_stack(500 + (uint32_t)f, k, pcs);
                ids[k] = a8_depot_put(pcs, n);
                if (ids[k] == 0 || !frames_equal(ids[k], pcs, n))
                    _exit(10);
            }
            for (uint32_t k = 0; k < 2000; k++) {
                int n = make_stack(500 + (uint32_t)f, k, pcs);
                if (a8_depot_put(pcs, n) != ids[k] || (k && ids[k] == ids[k - 1]))
                    _exit(11);
            }
            n0 = make_stack(3, 0, pcs);
            _exit(a8_depot_put(pcs, n0) == before && frames_equal(before, pcs, n0) ? 0 : 12);
        }
        int status;
        CHECK(waitpid(pid, &status, 0) == pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            fprintf(stderr, "fork child %d: status 0x%x\n", f, status);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    stop_hammer = 1;
    for (int t = 0; t < 4; t++)
        pthread_join(th[t], NULL);
    CHECK(a8_depot_put(pcs, make_stack(3, 0, pcs)) == before);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    if (!strcmp(mode, "basic"))
        test_basic();
    else if (!strcmp(mode, "threads"))
        test_threads();
    else if (!strcmp(mode, "full"))
        test_full();
    else if (!strcmp(mode, "fork"))
        test_fork();
    else if (!strcmp(mode, "small"))
        test_small();
    else {
        fprintf(stderr, "usage: depot_test basic|threads|full|fork|small\n");
        return 2;
    }
    printf("%s: OK\n", mode);
    return 0;
}
