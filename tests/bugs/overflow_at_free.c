/* A write one byte past a 10-byte block, found when the block is freed. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(10); // LINE:alloc
    p[10] = 'x';          // BUG
    free(p);              // LINE:free
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:free in main
// CHECK: alloc8: SUMMARY: 1 error
