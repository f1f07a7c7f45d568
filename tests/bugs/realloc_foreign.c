/* realloc() of a stack address. */
#include <stdlib.h>

int main(void)
{
    char buf[16] = "stack";
    char *q = realloc(buf, 64); // BUG
    return q == NULL ? 0 : 1;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-realloc on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: on the stack of thread T0
