/* A guarded block (guard_size=24): memcpy writes two bytes past its end,
 * into the slack before the guard page (reported at the call; on a guarded
 * block the slack is repainted), then the program writes into the guard
 * page itself: that is caught there too, and the program goes on.  The
 * first report must not leave the guard page looking open (the second
 * fault would then kill the program). */
// OPTIONS: guard_size=24:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 26 bytes at 0x{{[0-9a-f]+}} by memcpy, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:slack:
// CHECK: WRITE past the end of the block (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:guard:
// CHECK: survived
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-buffer-overflow)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char data[40];
    memset(data, 'A', sizeof data);
    char *r = malloc(24);
    memcpy(r, data, 26);          // LINE:slack
    ((volatile char *)r)[40] = 1; // LINE:guard
    fputs("survived\n", stderr);
    return 0;
}
