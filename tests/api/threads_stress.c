/* threads_stress.c — 8 threads allocate and free for ~3 seconds (or
 * A8_STRESS_SECONDS: `make soak` runs it longer) through
 * every allocation family; blocks pass between threads through a shared
 * table, so most frees are of blocks another thread allocated.  Each block
 * carries a stamp (its size and a checksum of its address) verified by the
 * thread that frees it: a heap that hands one block out twice, or loses
 * bytes across threads, fails here.  alarm() turns a deadlock into a failure. */
// LIBS: -lpthread
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { THREADS = 8, SLOTS = 2048 };

struct stamp {
    size_t size;
    uintptr_t check;
    uint32_t owner;
    uint32_t family;
};

static _Atomic(struct stamp *) g_slots[SLOTS];
static atomic_long g_errors, g_ops, g_cross;
static atomic_int g_stop;

static uintptr_t checksum(const void *p, size_t size) { return (uintptr_t)p * 31 ^ size; }

static struct stamp *make(unsigned *seed, uint32_t self)
{
    unsigned r = rand_r(seed);
    size_t size = sizeof(struct stamp) + (r % 7 == 0 ? (r >> 3) % 70000 : (r >> 3) % 600);
    uint32_t family = (r >> 20) % 6;
    void *p = NULL;
    switch (family) {
    case 0:
        p = malloc(size);
        break;
    case 1:
        p = calloc(1, size);
        break;
    case 2:
        p = realloc(malloc(16), size);
        break;
    case 3:
        p = aligned_alloc(64, size);
        break;
    case 4:
        if (posix_memalign(&p, 256, size))
            p = NULL;
        break;
    case 5:
        p = memalign(32, size);
        break;
    }
    if (!p) {
        atomic_fetch_add(&g_errors, 1);
        return NULL;
    }
    if (malloc_usable_size(p) < size)
        atomic_fetch_add(&g_errors, 1);
    struct stamp *s = p;
    memset((char *)p + sizeof *s, (int)(size & 0xff), size - sizeof *s);
    s->size = size;
    s->check = checksum(p, size);
    s->owner = self;
    s->family = family;
    return s;
}

static void verify_free(struct stamp *s, uint32_t self)
{
    if (!s)
        return;
    const unsigned char *b = (const unsigned char *)s;
    int bad = s->check != checksum(s, s->size);
    for (size_t i = sizeof *s; !bad && i < s->size; i += 7)
        bad = b[i] != (s->size & 0xff);
    if (bad) {
        atomic_fetch_add(&g_errors, 1);
        fprintf(stderr, "corrupt block %p\n", (void *)s);
        return; /* do not free a block we cannot trust */
    }
    if (s->owner != self)
        atomic_fetch_add(&g_cross, 1);
    if (s->size > 1000 && (s->size & 1))
        s = realloc(s, s->size / 2); /* shrink a foreign block, then free it */
    free(s);
}

static void *worker(void *arg)
{
    uint32_t self = (uint32_t)(uintptr_t)arg;
    unsigned seed = self * 7919u + 1;
    long ops = 0;
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        struct stamp *mine = make(&seed, self);
        unsigned slot = rand_r(&seed) % SLOTS;
        verify_free(atomic_exchange(&g_slots[slot], mine), self);
        /* short-lived private blocks too */
        void *t = malloc(rand_r(&seed) % 256);
        free(t);
        ops++;
    }
    atomic_fetch_add(&g_ops, ops);
    return NULL;
}

int main(void)
{
    const char *env = getenv("A8_STRESS_SECONDS");
    double seconds = env ? atof(env) : 3.0;
    if (!(seconds > 0 && seconds < 86400))
        seconds = 3.0;
    alarm((unsigned)seconds + 60);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)(uintptr_t)(i + 1))) {
            printf("pthread_create failed\n");
            return 1;
        }
    struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
    nanosleep(&ts, NULL);
    atomic_store(&g_stop, 1);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < SLOTS; i++)
        verify_free(atomic_exchange(&g_slots[i], NULL), 0);
    long ops = atomic_load(&g_ops), cross = atomic_load(&g_cross);
    long errors = atomic_load(&g_errors);
    if (errors || ops < 10000 || cross < ops / 4) {
        printf("errors=%ld ops=%ld cross-thread frees=%ld\n", errors, ops, cross);
        return 1;
    }
    printf("OK\n");
    return 0;
}
