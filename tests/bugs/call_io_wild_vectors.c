/* The vector and message calls given a vector or a struct msghdr the
 * program cannot read: each fails with EFAULT, as natively, and the checks
 * neither crash nor report.  A vector outside both the heap and the stack
 * (a global, an mmap'ed page) is still read, and its buffers checked: the
 * two overflows below are the only reports. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by readv, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:global_vector:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by sendmsg, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mapped_header:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-buffer-overflow)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static struct iovec g_vec[1];

/* The call failed with EFAULT, as it does natively. */
static int efault(long r) { return r == -1 && errno == EFAULT ? 0 : 1; }

int main(void)
{
    const char *path = "wild.txt";
    const char *text = "0123456789abcdefghijklmnopqrstuvwxyz";
    int bad = 0, sv[2];
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, text, 36) != 36 || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
        return 2;
    long page = sysconf(_SC_PAGESIZE);
    /* Two pages, the second PROT_NONE: gone is a page no call may read
     * (closed, not unmapped, so nothing else is mapped there meanwhile). */
    char *map =
        mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED || mprotect(map + page, (size_t)page, PROT_NONE) != 0)
        return 2;
    char *gone = map + page;
    char *buf = malloc(16);

    /* Wild vectors: a low address, an unmapped page, and an array whose
     * first entry is readable and whose second is not. */
    bad |= efault(readv(fd, (const struct iovec *)16, 1)); /* the low pages are never mapped */
    bad |= efault(writev(fd, (const struct iovec *)gone, 2));
    struct iovec *edge = (struct iovec *)gone - 1;
    *edge = (struct iovec){buf, 16};
    bad |= efault(preadv(fd, edge, 2, 0));
    bad |= efault(pwritev(fd, (const struct iovec *)gone, 1, 0));
    bad |= efault(preadv2(fd, (const struct iovec *)16, 1, 0, 0));
    bad |= efault(pwritev2(fd, (const struct iovec *)gone, 1, 0, 0));

    /* Wild message headers, and a readable one with a wild vector. */
    bad |= efault(recvmsg(sv[1], (struct msghdr *)gone, MSG_DONTWAIT));
    bad |= efault(sendmsg(sv[0], (const struct msghdr *)16, 0));
    struct msghdr wv = {.msg_iov = (struct iovec *)gone, .msg_iovlen = 1};
    bad |= efault(sendmsg(sv[0], &wv, 0));

    /* A vector in a global: read and checked, 10 bytes given as 20. */
    char *ten = malloc(10);
    g_vec[0] = (struct iovec){ten, 20};
    bad |= lseek(fd, 16, SEEK_SET) != 16;
    bad |= readv(fd, g_vec, 1) != 20; // LINE:global_vector
    bad |= memcmp(ten, text + 16, 10) != 0;

    /* A message header and its vector in an mmap'ed page: the same. */
    char *eight = malloc(8);
    memset(eight, 'e', 8);
    struct iovec *mv = (struct iovec *)map;
    *mv = (struct iovec){eight, 12};
    struct msghdr *mh = (struct msghdr *)(map + 64);
    *mh = (struct msghdr){.msg_iov = mv, .msg_iovlen = 1};
    bad |= sendmsg(sv[0], mh, 0) != 12; // LINE:mapped_header
    bad |= recv(sv[1], buf, 16, 0) != 12 || memcmp(buf, "eeeeeeee", 8) != 0;

    free(ten);
    free(eight);
    free(buf);
    close(fd);
    unlink(path);
    printf("%s\n", bad ? "FAIL" : "ok");
    return bad;
}
