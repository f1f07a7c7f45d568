// A thread that blocks every signal and never makes a system call cannot be
// stopped, nor found waiting: its stack pointer stays unknown.  The check
// then scans every thread stack whole, says so, and does not call the block
// held on that thread's stack lost; a block nobody points to still is.
// LIBS: -lpthread
// EXIT: 24
// OPTIONS: show_reachable=1
// CHECK: alloc8: leak check: 1 threads block the stop signal and ran on; every thread stack was scanned whole
// CHECK: 55 bytes in 1 blocks are still reachable
// CHECK: in spin {{.*}}@LINE:keep
// CHECK: 33 bytes in 1 blocks are definitely lost
// CHECK: in lose {{.*}}@BUG
// CHECK-NOT: did not stop
// CHECK-NOT: 55 bytes in 1 blocks are definitely lost
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

static volatile int ready;
static uintptr_t hidden; /* complemented: not a pointer */

static void *spin(void *arg)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    char *volatile keep = malloc(55); /* only on this thread's stack */ // LINE:keep
    ready = 1;
    for (;;) /* no system call from here on */
        keep[0]++;
    return arg;
}

__attribute__((noinline)) static void lose(void) { hidden = ~(uintptr_t)malloc(33); } // BUG

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    while (!ready)
        ;
    lose();
    return 0;
}
