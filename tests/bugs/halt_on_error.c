/* halt_on_error=1: the program exits with exitcode after the first report. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(8);
    free(p + 1); // BUG
    puts("not reached");
    return 0;
}
// OPTIONS: halt_on_error=1:exitcode=42
// EXIT: 42
// CHECK: alloc8: ERROR: invalid-free
// CHECK-NOT: not reached
