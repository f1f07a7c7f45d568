/* A write to a freed block, found when the block leaves the quarantine
 * (quarantine_mb=1: about 1 MiB of later frees push it out). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = malloc(100 * sizeof(int)); // LINE:alloc
    free(p);                            // LINE:free
    p[50] = 1234;                       // BUG
    for (int i = 0; i < 2000; i++)
        free(malloc(4096)); // LINE:churn
    fputs("churn done\n", stderr);
    return 0;
}
// OPTIONS: guard_max=0:quarantine_mb=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at quarantine eviction
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:churn:
// CHECK: is located 200 bytes inside the 400-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: churn done
