/* The wide-character searches, token, case-folding, collating and
 * transforming calls added after the first wide ones (wcsstr, wcswcs,
 * wcstok, wcspbrk, wcsspn, wcscspn, wcscasecmp, wcsncasecmp, wcpncpy,
 * __wcpncpy_chk, wcscoll, wcsxfrm), and the byte strcoll and strxfrm, each
 * misused once and reported at the call with the caller's line and what
 * was read or written, in bytes (a wchar_t is 4).
 *
 * The reads run on past an unterminated string into the redzone, whose
 * wide characters are 0xfbfbfbfb (RZ): a search for RZ, or one that RZ
 * stops, reads exactly one wide character past the end.  wcstok and
 * wcscoll read a string whose NUL a reported wcscpy wrote one wide
 * character past its block (kept), strcoll one whose NUL strcpy wrote one
 * byte past: wcscoll and strcoll read both strings whole, though the C
 * locale's comparison stops at the first character here.  The copies and
 * transforms write past short blocks: wcpncpy pads all n, strxfrm writes
 * its result and the NUL, and wcsxfrm, whose result does not fit in n,
 * fills all n.  A freed needle holds the free fill and no NUL: the read of
 * it runs on past it (how far depends on what follows).  Calls that stay
 * inside their blocks are no error, and the calls answer as natively
 * (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by wcsstr, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsstr:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by wcswcs of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcswcs:
// CHECK: is located 0 bytes inside the 16-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in gone {{\S*}}@LINE:free:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcswcs:
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by wcscpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setup_tok:
// CHECK: READ of 8 bytes at 0x{{[0-9a-f]+}} by wcstok, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcstok:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by wcspbrk, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcspbrk:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by wcsspn, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsspn:
// CHECK: READ of 28 bytes at 0x{{[0-9a-f]+}} by wcscspn, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscspn:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by wcscasecmp, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscasecmp:
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by wcsncasecmp, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsncasecmp:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by wcpncpy, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcpncpy:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by __wcpncpy_chk, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcpncpy_chk:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: READ of 8 bytes at 0x{{[0-9a-f]+}} by wcscoll, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscoll:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by wcsxfrm, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsxfrm:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 3 bytes at 0x{{[0-9a-f]+}} by strcpy, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setup_coll:
// CHECK: READ of 3 bytes at 0x{{[0-9a-f]+}} by strcoll, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strcoll:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by strxfrm, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strxfrm:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: alloc8: SUMMARY: 16 errors (15 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The fortified entry, as -D_FORTIFY_SOURCE compiles wcpncpy into when it
 * knows the destination's size (dlen, in wide characters); called by name
 * here, with a size larger than the block, as for a struct allocated
 * short (call_wide_fortified.c has the compiler's own call). */
wchar_t *__wcpncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);

/* A freed copy of s: the use-after-free case gets its own block. */
static wchar_t *gone(const wchar_t *s)
{
    wchar_t *p = wcsdup(s);
    free(p); // LINE:free
    return p;
}

/* The first n wide characters of s and no NUL, filling their block. */
static wchar_t *unterminated(const wchar_t *s, size_t n)
{
    wchar_t *p = malloc(n * sizeof(wchar_t));
    wmemcpy(p, s, n);
    return p;
}

/* Lengths the compiler cannot see (it would warn of the overflows). */
static volatile size_t v5 = 5, v6 = 6, v8 = 8;
/* Where the answers of calls on freed strings go (their fill decides them). */
static void *volatile sink;
/* The redzone's wide character: a search for it stops just past the end. */
#define RZ ((wchar_t)0xfbfbfbfb)

int main(void)
{
    int bad = 0;
    wchar_t *u = unterminated(L"abcd", 4);
    const wchar_t rz_end[] = {L'd', RZ, L'\0'}, rz_set[] = {L'x', RZ, L'\0'};
    bad |= wcsstr(u, rz_end) != u + 3;          // LINE:wcsstr
    bad |= wcsstr(u, L"bc") != u + 1;           /* found inside: no error */
    sink = wcswcs(L"a haystack", gone(L"hay")); // LINE:wcswcs
    wchar_t *w = malloc(3 * sizeof(wchar_t)), *save = NULL;
    wcscpy(w, L"k=v");                                        // LINE:setup_tok
    bad |= wcstok(w, L"=", &save) != w;                       /* "k": inside */
    bad |= wcstok(NULL, L"=", &save) != w + 2;                // LINE:wcstok
    bad |= save != NULL || wcstok(NULL, L"=", &save) != NULL; /* no place left: EINVAL */
    bad |= wcspbrk(u, rz_set) != u + 4;                       // LINE:wcspbrk
    bad |= wcsspn(u, L"abcd") != 4;                           // LINE:wcsspn
    bad |= wcscspn(unterminated(L"abcdef", 6), rz_set) != 6;  // LINE:wcscspn
    bad |= wcscasecmp(u, L"ABCDX") == 0;                      // LINE:wcscasecmp
    const wchar_t rz_upper[] = {L'A', L'B', L'C', L'D', RZ, RZ, L'\0'};
    bad |= wcsncasecmp(u, rz_upper, v6) != 0; /* equal to the bound */ // LINE:wcsncasecmp

    wchar_t *d = malloc(4 * sizeof(wchar_t));
    bad |= wcpncpy(d, L"ab", v6) != d + 2 || d[5] != L'\0'; // LINE:wcpncpy
    d = malloc(3 * sizeof(wchar_t));
    bad |= __wcpncpy_chk(d, L"abc", v5, 16) != d + 3; // LINE:wcpncpy_chk
    /* w + 2 is "v", its NUL past the block: read whole, though 'a' < 'v' */
    bad |= wcscoll(L"a", w + 2) >= 0; // LINE:wcscoll
    d = malloc(4 * sizeof(wchar_t));
    bad |= wcsxfrm(d, L"abcdefgh", v6) != 8 || d[5] != L'f'; // LINE:wcsxfrm

    char *c = malloc(2);
    strcpy(c, "zz");             // LINE:setup_coll
    bad |= strcoll("a", c) >= 0; // LINE:strcoll
    char *x = malloc(4);
    bad |= strxfrm(x, "abcde", v8) != 5 || x[5] != '\0'; // LINE:strxfrm

    /* inside their blocks: no error */
    bad |= wcsspn(u, L"ab") != 2 || wcscspn(u, L"c") != 2 || wcspbrk(u, L"dc") != u + 2;
    bad |= wcsncasecmp(u, L"ABCE", 3) != 0 || strxfrm(NULL, "abc", 0) != 3;
    return bad;
}
