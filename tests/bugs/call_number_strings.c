/* The number conversions reading a freed string or running past an
 * unterminated one: strtol, strtoul, strtoll, strtoull, strtoimax,
 * strtoumax, strtod, strtof, strtold, atoi, atol, atoll and atof, each
 * reported at the call with the caller's line, the bytes it read counted
 * to the first one it could not use (here the redzone's byte after the
 * digits).  Conversions that stop inside their blocks are no error, and the
 * answers, end pointers and errno are as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtol, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtol:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtoul, 1 of them past the end
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtoul:
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtoll, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtoull, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtoimax, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtoumax, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtod, 1 of them past the end
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtod:
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtof, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by strtold, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by atoi, 1 of them past the end
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:atoi:
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by atol, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by atoll, 1 of them past the end
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by atof, 1 of them past the end
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:atof:
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by strtol of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:freed:
// CHECK: is located 0 bytes inside the 8-byte block
// CHECK: alloc8: SUMMARY: 14 errors (13 heap-buffer-overflow, 1 heap-use-after-free)
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A fresh 4-byte block holding "1234" with no NUL. */
static char *digits(void)
{
    char *p = malloc(4);
    memcpy(p, "1234", 4);
    return p;
}

int main(void)
{
    int bad = 0;
    char *e, *s = malloc(8);
    memcpy(s, "  -42x", 7);
    bad |= strtol(s, &e, 10) != -42 || e != s + 5; /* stops at 'x': inside */
    bad |= atoi(s) != -42 || strtod(s, NULL) != -42.0;
    errno = 0;
    char *big = malloc(32);
    strcpy(big, "99999999999999999999999");
    bad |= strtol(big, &e, 10) != LONG_MAX || errno != ERANGE || *e != '\0';

    char *d = digits();
    bad |= strtol(d, &e, 10) != 1234 || e != d + 4; // LINE:strtol
    bad |= strtoul(digits(), NULL, 10) != 1234;     // LINE:strtoul
    bad |= strtoll(digits(), NULL, 10) != 1234;
    bad |= strtoull(digits(), NULL, 10) != 1234;
    bad |= strtoimax(digits(), NULL, 10) != 1234;
    bad |= strtoumax(digits(), NULL, 10) != 1234;
    bad |= strtod(digits(), NULL) != 1234.0; // LINE:strtod
    bad |= strtof(digits(), NULL) != 1234.0f;
    bad |= strtold(digits(), NULL) != 1234.0L;
    bad |= atoi(digits()) != 1234; // LINE:atoi
    bad |= atol(digits()) != 1234;
    bad |= atoll(digits()) != 1234;
    bad |= atof(digits()) != 1234.0; // LINE:atof

    char *g = malloc(8);
    strcpy(g, "7");
    free(g);
    (void)strtol(g, &e, 10); // LINE:freed
    bad |= e != g;           /* the fill is no number */
    return bad;
}
