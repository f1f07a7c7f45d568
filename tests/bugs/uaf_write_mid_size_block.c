/* A write 10000 bytes into a freed 20000-byte block: a block of a small
 * size class, with no pages of its own to protect.  By default every such
 * block (below 32 KiB) is filled whole when freed, so the write is found
 * when the block is checked (here at exit), not only writes into its first
 * 4 KiB. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(20000); // LINE:alloc
    free(p);                 // LINE:free
    for (int i = 0; i < 100; i++)
        free(malloc(64));
    p[10000] = 'X'; // BUG
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written after free were found at exit: 58 (expected dd)
// CHECK: is located 10000 bytes inside the 20000-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
