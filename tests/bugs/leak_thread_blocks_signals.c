// Threads that block every signal (one waits in sigwait, one in a read)
// never take the leak check's stop signal.  They are not asked (sigwait
// would hand the request to the program) and not waited for: each is
// scanned from the stack pointer of the system call it waits in, and the
// call's arguments count as registers.  A block held only on such a thread's
// stack, or only in the read's buffer argument, is still reachable; a block
// nobody points to is still definitely lost.
// LIBS: -lpthread
// EXIT: 24
// OPTIONS: show_reachable=1:verbosity=1
// CHECK: alloc8: leak check: 2 threads block the stop signal: not stopped, scanned from where they wait in a system call
// CHECK: 99 bytes in 1 blocks are definitely lost
// CHECK: in lose {{.*}}@BUG
// CHECK: 77 bytes in 1 blocks are still reachable
// CHECK: in on_stack {{.*}}@LINE:stack
// CHECK: 41 bytes in 1 blocks are still reachable
// CHECK: in allocate_hidden {{.*}}@LINE:arg
// CHECK: definitely lost: 99 bytes in 1 blocks
// CHECK-NOT: did not stop
// CHECK-NOT: 77 bytes in 1 blocks are definitely lost
// CHECK-NOT: 41 bytes in 1 blocks are definitely lost
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t started;
static uintptr_t hidden[2]; /* complemented: not pointers */
static int fds[2];

static void block_all(void)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
}

static void *on_stack(void *arg)
{
    block_all();
    char *volatile keep = malloc(77); /* only on this thread's stack */ // LINE:stack
    keep[0] = 1;
    pthread_barrier_wait(&started);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGUSR2); /* never sent */
    int sig;
    sigwait(&one, &sig);
    return arg;
}

__attribute__((noinline)) static void allocate_hidden(void)
{
    hidden[1] = ~(uintptr_t)malloc(41); // LINE:arg
}

/* Leaves no copy of the pointer malloc returned in the frames below. */
__attribute__((noinline)) static void wipe_below(void)
{
    volatile char pad[4096];
    memset((char *)pad, 0, sizeof pad);
}

static void *in_argument(void *arg)
{
    block_all();
    allocate_hidden();
    wipe_below();
    pthread_barrier_wait(&started);
    wipe_below();
    /* read(fds[0], block, 41) with the block's address in a register only */
    long ret;
    __asm__ volatile("mov %2, %%rsi\n\tnot %%rsi\n\tsyscall"
                     : "=a"(ret)
                     : "a"((long)SYS_read), "m"(hidden[1]), "D"((long)fds[0]), "d"(41L)
                     : "rsi", "rcx", "r11", "memory");
    return arg;
}

__attribute__((noinline)) static void lose(void) { hidden[0] = ~(uintptr_t)malloc(99); } // BUG

int main(void)
{
    if (pipe(fds) != 0)
        return 2;
    pthread_barrier_init(&started, NULL, 3);
    pthread_t a, b;
    pthread_create(&a, NULL, on_stack, NULL);
    pthread_create(&b, NULL, in_argument, NULL);
    pthread_barrier_wait(&started);
    lose();
    usleep(20000); /* both threads now wait in their calls */
    return 0;
}
