/* Built as Debian builds its packages (-O2 -D_FORTIFY_SOURCE=2), a program
 * calls the fortified entries (__strcpy_chk, __fgets_chk, ...) wherever the
 * compiler knows the size of the destination object.  Here that is the
 * 64-byte member of a struct whose block is only 24 bytes (allocated short,
 * in a function the compiler does not see into): glibc's own check passes
 * (40 bytes fit in 64) and the bytes past the block go unnoticed natively.
 * alloc8 checks each entry against the block, as it does the plain calls;
 * also a read past the source block through __memcpy_chk, which no fortify
 * check looks at, and __printf_chk's %s reading past an unterminated one.  (The entries the
 * compiler sizes by the whole object, memmove, read and the like, are in call_fortified_freed.c.)
 * The stacks' first frame is the wrapper inlined from glibc's headers; SUMMARY names the program's
 * line.  Every write stays within the block's redzone; the calls' results are checked by the
 * program (a wrong one fails it). */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __strcpy_chk, 16 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strcpy:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:strcpy in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __stpcpy_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stpcpy:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __strcat_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strcat:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __strncpy_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strncpy:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __stpncpy_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stpncpy:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __strncat_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strncat:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __explicit_bzero_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:bzero:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __fgets_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fgets:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __fgets_unlocked_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fgets_unlocked:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __snprintf_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:snprintf:
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __sprintf_chk, 16 of them past the end
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sprintf:
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by __memcpy_chk, 6 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:src:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:src in main
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by __printf_chk, 1 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:printf:
// CHECK: alloc8: SUMMARY: 13 errors (13 heap-buffer-overflow)
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* name is not the last member: the compiler takes its size as 64 (a last
 * array might run on past the struct). */
struct rec {
    char name[64];
    int id;
};

/* Lengths the compiler cannot see: a constant 40 <= 64 would be proven
 * safe and compiled to the plain call. */
static volatile size_t v_forty = 40, v_sixteen = 16;

/* 24 bytes for a 68-byte struct: the bug.  noipa: the compiler must not
 * learn the block's size. */
__attribute__((noipa)) static struct rec *short_rec(void) { return malloc(24); }

int main(void)
{
    size_t n = v_forty;
    char text[64], dst[64];
    memset(text, 'x', 39);
    text[39] = '\0';
    FILE *out = fopen("fortified.txt", "w");
    for (int i = 0; i < 20; i++)
        fputs("0123456789abcdefghijklmnopqrstuvwxyz0123456789\n", out);
    fclose(out);
    FILE *f = fopen("fortified.txt", "r");
    int bad = 0;
    struct rec *r;

    r = short_rec();
    strcpy(r->name, text); // LINE:strcpy
    r = short_rec();
    bad |= stpcpy(r->name, text) != r->name + 39; // LINE:stpcpy
    r = short_rec();
    r->name[0] = '\0';
    strcat(r->name, text); // LINE:strcat
    r = short_rec();
    strncpy(r->name, "short", n); // LINE:strncpy
    r = short_rec();
    bad |= stpncpy(r->name, "short", n) != r->name + 5; // LINE:stpncpy
    r = short_rec();
    r->name[0] = '\0';
    strncat(r->name, text, n); // LINE:strncat
    r = short_rec();
    explicit_bzero(r->name, n); // LINE:bzero
    r = short_rec();
    bad |= fgets(r->name, (int)n, f) == NULL; // LINE:fgets
    r = short_rec();
    bad |= fgets_unlocked(r->name, (int)n, f) == NULL; // LINE:fgets_unlocked
    r = short_rec();
    bad |= snprintf(r->name, n, "%d", 42) != 2; // LINE:snprintf
    r = short_rec();
    bad |= sprintf(r->name, "%s", text) != 39; // LINE:sprintf
    char *src = malloc(10);
    memset(src, 's', 10);
    memcpy(dst, src, v_sixteen); // LINE:src
    bad |= dst[0] != 's' || dst[9] != 's';
    char *u = malloc(8);
    memcpy(u, "ABCDEFGH", 8); /* no NUL: %.9s reads one byte past */
    printf("%.9s|\n", u);     // LINE:printf

    fclose(f);
    unlink("fortified.txt");
    return bad;
}
