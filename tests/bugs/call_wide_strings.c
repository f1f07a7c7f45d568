/* The wide-character functions (wmemcpy, wcscpy, wcslen, wcscmp, ...),
 * each misused once and reported at the call with the caller's line and
 * what was read or written, in bytes (a wchar_t is 4).  The copies write
 * one wide character or two past a block (the check is before the call);
 * the reads (checked after it, for how far they read) run on past an
 * unterminated string into the redzone, whose wide characters are
 * 0xfbfbfbfb, or past a string whose NUL a reported copy wrote past the
 * block (kept), or read a freed string.  A freed string holds the free
 * fill and no NUL: reads of one run on past it (how far depends on what
 * follows).  Calls that stay inside their blocks are no error, and the
 * calls answer as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by wmemcpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemcpy:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by wmempcpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmempcpy:
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by wmemmove of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemmove:
// CHECK: is located 0 bytes inside the 12-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in gone {{\S*}}@LINE:free:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemmove:
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by wmemset, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemset:
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by wcscpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscpy:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by wcpcpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcpcpy:
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by wcsncpy, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsncpy:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by wcscat, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscat:
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by wcsncat, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsncat:
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by wcslen, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcslen:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by wcsnlen, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsnlen:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by wcscmp of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscmp:
// CHECK: is located 0 bytes inside the 16-byte block
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by wcsncmp, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsncmp:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by wcschr of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcschr:
// CHECK: is located 0 bytes inside the 20-byte block
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by wcsrchr, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsrchr:
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by wcschrnul, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcschrnul:
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by wmemchr, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemchr:
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by wmemcmp, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemcmp:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by wcsdup of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsdup:
// CHECK: is located 0 bytes inside the 8-byte block
// CHECK: alloc8: SUMMARY: 19 errors (15 heap-buffer-overflow, 4 heap-use-after-free)
#define _GNU_SOURCE
#include <stdlib.h>
#include <wchar.h>

/* A freed copy of s: each use-after-free case gets its own block (one
 * report per freed block). */
static wchar_t *gone(const wchar_t *s)
{
    wchar_t *p = wcsdup(s);
    free(p); // LINE:free
    return p;
}

/* Four wide characters and no NUL, filling a 16-byte block. */
static wchar_t *unterminated(void)
{
    wchar_t *p = malloc(4 * sizeof(wchar_t));
    wmemcpy(p, L"abcd", 4);
    return p;
}

/* Lengths the compiler cannot see (it would warn of the overflows). */
static volatile size_t v2 = 2, v3 = 3, v5 = 5, v6 = 6;
/* Where the answers of calls on freed strings go (their fill decides them). */
static void *volatile sink;
static volatile int isink;
/* The redzone's wide character: a search for it stops just past the end. */
#define RZ ((wchar_t)0xfbfbfbfb)

int main(void)
{
    int bad = 0;
    static const wchar_t five[] = L"vwxyz";
    wchar_t *d = malloc(4 * sizeof(wchar_t));
    bad |= wmemcpy(d, five, v5) != d; // LINE:wmemcpy
    d = malloc(4 * sizeof(wchar_t));
    bad |= wmempcpy(d, five, v5) != d + 5; // LINE:wmempcpy
    wchar_t buf[8];
    bad |= wmemmove(buf, gone(L"ab"), v3) != buf; // LINE:wmemmove
    d = malloc(4 * sizeof(wchar_t));
    bad |= wmemset(d, L'q', v5) != d || d[4] != L'q'; // LINE:wmemset

    wchar_t *w1 = malloc(3 * sizeof(wchar_t));
    bad |= wcscpy(w1, L"abc") != w1; // LINE:wcscpy
    wchar_t *w2 = malloc(3 * sizeof(wchar_t));
    bad |= wcpcpy(w2, L"abc") != w2 + 3; // LINE:wcpcpy
    d = malloc(4 * sizeof(wchar_t));
    bad |= wcsncpy(d, L"ab", v6) != d || d[5] != L'\0'; // LINE:wcsncpy
    d = malloc(4 * sizeof(wchar_t));
    wcscpy(d, L"ab");
    bad |= wcscat(d, L"cd") != d || d[3] != L'd'; // LINE:wcscat
    d = malloc(4 * sizeof(wchar_t));
    wcscpy(d, L"ab");
    bad |= wcsncat(d, L"cdef", v2) != d || d[4] != L'\0'; // LINE:wcsncat

    /* w1 and w2: their NULs, written past their blocks, were kept */
    bad |= wcslen(w1) != 3;                             // LINE:wcslen
    bad |= wcsnlen(unterminated(), v6) != 6;            // LINE:wcsnlen
    isink = wcscmp(gone(L"abc"), L"abc");               // LINE:wcscmp
    bad |= wcsncmp(unterminated(), L"abcdXY", v6) == 0; // LINE:wcsncmp
    sink = wcschr(gone(L"four"), L'z');                 // LINE:wcschr
    bad |= wcsrchr(w2, L'a') != w2;                     // LINE:wcsrchr
    wchar_t *u = unterminated();
    bad |= wcschrnul(u, RZ) != u + 4;                   // LINE:wcschrnul
    bad |= wmemchr(unterminated(), L'z', v6) != NULL;   // LINE:wmemchr
    bad |= wmemcmp(unterminated(), L"abcdef", v6) == 0; // LINE:wmemcmp
    sink = wcsdup(gone(L"x"));                          // LINE:wcsdup

    /* inside their blocks: no error */
    u = unterminated();
    bad |= wcsnlen(u, 4) != 4 || wmemchr(u, L'c', 4) != u + 2 || wcsncmp(u, L"abcz", 3) != 0;
    bad |= wmemcmp(u, L"abcd", 4) != 0 || wcschr(w1, L'b') != w1 + 1;
    return bad;
}
