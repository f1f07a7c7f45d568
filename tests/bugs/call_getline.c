/* getline and getdelim given a buffer its size does not fit, a freed
 * buffer, and the size kept in a freed block.  *n is the program's word for
 * the buffer's size, and counts whole, as read's length: a 16-byte block
 * passed with *n = 64 is an overflow however short the line.  Each is
 * reported at the call with the caller's line; the calls then run as
 * natively (the lines read fit where they are written). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by getline, 48 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getline_short:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:getline_short in main
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by getdelim of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getdelim_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_buf:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by getline of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getline_n_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_n:
// CHECK: alloc8: SUMMARY: 3 errors (1 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    int bad = 0;
    FILE *fp = tmpfile();
    if (!fp || fputs("short\na:the rest of the file\n", fp) < 0 || fseek(fp, 0, SEEK_SET) != 0)
        return 2;

    char *buf = malloc(16);
    size_t n = 64;
    bad |= getline(&buf, &n, fp) != 6 || strcmp(buf, "short\n") != 0; // LINE:getline_short

    char *gone = malloc(32);
    free(gone); // LINE:free_buf
    size_t gn = 32;
    bad |= getdelim(&gone, &gn, ':', fp) != 2; // LINE:getdelim_freed

    size_t *pn = malloc(sizeof *pn);
    free(pn); // LINE:free_n
    char *fresh = NULL;
    bad |= getline(&fresh, pn, fp) != 21; // LINE:getline_n_freed
    bad |= strcmp(fresh, "the rest of the file\n") != 0;

    free(fresh);
    free(buf);
    fclose(fp);
    return bad;
}
