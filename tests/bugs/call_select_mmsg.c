/* The multiplexing, multi-message and stream-buffer calls, given blocks
 * too short or freed: ppoll's array one entry past its block, select's
 * fd_set for 100 descriptors in an 8-byte block (the kernel takes 16 bytes
 * for them), pselect's timeout freed, recvmmsg's array one entry past its
 * block, sendmmsg with a message buffer freed, setvbuf's buffer shorter than
 * the size given and setbuf's freed.  Each is reported at the call, with the
 * caller's line; the calls then run as natively. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by ppoll, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ppoll_past:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by select, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:select_short:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by pselect of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pselect_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_ts:
// CHECK: WRITE of 128 bytes at 0x{{[0-9a-f]+}} by recvmmsg, 64 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recvmmsg_past:
// CHECK: is located 0 bytes after the 64-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 32 bytes at 0x{{[0-9a-f]+}} by sendmmsg of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sendmmsg_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_msg:
// CHECK: WRITE of 4096 bytes at 0x{{[0-9a-f]+}} by setvbuf, 3996 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setvbuf_short:
// CHECK: is located 0 bytes after the 100-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 8192 bytes at 0x{{[0-9a-f]+}} by setbuf of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setbuf_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_sb:
// CHECK: alloc8: SUMMARY: 7 errors (4 heap-buffer-overflow, 3 heap-use-after-free)
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    int bad = 0, fds[2];
    if (pipe(fds) != 0)
        return 2;
    struct pollfd *pf = malloc(sizeof *pf);
    pf[0] = (struct pollfd){.fd = fds[1], .events = POLLOUT};
    bad |= ppoll(pf, 2, &(struct timespec){0, 0}, NULL) < 0; // LINE:ppoll_past

    fd_set *rs = malloc(8);
    memset(rs, 0, 8);
    FD_SET(fds[0], rs);
    select(100, rs, NULL, NULL, &(struct timeval){0, 0}); // LINE:select_short

    struct timespec *ts = malloc(sizeof *ts);
    *ts = (struct timespec){0, 0};
    free(ts); // LINE:free_ts
    fd_set ws;
    FD_ZERO(&ws);
    FD_SET(fds[1], &ws);
    pselect(fds[1] + 1, NULL, &ws, NULL, ts, NULL); // LINE:pselect_freed

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
        return 2;
    struct mmsghdr *rv = malloc(sizeof *rv);
    char in[16];
    struct iovec riov = {in, sizeof in};
    memset(rv, 0, sizeof *rv);
    rv[0].msg_hdr.msg_iov = &riov;
    rv[0].msg_hdr.msg_iovlen = 1;
    recvmmsg(sv[0], rv, 2, MSG_DONTWAIT, NULL); // LINE:recvmmsg_past

    char *msg = malloc(32);
    memset(msg, 'm', 32);
    free(msg); // LINE:free_msg
    struct iovec siov = {msg, 32};
    struct mmsghdr sv1 = {.msg_hdr = {.msg_iov = &siov, .msg_iovlen = 1}};
    bad |= sendmmsg(sv[1], &sv1, 1, 0) != 1; // LINE:sendmmsg_freed

    FILE *f = fopen("/dev/null", "w");
    if (!f)
        return 2;
    char *vb = malloc(100);
    setvbuf(f, vb, _IOFBF, 4096); // LINE:setvbuf_short
    fclose(f);

    FILE *g = fopen("/dev/null", "w");
    if (!g)
        return 2;
    char *sb = malloc(BUFSIZ);
    free(sb);      // LINE:free_sb
    setbuf(g, sb); // LINE:setbuf_freed
    fclose(g);

    close(sv[0]), close(sv[1]), close(fds[0]), close(fds[1]);
    free(pf), free(rs), free(rv), free(vb);
    return bad;
}
