/* guard_below=1 puts each guarded block right after its guard page (Electric
 * Fence's EF_PROTECT_BELOW), so a write one byte before the block faults at
 * the instruction: the report names the user's line, not the free.  The
 * block starts at its page, so every alignment up to a page holds; the
 * program goes on after the report. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void tag_header(char *p) { p[-1] = '#'; } // BUG

int main(void)
{
    char *blocks[4];
    for (int i = 0; i < 4; i++) {
        blocks[i] = malloc(24 + i); // LINE:alloc
        if (!blocks[i] || ((uintptr_t)blocks[i] & 4095))
            abort(); /* at the start of its page */
    }
    tag_header(blocks[2]);
    fputs("went on\n", stderr);
    for (int i = 0; i < 4; i++)
        free(blocks[i]);
    return 0;
}
// OPTIONS: guard_below=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-underflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE before the start of the block (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in tag_header {{\S*}}@BUG:
// CHECK: is located 1 bytes before the 26-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-underflow @BUG in tag_header
// CHECK: went on
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-underflow)
