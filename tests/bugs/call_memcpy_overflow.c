/* memcpy of 49 bytes into a 40-byte block: caught at the call (check_calls),
 * before it runs, with the caller's line; the copy then goes ahead as it
 * would natively (the program finds its 40 bytes), and the damage to
 * the redzone is not reported a second time at free. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 49 bytes at 0x{{[0-9a-f]+}} by memcpy, 9 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in copy_in {{\S*}}@BUG:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:call:
// CHECK: is located 0 bytes after the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in copy_in
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
// CHECK-NOT: found at free
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void copy_in(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, n); // BUG
}

int main(void)
{
    char *a = malloc(40);                                                // LINE:alloc
    copy_in(a, "0123456789012345678901234567890123456789012345678", 49); // LINE:call
    int kept = memcmp(a, "0123456789012345678901234567890123456789", 40) == 0;
    free(a);
    return kept ? 0 : 1; /* 0, then exitcode 23 for the report */
}
