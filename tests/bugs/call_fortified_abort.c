/* A fortified copy longer than the size the compiler gave it: glibc's
 * __memcpy_chk stops the program ("buffer overflow detected", SIGABRT)
 * before copying a byte.  alloc8 reports the overflow first, with the
 * block and the caller's line.  The block is guarded (guard_size=24), so
 * its end sits against a guard page; the copy that never happens will not
 * fault there, and the report must come from the call's own check. */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=3
// OPTIONS: guard_size=24
// EXIT: -6
// CHECK: alloc8: ERROR: heap-buffer-overflow on address
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __memcpy_chk, 16 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in main
// CHECK: *** buffer overflow detected ***
// CHECK-NOT: not reached
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t v_size = 24, v_len = 40;

int main(void)
{
    char text[64] = "0123456789012345678901234567890123456789";
    char *p = malloc(v_size);
    memcpy(p, text, v_len); // BUG
    fputs("not reached\n", stderr);
    free(p);
    return 0;
}
