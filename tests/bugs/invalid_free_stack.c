/* free() of a stack buffer. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char buf[32];
    strcpy(buf, "on the stack");
    free(buf); // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: on the stack of thread T0
// CHECK: SUMMARY: alloc8: invalid-free @BUG in main
