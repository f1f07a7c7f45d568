/* free() of a pointer into the middle of a block. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(40); // LINE:alloc
    free(p + 8);          // BUG
    free(p);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: 8 bytes inside the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: invalid-free @BUG in main
// CHECK-NOT: double-free
