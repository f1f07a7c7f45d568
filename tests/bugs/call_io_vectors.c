/* More buffer-taking calls, each given more than its block or a freed one:
 * readv and writev (each buffer of the vector whole, and the vector itself),
 * recvfrom and sendto, the _unlocked stdio calls, stpncpy (all n bytes,
 * padding included) and explicit_bzero before a block's start.  Each at the
 * call, with the caller's line; the calls then run as natively (checked by
 * the program: a wrong count fails it).  What they write stays within the
 * blocks' redzones. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by readv, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:readv:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by writev of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:writev:
// CHECK: READ of 32 bytes at 0x{{[0-9a-f]+}} by writev of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:vector:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_vector:
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by sendto, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sendto:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by recvfrom, 24 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:recvfrom:
// CHECK: WRITE of 50 bytes at 0x{{[0-9a-f]+}} by fread_unlocked, 10 of them past the end
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fread_unlocked:
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by fgets_unlocked, 32 of them past the end
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fgets_unlocked:
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by fwrite_unlocked of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fwrite_unlocked:
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by stpncpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stpncpy:
// CHECK: heap-buffer-underflow on address
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by explicit_bzero, 4 of them before the start
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:bzero:
// CHECK: alloc8: SUMMARY: 10 errors (6 heap-buffer-overflow, 1 heap-buffer-underflow,
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
    const char *path = "vectors.txt";
    FILE *out = fopen(path, "w");
    for (int i = 0; i < 20; i++)
        fputs("0123456789abcdefghijklmnopqrstuvwxyz\n", out);
    fclose(out);
    int bad = 0, p[2], sv[2];
    if (pipe(p) != 0 || write(p[1], "twenty-six bytes of input", 26) != 26)
        return 2;
    char *a = malloc(16), *b = malloc(10);
    struct iovec in[2] = {{a, 16}, {b, 20}};
    bad |= readv(p[0], in, 2) != 26;        // LINE:readv
    bad |= memcmp(b, " of input", 10) != 0; /* bytes 16..25, the NUL included */

    int null = open("/dev/null", 1);
    char *c = malloc(24);
    memset(c, 'c', 24);
    free(c);
    struct iovec one[1] = {{a, 16}};
    struct iovec two[1] = {{c, 24}};
    bad |= writev(null, one, 1) != 16;
    bad |= writev(null, two, 1) != 24; // LINE:writev
    struct iovec *vec = malloc(2 * sizeof *vec);
    vec[0] = one[0];
    vec[1] = one[0];
    free(vec);            // LINE:free_vector
    writev(null, vec, 2); // LINE:vector
    /* (its entries are free_fill now: the call fails with EFAULT) */

    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    char *d = malloc(20);
    memset(d, 'd', 20);
    bad |= sendto(sv[0], d, 24, 0, NULL, 0) != 24; // LINE:sendto
    char *e = malloc(40);
    bad |= recvfrom(sv[1], e, 64, 0, NULL, NULL) != 24; // LINE:recvfrom

    FILE *f = fopen(path, "r");
    char *g = malloc(40);
    bad |= fread_unlocked(g, 1, 50, f) != 50; // LINE:fread_unlocked
    char *h = malloc(32);
    bad |= fgets_unlocked(h, 64, f) == NULL; // LINE:fgets_unlocked
    fclose(f);
    FILE *nf = fopen("/dev/null", "w");
    char *k = malloc(16);
    memset(k, 'k', 16);
    free(k);
    bad |= fwrite_unlocked(k, 1, 16, nf) != 16; // LINE:fwrite_unlocked
    fclose(nf);

    char *m = malloc(16);
    bad |= stpncpy(m, "short", 20) != m + 5; // LINE:stpncpy
    char *x = malloc(32);
    explicit_bzero(x - 4, 8); // LINE:bzero
    close(null);
    unlink(path);
    return bad;
}
