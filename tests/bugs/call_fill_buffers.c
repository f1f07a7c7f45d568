/* The calls that fill a buffer the program sizes: getcwd, readlink,
 * readlinkat, gethostname, getlogin_r, ttyname_r, confstr, getrandom,
 * getentropy, strftime, inet_ntop and fgetws, each given a size past its
 * block; realpath, ctime_r and asctime_r given a block shorter than the
 * PATH_MAX or 26 bytes they may write; then a write into a freed block
 * (getcwd) and a read of a freed address (inet_ntop's source).  The whole
 * size counts, as with read: getcwd(buf, 40) into a 24-byte block is an
 * overflow even when the directory's name is short.  Each is reported at the
 * call with the caller's line, and the call then runs as natively (its
 * result is checked by the program).  What the calls write stays within the
 * blocks' redzones, so nothing else is damaged. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by getcwd, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getcwd:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:getcwd in main
// CHECK: WRITE of 30 bytes at 0x{{[0-9a-f]+}} by readlink, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:readlink:
// CHECK: is located 0 bytes after the 20-byte block
// CHECK: WRITE of 30 bytes at 0x{{[0-9a-f]+}} by readlinkat, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:readlinkat:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by gethostname, 32 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:gethostname:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by getlogin_r, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getlogin_r:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by ttyname_r, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ttyname_r:
// CHECK: WRITE of 48 bytes at 0x{{[0-9a-f]+}} by confstr, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:confstr:
// CHECK: WRITE of 4096 bytes at 0x{{[0-9a-f]+}} by realpath, 4032 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:realpath:
// CHECK: is located 0 bytes after the 64-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by getrandom, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getrandom:
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by getentropy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getentropy:
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by strftime, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strftime:
// CHECK: WRITE of 46 bytes at 0x{{[0-9a-f]+}} by inet_ntop, 30 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:inet_ntop:
// CHECK: WRITE of 26 bytes at 0x{{[0-9a-f]+}} by ctime_r, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ctime_r:
// CHECK: WRITE of 26 bytes at 0x{{[0-9a-f]+}} by asctime_r, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:asctime_r:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by fgetws, 32 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fgetws:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by getcwd of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getcwd_uaf:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_cwd:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by inet_ntop of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:inet_uaf:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_addr:
// CHECK: alloc8: SUMMARY: 17 errors (15 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

int main(void)
{
    int bad = 0;
    char cwd[PATH_MAX], dir[] = "/tmp/a8XXXXXX"; /* a short name: getcwd's fits */
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 2;
    char *a = malloc(24);
    bad |= getcwd(a, 40) == NULL; // LINE:getcwd
    if (symlink("tgt", "lnk") != 0 && unlink("lnk") == 0 && symlink("tgt", "lnk") != 0)
        return 2;
    char *b = malloc(20);
    bad |= readlink("lnk", b, 30) != 3 || memcmp(b, "tgt", 3) != 0; // LINE:readlink
    bad |= readlinkat(AT_FDCWD, "lnk", b, 30) != 3;                 // LINE:readlinkat
    unlink("lnk");
    char *c = malloc(32);
    bad |= gethostname(c, 64) != 0; // LINE:gethostname
    char *d = malloc(32);
    /* No login name or terminal in a test run: their results vary. */
    getlogin_r(d, 40);                    // LINE:getlogin_r
    ttyname_r(0, d, 40);                  // LINE:ttyname_r
    bad |= confstr(_CS_PATH, d, 48) == 0; // LINE:confstr
    char *e = malloc(64);
    bad |= realpath("/", e) == NULL || strcmp(e, "/") != 0; // LINE:realpath
    char *f = malloc(16);
    bad |= getrandom(f, 20, 0) != 20; // LINE:getrandom
    bad |= getentropy(f, 20) != 0;    // LINE:getentropy
    struct tm tm = {.tm_year = 100, .tm_mday = 1};
    bad |= strftime(f, 32, "%Y", &tm) != 4 || strcmp(f, "2000") != 0; // LINE:strftime
    unsigned char addr4[4] = {10, 1, 2, 3};
    const char *txt = inet_ntop(AF_INET, addr4, f, INET6_ADDRSTRLEN); // LINE:inet_ntop
    bad |= txt == NULL || strcmp(f, "10.1.2.3") != 0;
    char *g = malloc(24);
    time_t t = 0;
    bad |= ctime_r(&t, g) == NULL;    // LINE:ctime_r
    bad |= asctime_r(&tm, g) == NULL; // LINE:asctime_r
    FILE *w = fopen("wide.txt", "w");
    fputs("wide\n", w);
    fclose(w);
    w = fopen("wide.txt", "r"); /* a new stream: fputs made that one byte-oriented */
    wchar_t *ws = malloc(32);
    bad |= fgetws(ws, 16, w) == NULL || wcscmp(ws, L"wide\n") != 0; // LINE:fgetws
    fclose(w);
    unlink("wide.txt");
    char *h = malloc(64);
    free(h);                      // LINE:free_cwd
    bad |= getcwd(h, 64) == NULL; // LINE:getcwd_uaf
    unsigned char *ip = malloc(4);
    memcpy(ip, addr4, 4);
    free(ip);                                // LINE:free_addr
    inet_ntop(AF_INET, ip, cwd, sizeof cwd); // LINE:inet_uaf
    chdir("/");
    rmdir(dir);
    return bad;
}
