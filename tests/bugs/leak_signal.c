// leak_check_signal=N: the signal makes a helper thread run a leak check
// while the program goes on.
// OPTIONS: leak_check_signal=12
// LIBS: -lpthread
// EXIT: 0
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check on signal
// CHECK: 99 bytes in 1 blocks are definitely lost
// CHECK: in lose {{.*}}@BUG
// CHECK: SUMMARY: alloc8: 99 byte(s) leaked in 1 allocation(s).
// CHECK: after the signal
// CHECK-NOT: detected memory leaks (check at exit
// CHECK-NOT: did not stop
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static uintptr_t hidden;
static void lose(void) { hidden = ~(uintptr_t)malloc(99); } // BUG

/* Leak from a thread that is gone before the check, so no stale register or
 * stack word of the main thread can point into the block. */
static void *leaker(void *arg)
{
    lose();
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, leaker, NULL);
    pthread_join(t, NULL);
    kill(getpid(), SIGUSR2);
    /* the report comes from another thread: wait for it (sleeps may end
     * early: the check pauses this thread with a signal) */
    struct timespec end, now;
    clock_gettime(CLOCK_MONOTONIC, &end);
    end.tv_sec += 2;
    do {
        usleep(10000);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec < end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec));
    fprintf(stderr, "after the signal\n");
    free((void *)~hidden);
    return 0;
}
