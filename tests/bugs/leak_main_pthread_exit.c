// main ends with pthread_exit and another thread calls exit later: the main
// thread stays listed as a zombie, which no signal reaches.  The leak check
// skips it (its stack is dead) instead of waiting for it to stop, and the
// other thread's leak is found.  /proc/self describes the main thread then
// (its maps read empty, its exe link is gone): the maps that clip the roots
// and the program's path for its symbols come from /proc/thread-self.
// LIBS: -lpthread
// EXIT: 24
// OPTIONS: show_reachable=1
// CHECK: 99 bytes in 1 blocks are definitely lost
// CHECK: in lose {{.*}}@BUG
// CHECK: 62 bytes in 1 blocks are still reachable
// CHECK: in last {{.*}}@LINE:stack
// CHECK: 61 bytes in 1 blocks are still reachable
// CHECK: in last {{.*}}@LINE:global
// CHECK: SUMMARY: alloc8: 99 byte(s) leaked in 1 allocation(s).
// CHECK-NOT: did not stop
// CHECK-NOT: block the stop signal
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static uintptr_t hidden; /* complemented: not a pointer */
static void *global_keep;

__attribute__((noinline)) static void lose(void) { hidden = ~(uintptr_t)malloc(99); } // BUG

static void *last(void *arg)
{
    usleep(50000);                    /* main has called pthread_exit by now */
    global_keep = malloc(61);         // LINE:global
    void *volatile keep = malloc(62); // LINE:stack
    lose();
    (void)keep;
    exit(0);
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, last, NULL);
    pthread_exit(NULL);
}
