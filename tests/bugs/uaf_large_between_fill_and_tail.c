/* A write into a freed 100000-byte block just past its filled prefix
 * (free_fill_max=4096) and before the first protected page: the fill runs
 * on to that page, so no byte of the block is left unchecked. */
#include <stdlib.h>

int main(void)
{
    char *big = malloc(100000); // LINE:alloc
    free(big);                  // LINE:free
    big[5000] = 'X';            // BUG
    return 0;
}
// OPTIONS: guard_max=0:free_fill_max=4096
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written after free were found at exit: 58 (expected dd)
// CHECK: is located 5000 bytes inside the 100000-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
