/* The strings printf and its family read for %s, and puts' string: an
 * unterminated 8-byte string printed with a precision of 9 (one byte past
 * its block, into its redzone, whose 0xfb is no NUL) after arguments of
 * every other kind (a misread one would check the wrong pointer), with the
 * width and precision given as arguments, through a vfprintf wrapper of
 * the program's, through snprintf, dprintf and asprintf; a freed string in
 * fprintf and fputs; puts of the unterminated string.  Each at the call,
 * with the caller's line. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by printf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:kinds:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by printf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:star:
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by vfprintf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in say {{\S*}}@LINE:vf:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:say:
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by snprintf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:snprintf:
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by dprintf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:dprintf:
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by asprintf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:asprintf:
// CHECK: alloc8: ERROR: heap-use-after-free on address
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by fprintf of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fprintf:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by fputs of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fputs:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by puts, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:puts:
// CHECK: alloc8: SUMMARY: 9 errors (7 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *null_out;

static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(null_out, fmt, ap); // LINE:vf
    va_end(ap);
}

int main(void)
{
    null_out = fopen("/dev/null", "w");
    int fd = open("/dev/null", O_WRONLY), count = 0, bad = 0;
    char *s = malloc(8);
    memcpy(s, "ABCDEFGH", 8); /* no NUL */
    char *good = strdup("fine");
    const char *kinds = "%d %ld %lld %hhd %zu %c %5.2f %Lf %p %-*s %n%b %.9s|\n";
    void *p = good;
    size_t z = 5;
    printf(kinds, 1, 2L, 3LL, 4, z, 'c', 6.5, 7.5L, p, 6, good, &count, 5, s); // LINE:kinds
    bad |= count == 0;
    printf("[%*.*s]\n", 12, 9, s); // LINE:star
    say("%s %.9s\n", good, s);     // LINE:say
    char buf[32];
    bad |= snprintf(buf, sizeof buf, "%.9s", s) != 9; // LINE:snprintf
    bad |= dprintf(fd, "%.9s", s) != 9;               // LINE:dprintf
    char *out = NULL;
    bad |= asprintf(&out, "%.9s", s) != 9; // LINE:asprintf
    char *u = strdup("freed string");
    free(u);                        // LINE:free
    fprintf(null_out, "%.4s\n", u); // LINE:fprintf
    fputs(u, null_out);             // LINE:fputs
    fflush(stdout);
    puts(s); // LINE:puts
    fclose(null_out);
    close(fd);
    return bad;
}
