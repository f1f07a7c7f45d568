/* A write into a freed 100000-byte block far past its filled first bytes,
 * with guard pages off (guard_max=0): the quarantined block's tail pages
 * are protected all the same, so the write is reported at the instruction
 * and the program goes on (it used to die of SIGSEGV with no report). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *big = malloc(100000); // LINE:alloc
    big[0] = 1;
    free(big);        // LINE:free
    big[50000] = 'X'; // BUG
    puts("survived");
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 50000 bytes inside the 100000-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: SUMMARY: alloc8: heap-use-after-free @BUG in main
