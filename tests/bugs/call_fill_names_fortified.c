/* The fortified entries __getdomainname_chk and __ptsname_r_chk, as a
 * -O2 -D_FORTIFY_SOURCE=2 build calls them for a 64-byte member of a struct
 * whose block is only 24 bytes (allocated short where the compiler cannot
 * see), so glibc's own test passes (40 bytes fit in 64) and the bytes past
 * the block go unnoticed natively.  Both are checked against the block, as
 * the plain calls are; SUMMARY names the program's line. */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __getdomainname_chk, 16 of them past the end of the block
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:getdomainname in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __ptsname_r_chk, 16 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:ptsname_r in main
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-buffer-overflow)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/* name is not the last member: the compiler takes its size as 64. */
struct rec {
    char name[64];
    int id;
};

/* A length the compiler cannot see: a constant 40 <= 64 would be proven
 * safe and compiled to the plain call. */
static volatile size_t v_forty = 40;

/* 24 bytes for a 68-byte struct: the bug.  noipa: the compiler must not
 * learn the block's size. */
__attribute__((noipa)) static void *short_rec(void) { return malloc(24); }

int main(void)
{
    size_t n = v_forty;
    int bad = 0;
    struct rec *r = short_rec();
    bad |= getdomainname(r->name, n) != 0; // LINE:getdomainname
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    r = short_rec();
    int e = ptsname_r(fd, r->name, n); // LINE:ptsname_r
    bad |= fd >= 0 && e != 0;
    return bad;
}
