/* abort_on_error=1: the program aborts (SIGABRT) after the first report. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(8);
    free(p);
    free(p); // BUG
    puts("not reached");
    return 0;
}
// OPTIONS: abort_on_error=1
// EXIT: -6
// CHECK: alloc8: ERROR: double-free
// CHECK: SUMMARY: alloc8: double-free @BUG in main
// CHECK-NOT: killed-by-signal
