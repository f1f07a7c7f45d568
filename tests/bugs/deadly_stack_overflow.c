/* Endless recursion on a thread: the stack overflows into its guard page.
 * No handler could run on the exhausted stack; alloc8 gives each thread an
 * alternate signal stack, so the overflow is reported: the recursing line,
 * a hint that the address lies just below the thread's stack, the thread's
 * creation stack; then the exit check, and the process dies of SIGSEGV. */
// EXIT: -11
// CHECK: alloc8: ERROR: deadly-signal on address 0x{{[0-9a-f]+}} (thread T1)
// CHECK: SIGSEGV: a WRITE at 0x{{[0-9a-f]+}}, which its mapping does not allow (SEGV_ACCERR)
// CHECK: #0 0x{{[0-9a-f]+}} in depth {{\S*}}deadly_stack_overflow.c:{{\d+}}:
// CHECK: #1 0x{{[0-9a-f]+}} in depth {{\S*}}@LINE:recurse:
// CHECK: hint: the address is just below this thread's stack [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}): a stack overflow, most likely deep or endless recursion
// CHECK: thread T1 created by T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:create:
// CHECK: SUMMARY: alloc8: deadly-signal deadly_stack_overflow.c:{{\d+}} in depth
// CHECK: alloc8: SUMMARY: 1 errors (1 deadly-signal)
#include <pthread.h>
#include <stdint.h>

/* Which write of a frame meets the guard page first (the call's return
 * address, the prologue's, buf's) depends on the frames' sizes: frame #0
 * is some line of depth, frame #1 the recursing call. */
__attribute__((noinline)) static long depth(long n)
{
    volatile char buf[256];
    buf[0] = (char)n;             // BUG
    return depth(n + 1) + buf[0]; // LINE:recurse
}

static void *run(void *arg) { return (void *)(intptr_t)depth((long)(intptr_t)arg); }

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, run, NULL); // LINE:create
    pthread_join(t, NULL);
    return 0;
}
