/* The vector calls with an offset and the message calls, each given more
 * than its block or a freed one: preadv and preadv2 (each buffer of the
 * vector written whole), pwritev and pwritev2 (read whole), recvmsg (its
 * vector's buffers and its control data written whole) and sendmsg (its
 * vector's buffers and its address read whole).  Each at the call, with the
 * caller's line; the calls then run as natively (checked by the program: a
 * wrong count or wrong data fails it).  What they write stays within the
 * blocks' redzones. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by preadv, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:preadv:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by pwritev of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pwritev:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_c:
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by preadv2, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:preadv2:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by pwritev2, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pwritev2:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by recvmsg, 12 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recvmsg_iov:
// CHECK: is located 0 bytes after the 20-byte block
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by recvmsg, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recvmsg_control:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by sendmsg of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sendmsg_iov:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_k:
// CHECK: READ of 110 bytes at 0x{{[0-9a-f]+}} by sendmsg, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sendmsg_name:
// CHECK: is located 0 bytes after the 100-byte block
// CHECK: alloc8: SUMMARY: 8 errors (6 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
    const char *path = "msg.txt", *sock = "msg.sock";
    const char *text = "0123456789abcdefghijklmnopqrstuvwxyz"; /* 36 bytes */
    int bad = 0, sv[2];
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, text, 36) != 36)
        return 2;

    char *a = malloc(16), *b = malloc(10);
    struct iovec in[2] = {{a, 16}, {b, 20}};
    bad |= preadv(fd, in, 2, 0) != 36; // LINE:preadv
    bad |= memcmp(a, text, 16) != 0 || memcmp(b, text + 16, 10) != 0;

    char *c = malloc(24);
    memset(c, 'c', 24);
    free(c); // LINE:free_c
    struct iovec out[2] = {{a, 16}, {c, 24}};
    bad |= pwritev(fd, out, 2, 36) != 40; // LINE:pwritev

    char *m = malloc(8);
    struct iovec one = {m, 12};
    bad |= preadv2(fd, &one, 1, 4, 0) != 12; // LINE:preadv2
    bad |= memcmp(m, text + 4, 8) != 0;

    char *n = malloc(12);
    memset(n, 'n', 12);
    struct iovec two = {n, 16};
    bad |= pwritev2(fd, &two, 1, 76, 0) != 16; // LINE:pwritev2

    /* recvmsg: a datagram of 24 bytes into a 20-byte block given as 32 */
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0 || send(sv[0], text, 24, 0) != 24)
        return 2;
    char *r = malloc(20);
    struct iovec rv = {r, 32};
    struct msghdr rm = {.msg_iov = &rv, .msg_iovlen = 1};
    bad |= recvmsg(sv[1], &rm, 0) != 24; // LINE:recvmsg_iov
    bad |= rm.msg_flags != 0 || memcmp(r, text, 20) != 0;

    /* A file descriptor passed, its control message received into a 16-byte
     * block given as CMSG_SPACE(sizeof(int)) = 24 bytes. */
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } cs;
    struct iovec sv8 = {(void *)text, 8};
    struct msghdr sm = {
        .msg_iov = &sv8, .msg_iovlen = 1, .msg_control = cs.buf, .msg_controllen = sizeof cs.buf};
    struct cmsghdr *ch = CMSG_FIRSTHDR(&sm);
    ch->cmsg_level = SOL_SOCKET;
    ch->cmsg_type = SCM_RIGHTS;
    ch->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(ch), &fd, sizeof fd);
    bad |= sendmsg(sv[0], &sm, 0) != 8; /* correct: no report */
    char *ctl = malloc(16);
    struct iovec rv8 = {r, 8};
    struct msghdr cm = {.msg_iov = &rv8,
                        .msg_iovlen = 1,
                        .msg_control = ctl,
                        .msg_controllen = CMSG_SPACE(sizeof(int))};
    bad |= recvmsg(sv[1], &cm, 0) != 8; // LINE:recvmsg_control
    struct cmsghdr *got = CMSG_FIRSTHDR(&cm);
    if (got == NULL)
        return 3;
    bad |= cm.msg_flags != 0 || cm.msg_controllen != CMSG_SPACE(sizeof(int));
    bad |= got->cmsg_type != SCM_RIGHTS || got->cmsg_len != CMSG_LEN(sizeof(int));
    bad |= close(*(int *)CMSG_DATA(got)) != 0; /* the descriptor, past the block's end */

    char *k = malloc(16);
    memset(k, 'k', 16);
    free(k); // LINE:free_k
    struct iovec kv = {k, 16};
    struct msghdr km = {.msg_iov = &kv, .msg_iovlen = 1};
    bad |= sendmsg(sv[0], &km, 0) != 16; // LINE:sendmsg_iov
    bad |= recv(sv[1], r, 20, 0) != 16;

    /* sendmsg to a bound address: a struct sockaddr_un cut short (100 of its
     * 110 bytes), given whole; the kernel reads the path up to its NUL. */
    int rx = socket(AF_UNIX, SOCK_DGRAM, 0), tx = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un here = {.sun_family = AF_UNIX};
    strcpy(here.sun_path, sock);
    unlink(sock);
    if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&here, sizeof here) != 0)
        return 2;
    struct sockaddr_un *to = malloc(100);
    to->sun_family = AF_UNIX;
    strcpy(to->sun_path, sock);
    struct iovec tv = {(void *)text, 10};
    struct msghdr tm = {.msg_name = to, .msg_namelen = sizeof *to, .msg_iov = &tv, .msg_iovlen = 1};
    bad |= sendmsg(tx, &tm, 0) != 10; // LINE:sendmsg_name
    bad |= recv(rx, r, 20, 0) != 10 || memcmp(r, text, 10) != 0;

    close(fd), close(rx), close(tx), close(sv[0]), close(sv[1]);
    unlink(sock);
    unlink(path);
    return bad;
}
