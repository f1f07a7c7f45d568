/* quick_exit (C11): the program's at_quick_exit handlers run, then the exit
 * check: the handler's free is seen (its block is not a leak), the block
 * lost before is reported with its line, the SUMMARY line is printed and
 * the status is leak_exitcode (24), not 0.  Once, quick_exit ended in the
 * C library's own _exit and the run was silent and "clean". */
// EXIT: 24
// CHECK: handler ran
// CHECK: 64 bytes in 1 blocks are definitely lost
// CHECK: in lose {{\S*}}@BUG
// CHECK: SUMMARY: alloc8: 64 byte(s) leaked in 1 allocation(s).
// CHECK: alloc8: SUMMARY: no errors, 64 bytes in 1 blocks still allocated at exit
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;
static void *volatile kept;

__attribute__((noinline)) static void lose(void)
{
    sink = malloc(64); // BUG
    sink = NULL;
}

static void handler(void)
{
    free(kept);
    kept = NULL;
    fputs("handler ran\n", stderr);
}

int main(void)
{
    kept = malloc(100);
    at_quick_exit(handler);
    lose();
    quick_exit(0);
}
