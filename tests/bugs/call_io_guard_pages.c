/* The buffer-taking calls on guarded blocks (guard_size=24: every 24-byte
 * block ends at a guard page, a freed one is closed whole).  The kernel does
 * not fault on a closed page, it fails the call: read into a guarded block
 * past its end, and write out of a freed one, are reported at the call and
 * the pages opened first, so both return what they return natively (the
 * program checks: a short count fails it); a write out of a freed block
 * that runs on past it gets its guard page opened too, with the block.  snprintf, which wrote less
 * than its length and so never reached the guard page, is reported at the call too.  strlen running
 * into the guard page is reported once, by the fault, not again by the call's own check; strcmp
 * that stops at the first byte is not reported at all (its check reads only what the comparison
 * needed). */
// OPTIONS: guard_size=24
// EXIT: 23
// CHECK: WRITE of 100 bytes at 0x{{[0-9a-f]+}} by read, 76 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:read:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by write of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:write:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: READ of 40 bytes at 0x{{[0-9a-f]+}} by write of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:write_past:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ {{.*}}(caught by a guard page)
// CHECK: in main {{\S*}}@LINE:strlen:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by snprintf, 40 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:snprintf:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ {{.*}}(caught by a guard page)
// CHECK: in main {{\S*}}@LINE:fprintf:
// CHECK: alloc8: SUMMARY: 6 errors (4 heap-buffer-overflow, 2 heap-use-after-free)
// CHECK-NOT: by fprintf
// CHECK-NOT: by strlen
// CHECK-NOT: by strcmp
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    char data[40];
    for (int i = 0; i < 40; i++)
        data[i] = (char)('A' + i);
    int p[2], bad = 0;
    if (pipe(p) != 0 || write(p[1], data, 40) != 40)
        return 2;
    char *a = malloc(24);
    bad |= read(p[0], a, 100) != 40;         // LINE:read
    bad |= a[0] != 'A' || a[39] != data[39]; /* all 40 landed, as natively */
    char *c = malloc(24);
    memset(c, 'c', 24);
    free(c); // LINE:free
    int null = open("/dev/null", O_WRONLY);
    bad |= write(null, c, 24) != 24; // LINE:write
    char *c2 = malloc(24);
    free(c2);
    /* 24 bytes of the block and 16 of its guard page: all 40 go into the
     * pipe, as natively (a short count if the guard page stayed closed) */
    ssize_t w = write(p[1], c2, 40); // LINE:write_past
    bad |= w != 40 || read(p[0], data, 40) != 40;
    char *s = malloc(24);
    memset(s, 's', 24);    /* no NUL: strlen runs on into the guard page */
    bad |= strlen(s) < 24; // LINE:strlen
    char *t = malloc(24);
    memset(t, 't', 24);
    bad |= strcmp(t, "x") >= 0;
    char *g = malloc(24);
    bad |= snprintf(g, 64, "%d", 7) != 1 || g[0] != '7'; // LINE:snprintf
    /* fprintf's %s: the check's own strlen faults in the guard page and is
     * reported there; the check then says nothing more */
    char *q = malloc(24);
    memset(q, 'q', 24);
    FILE *nf = fopen("/dev/null", "w");
    fprintf(nf, "%s", q); // LINE:fprintf
    fclose(nf);
    return bad;
}
