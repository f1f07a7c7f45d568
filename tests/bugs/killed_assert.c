/* A failed assert: abort() raises SIGABRT, which the program does not
 * handle.  A killed-by-signal warning (not an error: the program's own
 * check failed) says the program raised it itself and gives the stack, the
 * assert's line in it; then the exit check's leak report, and the process
 * dies of SIGABRT (a core where cores are on), as without alloc8. */
// EXIT: -6
// CHECK: alloc8: WARNING: killed-by-signal: SIGABRT, which the program raised itself (raise, abort), ended the program (SI_TKILL); it came to thread T0 here:
// CHECK: in abort
// CHECK: in check_total {{\S*}}@BUG:
// CHECK: 48 bytes in 1 blocks are definitely lost
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:lost:
// CHECK: alloc8: SUMMARY: no errors, 48 bytes in 1 blocks still allocated at exit
// CHECK-NOT: alloc8: ERROR: deadly-signal
#include <assert.h>
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) static void check_total(int total)
{
    assert(total == 100); // BUG
}

int main(void)
{
    sink = malloc(48); // LINE:lost
    sink = NULL;
    check_total(99);
    return 0;
}
