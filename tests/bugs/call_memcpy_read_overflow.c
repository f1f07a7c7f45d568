/* memcpy reading 48 bytes out of a 32-byte block: a READ overflow, which no
 * check at free can see, caught at the call. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 48 bytes at 0x{{[0-9a-f]+}} by memcpy, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in peek {{\S*}}@BUG:
// CHECK: is located 0 bytes after the 32-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in peek
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) int peek(const char *p)
{
    char tmp[64];
    memcpy(tmp, p, 48); // BUG
    return tmp[0];
}

int main(void)
{
    char *b = malloc(32); // LINE:alloc
    memset(b, 'b', 32);
    int r = peek(b);
    free(b);
    return r == 'b' ? 0 : 1;
}
