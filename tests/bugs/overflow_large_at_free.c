/* Writes just past a 100000-byte block and into the first bytes of a freed
 * one's prefix: both found by the checks (large blocks have no guard page). */
#include <stdlib.h>

int main(void)
{
    char *big = malloc(100000); // LINE:alloc
    big[100003] = 1;            // BUG
    free(big);                  // LINE:free
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at free
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 3 bytes after the 100000-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
