/* strerror_r (GNU's and POSIX's), getpwuid_r, getpwnam_r, getgrgid_r and
 * getgrnam_r given buffers their sizes do not fit, a freed buffer, an entry
 * struct allocated short, a result word in a freed block, a freed name and
 * an unterminated one (read to its NUL).  The buffer sizes
 * count whole, as read's length: getpwuid_r's 64-byte block passed as 1024
 * bytes is an overflow however short root's entry.  Each is reported at the
 * call with the caller's line; the calls then run as natively (what they
 * write fits where they write it). */
// OPTIONS: guard_max=0:detect_leaks=0:free_fill=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by strerror_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strerror_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_msg:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 128 bytes at 0x{{[0-9a-f]+}} by __xpg_strerror_r, 64 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:xpg_short:
// CHECK: is located 0 bytes after the 64-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 1024 bytes at 0x{{[0-9a-f]+}} by getpwuid_r, 960 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pwuid_buf:
// CHECK: is located 0 bytes after the 64-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 48 bytes at 0x{{[0-9a-f]+}} by getpwnam_r, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pwnam_ent:
// CHECK: is located 0 bytes after the 40-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by getgrgid_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:grgid_result:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_res:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by getpwnam_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pwnam_name:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_name:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by getgrnam_r, {{[0-9]+}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:grnam_name:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: alloc8: SUMMARY: 7 errors (4 heap-buffer-overflow, 3 heap-use-after-free)
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

int __xpg_strerror_r(int err, char *buf, size_t buflen); /* <string.h>'s without _GNU_SOURCE */

int main(void)
{
    int bad = 0;
    char *msg = malloc(32);
    free(msg);                   // LINE:free_msg
    strerror_r(ENOENT, msg, 32); // LINE:strerror_freed

    char *xbuf = malloc(64);
    bad |= __xpg_strerror_r(ENOENT, xbuf, 128) != 0; // LINE:xpg_short
    bad |= strcmp(xbuf, "No such file or directory") != 0;

    struct passwd pw, *pres = NULL;
    char *pbuf = malloc(64);
    bad |= getpwuid_r(0, &pw, pbuf, 1024, &pres) != 0; // LINE:pwuid_buf
    bad |= pres != &pw || strcmp(pw.pw_name, "root") != 0;

    /* A struct passwd is 48 bytes. */
    struct passwd *shortpw = malloc(sizeof(struct passwd) - 8);
    char *nbuf = malloc(1024);
    getpwnam_r("no-such-user-alloc8", shortpw, nbuf, 1024, &pres); // LINE:pwnam_ent
    bad |= pres != NULL;

    struct group gr;
    struct group **gres = malloc(sizeof *gres);
    free(gres); // LINE:free_res
    char *gbuf = malloc(1024);
    bad |= getgrgid_r(0, &gr, gbuf, 1024, gres) != 0; // LINE:grgid_result
    bad |= strcmp(gr.gr_name, "root") != 0;

    char *who = strdup("root");
    free(who);                               // LINE:free_name
    getpwnam_r(who, &pw, nbuf, 1024, &pres); // LINE:pwnam_name
    struct group *pgr;
    char *unterminated = malloc(4);
    memcpy(unterminated, "root", 4);
    getgrnam_r(unterminated, &gr, gbuf, 1024, &pgr); // LINE:grnam_name

    free(xbuf), free(pbuf), free(shortpw), free(nbuf), free(gbuf), free(unterminated);
    return bad;
}
