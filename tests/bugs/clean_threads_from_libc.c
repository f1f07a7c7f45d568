/* Threads that glibc starts itself, which no wrapper of alloc8's sees: the
 * thread that runs a SIGEV_THREAD timer's function (glibc's timer helper
 * creates it with its internal pthread_create), next to C11 thrd_create
 * threads.  alloc8's locks are plain stores while the process has one
 * thread (core/lock.c) and must become real locks the moment a thread
 * exists, however it was created.  The program runs single-threaded first,
 * then three threads trade blocks through a shared table so that most frees
 * land in another thread's arena; each block carries its own size and owner
 * tag, so a slot handed out twice or a list broken by an unlocked race shows
 * as a wrong tag, a crash or a heap error.  No report expected. */
// LIBS: -lpthread -lrt
// EXIT: 0
// CHECK: single-threaded phase ok
// CHECK: traded 60000 blocks in 3 threads, tags ok
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: WARNING
// CHECK: alloc8: SUMMARY: no errors
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <threads.h>
#include <time.h>

enum { TABLE = 512, PER_THREAD = 20000, THREADS = 3 };

struct blk {
    uint32_t size, tag;
};

static struct blk *_Atomic table[TABLE];
static _Atomic unsigned long bad;

static struct blk *make(uint32_t size, uint32_t tag)
{
    struct blk *b = malloc(size);
    if (!b)
        abort();
    b->size = size;
    b->tag = tag;
    memset(b + 1, (int)(tag & 0xff), size - sizeof *b);
    return b;
}

static void take(struct blk *b)
{
    if (!b)
        return;
    const unsigned char *body = (const unsigned char *)(b + 1);
    for (uint32_t i = 0; i < b->size - sizeof *b; i++)
        if (body[i] != (b->tag & 0xff)) {
            bad++;
            break;
        }
    free(b);
}

static int trader(void *arg)
{
    uint64_t x = (uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
    for (uint32_t i = 0; i < PER_THREAD; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t size = (uint32_t)(sizeof(struct blk) + x % 300);
        struct blk *mine = make(size, (uint32_t)(x >> 32));
        take(__atomic_exchange_n(&table[(x >> 20) % TABLE], mine, __ATOMIC_ACQ_REL));
    }
    return 0;
}

static _Atomic int timer_done;

static void on_timer(union sigval v)
{
    trader(v.sival_ptr);
    timer_done = 1;
}

int main(void)
{
    /* Single-threaded: the plain-store locks. */
    for (uint32_t i = 0; i < 20000; i++)
        take(make((uint32_t)(sizeof(struct blk) + i % 200), i));
    fprintf(stderr, "single-threaded phase ok\n");

    /* One trader in the thread glibc makes for the timer, one from
     * thrd_create, and this thread. */
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = on_timer;
    sev.sigev_value.sival_ptr = (void *)(uintptr_t)1;
    timer_t tm;
    struct itimerspec its = {.it_value = {.tv_nsec = 1000000}};
    if (timer_create(CLOCK_MONOTONIC, &sev, &tm) != 0 || timer_settime(tm, 0, &its, NULL) != 0)
        abort();
    thrd_t t;
    if (thrd_create(&t, trader, (void *)(uintptr_t)2) != thrd_success)
        abort();
    trader((void *)(uintptr_t)THREADS);
    thrd_join(t, NULL);
    while (!timer_done)
        thrd_yield();
    timer_delete(tm);
    for (int i = 0; i < TABLE; i++)
        take(table[i]);
    fprintf(stderr, "traded %d blocks in %d threads, tags %s\n", PER_THREAD * THREADS, THREADS,
            bad ? "WRONG" : "ok");
    return bad != 0;
}
