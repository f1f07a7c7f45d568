// The daemon pattern: main blocks every signal, starts a worker and waits in
// sigwait; the worker calls exit.  main cannot take the stop signal, so it
// is scanned from where it waits: a block only main's stack holds is still
// reachable, the worker's lost block is definitely lost.
// LIBS: -lpthread
// EXIT: 24
// OPTIONS: show_reachable=1:verbosity=1
// CHECK: alloc8: leak check: 1 threads block the stop signal: not stopped, scanned from where they wait in a system call
// CHECK: 99 bytes in 1 blocks are definitely lost
// CHECK: in lose {{.*}}@BUG
// CHECK: 88 bytes in 1 blocks are still reachable
// CHECK: in main {{.*}}@LINE:keep
// CHECK-NOT: did not stop
// CHECK-NOT: 88 bytes in 1 blocks are definitely lost
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static uintptr_t hidden; /* complemented: not a pointer */

__attribute__((noinline)) static void lose(void) { hidden = ~(uintptr_t)malloc(99); } // BUG

static void *worker(void *arg)
{
    usleep(50000); /* main waits in sigwait by now */
    lose();
    exit(0);
    return arg;
}

int main(void)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    char *volatile keep = malloc(88); /* only on main's stack */ // LINE:keep
    keep[0] = 1;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGUSR2); /* never sent */
    int sig;
    sigwait(&one, &sig);
    return 0;
}
