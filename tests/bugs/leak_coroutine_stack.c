// A program that exits while running on a stack it mapped itself (a
// coroutine's, made with makecontext): that stack is scanned from the stack
// pointer up, so a block its live frame holds is still reachable, and one
// whose address was left deeper, by a call that has returned, is definitely
// lost (stale, as valgrind sees it), not kept by the scan of the program's
// anonymous memory.
// OPTIONS: show_reachable=1
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 120 bytes in 1 blocks are still reachable in loss record
// CHECK: in coroutine {{.*}}@LINE:live
// CHECK: 110 bytes in 1 blocks are definitely lost in loss record
// CHECK: in leave_deep {{.*}}@LINE:stale
// CHECK: definitely lost: 110 bytes in 1 blocks
// CHECK: SUMMARY: alloc8: 110 byte(s) leaked in 1 allocation(s).
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define STACK (256 << 10)

static ucontext_t main_ctx, co_ctx;

/* 64 KiB of frame, the address at its deepest word. */
static __attribute__((noinline)) void leave_deep(void)
{
    volatile uintptr_t frame[8192];
    frame[0] = (uintptr_t)malloc(110); // LINE:stale
    frame[8191] = 0;
}

static void coroutine(void)
{
    leave_deep();
    volatile uintptr_t held = (uintptr_t)malloc(120); // LINE:live
    write(1, "done\n", 5);
    exit(held ? 0 : 1); /* the exit check runs on this stack */
}

int main(void)
{
    void *stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED || getcontext(&co_ctx))
        return 1;
    co_ctx.uc_stack.ss_sp = stack;
    co_ctx.uc_stack.ss_size = STACK;
    co_ctx.uc_link = &main_ctx;
    makecontext(&co_ctx, coroutine, 0);
    swapcontext(&main_ctx, &co_ctx);
    return 2;
}
