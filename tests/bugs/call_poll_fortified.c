/* Built with _FORTIFY_SOURCE, poll and ppoll on an array whose size the
 * compiler knows, with a count it does not (so it cannot prove the call
 * safe), go to glibc's __poll_chk and __ppoll_chk, which compare nfds with
 * that size and nothing else.  Arrays of the right size, but
 * freed: glibc's test passes, and alloc8 reports each use after free at the
 * call, naming the fortified entry, with the caller's line. */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by __poll_chk of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in poll {{\S*}}poll2.h:{{.*}}[inlined]
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:poll_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_a:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by __ppoll_chk of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in ppoll {{\S*}}poll2.h:{{.*}}[inlined]
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ppoll_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_b:
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-use-after-free)
#define _GNU_SOURCE
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    int fds[2];
    volatile nfds_t n = 2;
    if (pipe(fds) != 0)
        return 2;
    struct pollfd *a = malloc(2 * sizeof *a), *b = malloc(2 * sizeof *b);
    a[0] = a[1] = b[0] = b[1] = (struct pollfd){.fd = fds[1], .events = POLLOUT};
    free(a);                                     // LINE:free_a
    poll(a, n, 0);                               // LINE:poll_freed
    free(b);                                     // LINE:free_b
    ppoll(b, n, &(struct timespec){0, 0}, NULL); // LINE:ppoll_freed
    return 0;
}
