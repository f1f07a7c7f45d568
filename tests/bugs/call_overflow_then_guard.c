/* A guarded block (guard_size=24): memcpy writes two bytes past its end,
 * into the slack before the guard page.  Reported at the call; the bytes
 * stay (the string's NUL is there: strlen answers 24, as natively, its read
 * of that NUL reported in turn), and
 * the guard page is opened as after a fault there, so the block's later
 * writes past its end are this one reported bug: the program goes on.
 * (Marking the block opened while its page stayed closed killed the
 * program at that write.) */
// OPTIONS: guard_size=24:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 25 bytes at 0x{{[0-9a-f]+}} by memcpy, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:slack:
// CHECK: READ of 25 bytes at 0x{{[0-9a-f]+}} by strlen, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:len:
// CHECK: survived
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-buffer-overflow)
// CHECK-NOT: caught by a guard page
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char data[40];
    memset(data, 'A', sizeof data);
    data[24] = '\0';
    char *r = malloc(24);
    memcpy(r, data, 25);          // LINE:slack
    int bad = strlen(r) != 24;    // LINE:len
    for (int i = 25; i < 40; i++) /* on into what was the guard page */
        ((volatile char *)r)[i] = 1;
    fputs("survived\n", stderr);
    return bad;
}
