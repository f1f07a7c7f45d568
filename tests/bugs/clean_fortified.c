/* Correct use of every fortified entry alloc8 checks, built with
 * -D_FORTIFY_SOURCE=3 (so each call carries its block's size), at the very
 * edge of blocks that end at a guard page (guard_size=1-64): no report,
 * and each call answers as natively (a wrong answer fails the program). */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=3
// OPTIONS: guard_size=1-64
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK-NOT: buffer overflow detected
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The same 12, read twice: the compiler cannot prove a call safe, so
 * every one goes through its fortified entry. */
static volatile size_t v_size = 12, v_len = 12;

int main(void)
{
    size_t size = v_size, n = v_len; /* blocks of size bytes, calls use n (all) */
    int bad = 0, sv[2];
    char text[] = "hello world"; /* 11 + NUL: n bytes */
    char *a = malloc(size), *b = malloc(size);
    memcpy(a, text, n);
    bad |= memcmp(a, text, n) != 0;
    memmove(b, a, n);
    bad |= (char *)mempcpy(b, a, n) != b + n;
    memset(b, 'b', n);
    bad |= b[n - 1] != 'b';
    explicit_bzero(b, n);
    bad |= b[0] != 0;
    bad |= strcpy(b, a) != b || strcmp(b, text) != 0;
    bad |= stpcpy(b, a) != b + 11;
    strncpy(b, "hi", n); /* pads to n */
    bad |= b[n - 1] != 0;
    bad |= stpncpy(b, "hello", n) != b + 5;
    strcpy(b, "hello");
    strcat(b, " world");
    bad |= strcmp(b, text) != 0;
    strcpy(b, "hello");
    strncat(b, " world and more", 6);
    bad |= strcmp(b, text) != 0;
    bad |= snprintf(b, n, "%s", "hello world!!") != 13 || strcmp(b, text) != 0;
    bad |= sprintf(b, "%s", text) != 11;

    int fd = open("/proc/self/exe", O_RDONLY);
    bad |= read(fd, b, n) != (ssize_t)n || memcmp(b + 1, "ELF", 3) != 0;
    bad |= pread(fd, b, n, 0) != (ssize_t)n;
    bad |= pread64(fd, b, n, 0) != (ssize_t)n;
    close(fd);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    bad |= write(sv[0], text, 12) != 12 || write(sv[0], text, 12) != 12;
    bad |= recv(sv[1], b, n, 0) != (ssize_t)n || strcmp(b, text) != 0;
    bad |= recvfrom(sv[1], b, n, 0, NULL, NULL) != (ssize_t)n || strcmp(b, text) != 0;
    FILE *f = fopen("/proc/self/exe", "r");
    bad |= fread(b, 1, n, f) != n;
    bad |= fread_unlocked(b, 1, n, f) != n;
    bad |= fgets(b, (int)n, f) == NULL;
    bad |= fgets_unlocked(b, (int)n, f) == NULL;
    fclose(f);
    free(a);
    free(b);
    return bad;
}
