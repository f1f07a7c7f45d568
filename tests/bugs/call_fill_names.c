/* getdomainname, ptsname_r and wcsftime given a size past their block, and
 * wcsftime writing into a freed block.  The whole size given counts, as for
 * read (wcsftime's in wide characters): getdomainname(buf, 64) into a
 * 32-byte block is an overflow however short the domain's name.  Each is
 * reported at the call with the caller's line; the calls then run as
 * natively, and what they write stays within the blocks' redzones. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by getdomainname, 32 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getdomainname:
// CHECK: is located 0 bytes after the 32-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:getdomainname in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by ptsname_r, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ptsname_r:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by wcsftime, 32 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsftime:
// CHECK: is located 0 bytes after the 32-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by wcsftime of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsftime_uaf:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_ws:
// CHECK: alloc8: SUMMARY: 4 errors (3 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

int main(void)
{
    int bad = 0;
    char *d = malloc(32);
    bad |= getdomainname(d, 64) != 0; // LINE:getdomainname
    /* A pseudo-terminal's name, or (none to be had) a failed call: either
     * way the buffer is checked before it. */
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    char *p = malloc(24);
    int r = ptsname_r(fd, p, 40); // LINE:ptsname_r
    bad |= fd >= 0 && r != 0;
    time_t t = 0;
    struct tm tm;
    gmtime_r(&t, &tm);
    wchar_t *w = malloc(8 * sizeof(wchar_t));
    bad |= wcsftime(w, 16, L"%Y", &tm) != 4 || wcscmp(w, L"1970") != 0; // LINE:wcsftime
    wchar_t *old = malloc(16);
    free(old);                    // LINE:free_ws
    wcsftime(old, 4, L"%Y", &tm); // LINE:wcsftime_uaf
    free(d);
    free(p);
    free(w);
    if (fd >= 0)
        close(fd);
    return bad;
}
