/* Correct use of wcsstr, wcswcs, wcstok, wcspbrk, wcsspn, wcscspn,
 * wcscasecmp, wcsncasecmp, wcpncpy, __wcpncpy_chk, wcscoll, wcsxfrm and the
 * byte strcoll and strxfrm at the very end of their blocks: no report, and
 * every call answers as natively.  Each string's NUL is its block's last
 * character and is read (a search that misses, a span the NUL stops, a
 * token that ends the string, a comparison or collation of the whole), the
 * unterminated arrays fill their blocks and are given exactly their
 * lengths as the bound, and so are the destinations, so a check that
 * counted one character more than the call read or wrote would report it
 * (the redzone follows).  Where a search stops before the NUL,
 * call_wide_search.c's exact counts tell.  The transforms run in the C
 * locale, where the result is the string's length: one that fits fills its
 * block with the NUL, one that does not fills all n.
 * clean_wide_search_guard.c runs the same with each block flush against a
 * guard page. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The fortified entry (call_wide_search.c). */
wchar_t *__wcpncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);

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

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

int main(void)
{
    int bad = 0;
    wchar_t *u = block(L"abcd", 4); /* no NUL: for the bounded calls only */
    wchar_t *h = str(L"Hello, World"), *nd = str(L"World");
    bad |= wcsstr(h, nd) != h + 7 || wcsstr(h, L"Worlds") != NULL || wcsstr(h, str(L"")) != h;
    bad |= wcswcs(h, nd) != h + 7 || wcswcs(h, L"x") != NULL;

    wchar_t *t = str(L"a,b;;c"), *delim = str(L",;"), *save = NULL;
    wchar_t *k1 = wcstok(t, delim, &save), *k2 = wcstok(NULL, delim, &save);
    wchar_t *k3 = wcstok(NULL, delim, &save);
    bad |= k1 != t || k2 != t + 2 || k3 != t + 5 || wcscmp(k3, L"c") != 0;
    bad |= save != NULL || wcstok(NULL, delim, &save) != NULL;
    bad |= wcstok(str(L",,,"), L",", &save) != NULL;
    wchar_t *r = str(L"x y");
    bad |= wcstok(r, L" ", &save) != r || wcstok(NULL, L" ", &save) != r + 2;

    wchar_t *s = str(L"wide"), *set = str(L"ed");
    bad |= wcspbrk(s, L"xyz") != NULL || wcspbrk(s, set) != s + 2 || wcspbrk(s, L"e") != s + 3;
    bad |= wcsspn(s, L"wide") != 4 || wcsspn(s, set) != 0 || wcsspn(s, L"wi") != 2;
    bad |= wcscspn(s, L"xyz") != 4 || wcscspn(s, set) != 2;

    wchar_t *up = str(L"WIDE");
    bad |= wcscasecmp(s, up) != 0 || wcscasecmp(s, str(L"WIDF")) >= 0;
    bad |= wcsncasecmp(u, block(L"ABCD", 4), 4) != 0 || wcsncasecmp(u, L"ABCE", 4) >= 0;
    bad |= wcsncasecmp(s, up, 9) != 0; /* the NULs stop it */

    wchar_t *d = empty(7);
    bad |= wcpncpy(d, s, 7) != d + 4 || wcscmp(d, L"wide") != 0 || d[6] != L'\0';
    d = empty(4);
    bad |= wcpncpy(d, u, 4) != d + 4 || wmemcmp(d, u, 4) != 0; /* no NUL: reads all 4 */
    d = empty(7);
    bad |= __wcpncpy_chk(d, s, 7, 7) != d + 4 || d[6] != L'\0';

    bad |= wcscoll(s, str(L"wide")) != 0 || wcscoll(s, str(L"wider")) >= 0;
    d = empty(5);
    bad |= wcsxfrm(d, s, 5) != 4 || wcscmp(d, L"wide") != 0; /* fits: 4 and the NUL */
    d = empty(3);
    bad |= wcsxfrm(d, s, 3) != 4 || wmemcmp(d, L"wid", 3) != 0; /* does not: all 3 */
    bad |= wcsxfrm(NULL, s, 0) != 4;

    char *a = copy("abc"), *b = copy("abd");
    bad |= strcoll(a, b) >= 0 || strcoll(a, copy("abc")) != 0;
    char *x = malloc(4);
    bad |= strxfrm(x, a, 4) != 3 || strcmp(x, "abc") != 0;
    x = malloc(2);
    bad |= strxfrm(x, a, 2) != 3 || memcmp(x, "ab", 2) != 0;
    bad |= strxfrm(NULL, a, 0) != 3;
    return bad;
}
