/* The calls that take a buffer and its length, given a length past the
 * block or a freed block: read, pread and recv writing into it, write and
 * send reading from it, fread, fgets and snprintf.  The whole length counts,
 * as with glibc's _FORTIFY_SOURCE checks: the read of 100 bytes from a pipe
 * holding 12 is reported too.  sprintf's output is checked after (it has no
 * length).  Each at the call, with the caller's line; the calls then run as
 * they would natively (checked by the program: a wrong count fails it).
 * The data stays within the blocks' redzones, so nothing else is damaged. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: WRITE of 100 bytes at 0x{{[0-9a-f]+}} by read, 90 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:read:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by pread, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pread:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by write of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:write:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by send, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:send:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by recv, 24 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recv:
// CHECK: WRITE of 50 bytes at 0x{{[0-9a-f]+}} by fread, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fread:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by fgets, 32 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fgets:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by snprintf, 44 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:snprintf:
// CHECK: WRITE of 26 bytes at 0x{{[0-9a-f]+}} by sprintf, 6 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sprintf:
// CHECK: is located 0 bytes after the 20-byte block
// CHECK: alloc8: SUMMARY: 9 errors (8 heap-buffer-overflow, 1 heap-use-after-free)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    const char *path = "data.txt";
    FILE *out = fopen(path, "w");
    for (int i = 0; i < 20; i++)
        fputs("0123456789abcdefghijklmnopqrstuvwxyz\n", out);
    fclose(out);
    int fd = open(path, O_RDONLY), bad = 0, p[2];
    if (pipe(p) != 0 || write(p[1], "twelve bytes", 12) != 12)
        return 2;
    char *a = malloc(10);
    bad |= read(p[0], a, 100) != 12; // LINE:read
    char *b = malloc(32);
    bad |= pread(fd, b, 40, 0) != 40; // LINE:pread
    bad |= memcmp(b, "0123456789", 10) != 0;
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    char *c = malloc(24);
    memset(c, 'c', 24);
    free(c);                          // LINE:free
    bad |= write(sv[0], c, 24) != 24; // LINE:write
    char *d = malloc(20);
    memset(d, 'd', 20);
    bad |= send(sv[0], d, 24, 0) != 24; // LINE:send
    char *e = malloc(40);
    bad |= recv(sv[1], e, 64, 0) != 48; // LINE:recv
    FILE *f = fopen(path, "r");
    char *g = malloc(40);
    bad |= fread(g, 1, 50, f) != 50; // LINE:fread
    char *h = malloc(32);
    bad |= fgets(h, 64, f) == NULL; // LINE:fgets
    char *k = malloc(20);
    bad |= snprintf(k, 64, "%d", 42) != 2 || strcmp(k, "42") != 0; // LINE:snprintf
    bad |= sprintf(k, "%s", "0123456789012345678901234") != 25;    // LINE:sprintf
    fclose(f);
    close(fd);
    unlink(path);
    return bad;
}
