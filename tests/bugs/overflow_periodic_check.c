/* check_every=N: an overflow of a block that is never freed is found by the
 * periodic heap check, long before exit. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(40); // LINE:alloc
    p[45] = 1;            // BUG
    for (int i = 0; i < 100; i++)
        free(malloc(16)); // LINE:churn
    fputs("churn done\n", stderr);
    return p[0] == 0 ? 0 : 0;
}
// OPTIONS: guard_max=0:check_every=50:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at periodic check
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:churn:
// CHECK: is located 5 bytes after the 40-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: churn done
