/* Correct use of the wide-character functions (wmemcpy, wmempcpy, wmemmove,
 * wmemset, wcscpy, wcpcpy, wcsncpy, wcscat, wcsncat, wcslen, wcsnlen,
 * wcscmp, wcsncmp, wcschr, wcsrchr, wcschrnul, wmemchr, wmemcmp, wcsdup)
 * at the very end of their blocks: no report, and every call answers as
 * natively.  Each string's NUL is its block's last wide character, the
 * unterminated arrays fill their blocks, and the bounds given are exactly
 * the blocks' lengths, so a check that counted one wide character more
 * than the call read or wrote would report it (the redzone follows). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* A block of exactly n wide characters holding the first n of s (its NUL
 * included when n is its length + 1). */
static wchar_t *block(const wchar_t *s, size_t n)
{
    wchar_t *p = malloc(n * sizeof(wchar_t));
    memcpy(p, s, n * sizeof(wchar_t));
    return p;
}

/* A string in a block of its own length + 1. */
static wchar_t *str(const wchar_t *s) { return block(s, wcslen(s) + 1); }

static wchar_t *empty(size_t n)
{
    wchar_t *p = malloc(n * sizeof(wchar_t));
    memset(p, 0x55, n * sizeof(wchar_t));
    return p;
}

int main(void)
{
    int bad = 0;
    wchar_t *s5 = block(L"abcde", 5); /* no NUL */
    wchar_t *d = empty(5);
    bad |= wmemcpy(d, s5, 5) != d || wmemcmp(d, s5, 5) != 0;
    d = empty(5);
    bad |= wmempcpy(d, s5, 5) != d + 5 || d[4] != L'e';
    d = block(L"abcde", 5);
    bad |= wmemmove(d, d + 1, 4) != d || wmemcmp(d, L"bcdee", 5) != 0;
    bad |= wmemmove(d + 1, d, 4) != d + 1 || wmemcmp(d, L"bbcde", 5) != 0;
    d = empty(5);
    bad |= wmemset(d, L'z', 5) != d || d[0] != L'z' || d[4] != L'z';

    wchar_t *s = str(L"wide"); /* 5 wide characters, the NUL last */
    d = empty(5);
    bad |= wcscpy(d, s) != d || wcscmp(d, L"wide") != 0;
    d = empty(5);
    bad |= wcpcpy(d, s) != d + 4 || d[4] != L'\0';
    d = empty(7);
    bad |= wcsncpy(d, s, 7) != d || wcscmp(d, L"wide") != 0 || d[6] != L'\0';
    d = empty(5);
    bad |= wcsncpy(d, s5, 5) != d || wmemcmp(d, s5, 5) != 0; /* no NUL: reads all 5 */
    d = empty(8);
    wcscpy(d, L"ab");
    bad |= wcscat(d, str(L"cdefg")) != d || wcscmp(d, L"abcdefg") != 0;
    d = empty(8);
    wcscpy(d, L"ab");
    bad |= wcsncat(d, s5, 5) != d || wcscmp(d, L"ababcde") != 0; /* s5 read to its end */
    d = empty(4);
    wcscpy(d, L"a");
    bad |= wcsncat(d, s, 2) != d || wcscmp(d, L"awi") != 0;

    bad |= wcslen(s) != 4 || wcslen(str(L"")) != 0;
    bad |= wcsnlen(s5, 5) != 5 || wcsnlen(s, 9) != 4 || wcsnlen(s, 4) != 4;
    wchar_t *t = str(L"wide"), *u = str(L"widf");
    bad |= wcscmp(s, t) != 0 || wcscmp(s, u) >= 0 || wcscmp(u, s) <= 0;
    bad |= wcsncmp(s, t, 9) != 0 || wcsncmp(s, u, 4) >= 0 || wcsncmp(s, u, 3) != 0;
    bad |= wcsncmp(s5, block(L"abcde", 5), 5) != 0; /* no NULs: the bound stops it */
    bad |= wcschr(s, L'e') != s + 3 || wcschr(s, L'x') != NULL || wcschr(s, L'\0') != s + 4;
    bad |= wcsrchr(s, L'w') != s || wcsrchr(s, L'x') != NULL || wcsrchr(s, L'\0') != s + 4;
    bad |= wcschrnul(s, L'x') != s + 4 || wcschrnul(s, L'i') != s + 1;
    bad |= wmemchr(s5, L'e', 5) != s5 + 4 || wmemchr(s5, L'x', 5) != NULL;
    bad |= wmemcmp(s5, block(L"abcdf", 5), 5) >= 0 || wmemcmp(s5, L"abcde", 5) != 0;
    wchar_t *dup = wcsdup(s);
    bad |= dup == NULL || wcscmp(dup, L"wide") != 0;
    return bad;
}
