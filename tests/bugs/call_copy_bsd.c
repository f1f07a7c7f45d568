/* memccpy, bcopy and bzero, called as a program built with -fno-builtin (or
 * through a pointer) calls them: memccpy copies up to and including the
 * first byte c, or n bytes, and what it copies is checked (read and
 * written), so a memccpy whose c lies inside the source's block is no
 * error however large n is; without c in the block, it reads past the
 * source's end, or writes past a shorter destination.  bcopy is memmove
 * with its source first, bzero memset with 0.  Each at the call, with the
 * caller's line; the data stays within the blocks' redzones. */
// CFLAGS: -O1 -fno-builtin
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by memccpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memccpy_write:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by memccpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memccpy_read:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by bcopy, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:bcopy:
// CHECK: WRITE of 10 bytes at 0x{{[0-9a-f]+}} by bzero, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:bzero:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by memccpy of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memccpy_uaf:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: SUMMARY: 5 errors (4 heap-buffer-overflow, 1 heap-use-after-free)
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int main(void)
{
    int bad = 0;
    char *src = malloc(16), dst[64];
    memcpy(src, "key=value;rest..", 16); /* no NUL: 16 bytes */
    /* c found at offset 9: 10 bytes, within both blocks, whatever n says */
    char *d8 = malloc(8), *d16 = malloc(16);
    bad |= memccpy(d16, src, ';', 1000) != d16 + 10;
    bad |= memccpy(d8, src, 'k', 1000) != d8 + 1;
    bad |= memccpy(d8, src, 'Z', 12) != NULL;  // LINE:memccpy_write
    bad |= memccpy(dst, src, '#', 20) != NULL; // LINE:memccpy_read
    bad |= memcmp(dst, "key=value;rest..", 16) != 0;
    char *b = malloc(16);
    bcopy(dst, b, 24); // LINE:bcopy
    char *z = malloc(8);
    bzero(z, 10); // LINE:bzero
    bad |= z[0] != 0;
    char *f = malloc(5);
    memcpy(f, "abcde", 5);
    free(f);                                // LINE:free
    bad |= memccpy(dst, f, 'x', 5) != NULL; // LINE:memccpy_uaf
    return bad;
}
