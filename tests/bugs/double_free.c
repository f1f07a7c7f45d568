/* The same block freed twice. */
#include <stdlib.h>

static void release(void *p) { free(p); } // LINE:first

int main(void)
{
    void *p = malloc(100); // LINE:alloc
    release(p);
    free(p); // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: double-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: previously freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in release {{\S*}}@LINE:first:
// CHECK: SUMMARY: alloc8: double-free @BUG in main
