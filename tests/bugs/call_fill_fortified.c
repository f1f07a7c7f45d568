/* The fortified entries of the buffer-filling calls, as Debian's -O2
 * -D_FORTIFY_SOURCE=2 builds call them where the compiler knows the size of
 * the destination object: here a 64-byte member of a struct whose block is
 * only 24 bytes (allocated short, in a function the compiler does not see
 * into), so glibc's own test passes (40 bytes fit in 64) and the bytes past
 * the block go unnoticed natively.  __getcwd_chk, __readlink_chk,
 * __readlinkat_chk, __gethostname_chk, __confstr_chk and __fgetws_chk are
 * checked against the block, as the plain calls are; __realpath_chk (given
 * a PATH_MAX member, which glibc's entry insists on) for the PATH_MAX bytes
 * realpath may write.  The stacks' first frame is the wrapper
 * inlined from glibc's headers; SUMMARY names the program's line.  What the
 * calls write stays within the blocks' redzones. */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __getcwd_chk, 16 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getcwd:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:getcwd in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __readlink_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:readlink:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __readlinkat_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:readlinkat:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __gethostname_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:gethostname:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __confstr_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:confstr:
// CHECK: WRITE of 4096 bytes at 0x{{[0-9a-f]+}} by __realpath_chk, 4072 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:realpath:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __fgetws_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fgetws:
// CHECK: alloc8: SUMMARY: 7 errors (7 heap-buffer-overflow)
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* name is not the last member: the compiler takes its size as 64. */
struct rec {
    char name[64];
    int id;
};
struct prec { /* realpath's fortified entry insists on PATH_MAX */
    char name[PATH_MAX];
    int id;
};
struct wrec {
    wchar_t name[16];
    int id;
};

/* Lengths the compiler cannot see: a constant 40 <= 64 would be proven
 * safe and compiled to the plain call. */
static volatile size_t v_forty = 40;

/* 24 bytes for a 68-byte struct: the bug.  noipa: the compiler must not
 * learn the block's size. */
__attribute__((noipa)) static void *short_rec(void) { return malloc(24); }

int main(void)
{
    size_t n = v_forty;
    char dir[] = "/tmp/a8XXXXXX"; /* a short name: getcwd's fits the block */
    if (!mkdtemp(dir) || chdir(dir) != 0 || symlink("tgt", "lnk") != 0)
        return 2;
    int bad = 0;
    struct rec *r;

    r = short_rec();
    bad |= getcwd(r->name, n) == NULL; // LINE:getcwd
    r = short_rec();
    bad |= readlink("lnk", r->name, n) != 3; // LINE:readlink
    r = short_rec();
    bad |= readlinkat(AT_FDCWD, "lnk", r->name, n) != 3; // LINE:readlinkat
    r = short_rec();
    bad |= gethostname(r->name, n) != 0; // LINE:gethostname
    r = short_rec();
    bad |= confstr(_CS_GNU_LIBC_VERSION, r->name, n) == 0; // LINE:confstr
    struct prec *p = short_rec();
    bad |= realpath("/", p->name) == NULL || strcmp(p->name, "/") != 0; // LINE:realpath
    FILE *w = fopen("wide.txt", "w");
    fputs("ab\n", w);
    fclose(w);
    w = fopen("wide.txt", "r");
    struct wrec *ws = short_rec();
    bad |= fgetws(ws->name, (int)n / (int)sizeof(wchar_t), w) == NULL; // LINE:fgetws
    fclose(w);
    unlink("wide.txt");
    unlink("lnk");
    chdir("/");
    rmdir(dir);
    return bad;
}
