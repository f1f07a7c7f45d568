/* memset 50 bytes past a 100-byte guarded block: the write that reaches the
 * guard page is reported there, at the instruction; the slack it crossed
 * (written before or after the fault) is the same bug, not a second report
 * at free. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *a = malloc(100); // LINE:alloc
    memset(a, 'A', 150);   // BUG
    free(a);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE past the end of the block (caught by a guard page)
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in main
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
