/* The classic off-by-one, malloc(strlen(s)) then a copy of s with its NUL:
 * reported at the memcpy.  The byte written past the end stays where the
 * program put it, as in malloc's slack natively, so the string still ends
 * there: strlen answers 5 (the read of that NUL is reported too, once).
 * The block's free reports nothing more: its right zone holds this one
 * reported bug.  A later, different block still has its zone checked. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by memcpy, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:copy:
// CHECK: READ of 6 bytes at 0x{{[0-9a-f]+}} by strlen, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:len:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address
// CHECK: 1 bytes written past the end were found at free: 78 (expected fb)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_other:
// CHECK: alloc8: SUMMARY: 3 errors (3 heap-buffer-overflow)
#include <stdlib.h>
#include <string.h>

int main(void)
{
    const char *s = "plums";
    char *p = malloc(strlen(s));
    memcpy(p, s, 6);                       // LINE:copy
    int bad = strlen(p) != 5 || p[5] != 0; // LINE:len
    free(p);
    char *q = malloc(8);
    q[8] = 'x'; /* not through a checked call: found at free */
    free(q);    // LINE:free_other
    return bad;
}
