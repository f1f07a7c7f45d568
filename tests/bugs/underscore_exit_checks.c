/* A program that leaves by _exit(0) gets the exit check that exit() gets:
 * the overflow written into a block it still holds is found there, the
 * leak is reported, the SUMMARY line is printed and the status is exitcode
 * (23), not 0.  Once, _exit ran none of it: the run was silent and "clean". */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written past the end were found at exit: 21 (expected fb)
// CHECK: is located 0 bytes after the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:kept:
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: 64 bytes in 1 blocks are definitely lost
// CHECK: in lose {{\S*}}@BUG
// CHECK: SUMMARY: alloc8: 64 byte(s) leaked in 1 allocation(s).
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow), 104 bytes in 2 blocks still allocated at exit
#include <stdlib.h>
#include <unistd.h>

void *volatile sink;
static char *volatile kept;

__attribute__((noinline)) static void lose(void)
{
    sink = malloc(64); // BUG
    sink = NULL;
}

__attribute__((noinline)) static void poke(char *p, long i) { p[i] = '!'; }

int main(void)
{
    kept = malloc(40); // LINE:kept
    poke(kept, 40);
    lose();
    _exit(0);
}
