// Blocks given to the kernel as alternate signal stacks, with no pointer
// left in the program (Erlang's threads keep none), are in use: the
// kernel holds them (sigaltstack), so the leak check counts them still
// reachable, on the main thread and on a thread stopped for the check.
// valgrind and LSan call them definitely lost.  A block lost beside them
// is still reported, and a stack disabled with SS_DISABLE is no root.
// OPTIONS: show_reachable=1
// EXIT: 24
// CHECK: 32768 bytes in 1 blocks are still reachable
// CHECK: in worker {{.*}}@LINE:thread_alt
// CHECK: 16384 bytes in 1 blocks are still reachable
// CHECK: in main {{.*}}@LINE:main_alt
// CHECK: 8192 bytes in 1 blocks are definitely lost
// CHECK: in main {{.*}}@LINE:disabled
// CHECK: 77 bytes in 1 blocks are definitely lost
// CHECK: in main {{.*}}@LINE:lost
// CHECK: definitely lost: 8269 bytes in 2 blocks
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static void set_alt(void *p, size_t n)
{
    stack_t ss = {.ss_sp = p, .ss_size = n, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0)
        _exit(2);
}

static volatile int ready;

static void *worker(void *arg)
{
    (void)arg;
    set_alt(malloc(32768), 32768); // LINE:thread_alt
    ready = 1;
    for (;;)
        pause(); /* still running at exit: stopped for the check */
    return NULL;
}

int main(void)
{
    void *off = malloc(8192); // LINE:disabled
    set_alt(off, 8192);
    stack_t dis = {.ss_flags = SS_DISABLE};
    sigaltstack(&dis, NULL);
    off = NULL;
    set_alt(malloc(16384), 16384); // LINE:main_alt
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!ready)
        usleep(1000);
    void *volatile gone = malloc(77); // LINE:lost
    gone = NULL;
    return 0;
}
