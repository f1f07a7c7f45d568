/* iconv given buffers its sizes do not fit: an output buffer said to hold
 * more than its block, input said to run past its block, an output buffer
 * already freed, and the output count kept in a freed block.  The sizes
 * the program passes count whole, as for read: iconv's output buffer of 16
 * bytes said to hold 32 is an overflow however short the text.  Each is
 * reported at the call with the caller's line; the conversions then run as
 * natively (free_fill=0: the freed count reads 0, so that call writes
 * nothing and stops with E2BIG). */
// OPTIONS: guard_max=0:detect_leaks=0:free_fill=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by iconv, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:out_short:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:out_short in main
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by iconv, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:in_short:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by iconv of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:out_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_out:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by iconv of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:left_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_left:
// CHECK: alloc8: SUMMARY: 4 errors (2 heap-buffer-overflow, 2 heap-use-after-free)
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    int bad = 0;
    iconv_t cd = iconv_open("UTF-8", "ISO-8859-1");
    if (cd == (iconv_t)-1)
        return 2;

    char text[] = "hello";
    char *in = text, *out = malloc(16);
    char *o = out;
    size_t inleft = 5, outleft = 32;
    bad |= iconv(cd, &in, &inleft, &o, &outleft) != 0; // LINE:out_short
    bad |= inleft != 0 || outleft != 27 || memcmp(out, "hello", 5) != 0;

    /* Latin-1 makes every byte a character: the 4 bytes read past the
     * block convert too (into 64 bytes of room). */
    char *src = malloc(8);
    memcpy(src, "abcdefgh", 8);
    char *big = malloc(64);
    in = src;
    o = big;
    inleft = 12;
    outleft = 64;
    bad |= iconv(cd, &in, &inleft, &o, &outleft) != 0; // LINE:in_short
    bad |= inleft != 0 || memcmp(big, "abcdefgh", 8) != 0;

    char *gone = malloc(16);
    free(gone); // LINE:free_out
    in = text;
    o = gone;
    inleft = 5;
    outleft = 8;
    iconv(cd, &in, &inleft, &o, &outleft); // LINE:out_freed

    size_t *left = malloc(sizeof *left);
    free(left); // LINE:free_left
    in = text;
    o = big;
    inleft = 5;
    errno = 0;
    bad |= iconv(cd, &in, &inleft, &o, left) != (size_t)-1 || errno != E2BIG; // LINE:left_freed
    bad |= inleft != 5;

    iconv_close(cd);
    free(out);
    free(src);
    free(big);
    return bad;
}
