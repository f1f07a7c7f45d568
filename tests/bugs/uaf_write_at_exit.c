/* A write into a freed block, found by the check at exit. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    long *p = malloc(8 * sizeof(long)); // LINE:alloc
    free(p);                            // LINE:free
    p[3] = 42;                          // BUG
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: is located 24 bytes inside the 64-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
