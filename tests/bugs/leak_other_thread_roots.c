// Blocks whose only pointers live in another (running) thread's stack and in
// another thread's registers are still reachable, not lost: the check pauses
// those threads and scans their stacks from the stack pointer and their
// registers.  Built -O2 so the second pointer lives in a register only.
// CFLAGS: -O2
// LIBS: -lpthread
// EXIT: 0
// OPTIONS: show_reachable=1
// CHECK: alloc8: leak check (on demand, thread T0)
// CHECK: 60 bytes in 1 blocks are still reachable
// CHECK: in on_stack {{.*}}@LINE:stack
// CHECK: 40 bytes in 1 blocks are still reachable
// CHECK: in in_register {{.*}}@LINE:reg
// CHECK:    definitely lost: 0 bytes in 0 blocks
// CHECK-NOT: definitely lost in loss record
#include <alloc8.h>
#pragma weak alloc8_leak_check
#pragma weak alloc8_leak_mark
#pragma weak alloc8_leak_check_since_mark
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int fds[2];
static volatile int stop, ready;

static void *on_stack(void *arg)
{
    void *volatile p = malloc(60); /* only on this thread's stack */ // LINE:stack
    char c;
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (read(fds[0], &c, 1) < 0) /* blocked in a syscall during the check */
        ;
    free(p);
    return NULL;
}

static void *in_register(void *arg)
{
    void *p = malloc(40); // LINE:reg
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    /* spin with p in a register (and nowhere else) */
    __asm__ volatile("1: pause\n\tcmpl $0, %1\n\tje 1b" : : "r"(p), "m"(stop) : "memory");
    free(p);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    if (pipe(fds))
        return 1;
    pthread_create(&a, NULL, on_stack, NULL);
    pthread_create(&b, NULL, in_register, NULL);
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < 2)
        usleep(1000);
    usleep(20000);
    size_t n = alloc8_leak_check();
    stop = 1;
    if (write(fds[1], "x", 1) != 1)
        return 1;
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return n != 0;
}
