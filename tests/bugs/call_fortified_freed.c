/* Built with -D_FORTIFY_SOURCE=3, the compiler knows each block's size from
 * its malloc (a size only known at run time) and calls the fortified entry
 * with it: __memcpy_chk(p, s, 8, 24).  glibc's own check passes, 8 bytes fit
 * in 24, but the block was freed before the call.  alloc8 reports each use
 * after free with the entry's name, the caller's line and the free's stack.
 * The data goes into the quarantined blocks; the calls' results are checked
 * by the program (a wrong one fails it). */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=3
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __memcpy_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memcpy:
// CHECK: is located 0 bytes inside the 24-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:memcpy in main
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __memmove_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memmove:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __mempcpy_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mempcpy:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __memset_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memset:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __read_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:read:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __pread_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pread:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __pread64_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pread64:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __recv_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recv:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __recvfrom_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recvfrom:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __fread_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fread:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __fread_unlocked_chk of the block after
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fread_unlocked:
// CHECK: alloc8: SUMMARY: 11 errors (11 heap-use-after-free)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Sizes the compiler cannot fold: with constants it would prove the
 * calls safe and use the plain entries. */
static volatile size_t v_size = 24, v_len = 8;

int main(void)
{
    size_t size = v_size, n = v_len;
    const char *text = "0123456789abcdef";
    FILE *out = fopen("fortified3.txt", "w");
    fputs("0123456789abcdefghijklmnopqrstuvwxyz\n", out);
    fclose(out);
    int fd = open("fortified3.txt", O_RDONLY), sv[2], bad = 0;
    FILE *f = fopen("fortified3.txt", "r");
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    bad |= write(sv[0], text, 16) != 16;
    char *p;

    p = malloc(size);
    free(p);            // LINE:free
    memcpy(p, text, n); // LINE:memcpy
    p = malloc(size);
    free(p);
    memmove(p, text, n); // LINE:memmove
    p = malloc(size);
    free(p);
    bad |= (char *)mempcpy(p, text, n) != p + 8; // LINE:mempcpy
    p = malloc(size);
    free(p);
    memset(p, 0, n); // LINE:memset
    p = malloc(size);
    free(p);
    bad |= read(fd, p, n) != 8; // LINE:read
    p = malloc(size);
    free(p);
    bad |= pread(fd, p, n, 0) != 8; // LINE:pread
    p = malloc(size);
    free(p);
    bad |= pread64(fd, p, n, 0) != 8; // LINE:pread64
    p = malloc(size);
    free(p);
    bad |= recv(sv[1], p, n, 0) != 8; // LINE:recv
    p = malloc(size);
    free(p);
    bad |= recvfrom(sv[1], p, n, 0, NULL, NULL) != 8; // LINE:recvfrom
    p = malloc(size);
    free(p);
    bad |= fread(p, 1, n, f) != 8; // LINE:fread
    p = malloc(size);
    free(p);
    bad |= fread_unlocked(p, 1, n, f) != 8; // LINE:fread_unlocked

    fclose(f);
    close(fd);
    unlink("fortified3.txt");
    return bad;
}
