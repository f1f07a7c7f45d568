/* A conversion whose source has no terminator in its block but stops at len
 * first is correct, and reads nothing past the block: glibc's mbsrtowcs and
 * wcsrtombs look ahead for the terminator anyway (strnlen to len *
 * MB_CUR_MAX bytes, wcsnlen to len - 1 wide characters) before they
 * convert, and with these blocks guarded (the first guard_max allocations
 * are) that look-ahead ran into the guard page and was reported as an
 * overflow of the program's; so did mbsnrtowcs's and wcsnrtombs's, given a
 * bound past the block.  Each conversion here stops at len inside its
 * block, so nothing may be reported; the results and the advanced source
 * pointers are those of the C standard. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t __wcsrtombs_chk(char *, const wchar_t **, size_t, mbstate_t *, size_t);
size_t __mbsrtowcs_chk(wchar_t *, const char **, size_t, mbstate_t *, size_t);

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 2;
    int bad = 0;
    /* L"αβγ" without its L'\0': three wide characters, 6 bytes in UTF-8. */
    wchar_t *w = malloc(3 * sizeof(wchar_t));
    w[0] = L'α';
    w[1] = L'β';
    w[2] = L'γ';
    char out[64];
    mbstate_t st;
    const wchar_t *wp = w;
    memset(&st, 0, sizeof st);
    size_t r = wcsrtombs(out, &wp, 6, &st); /* exactly the three */
    bad |= r != 6 || wp != w + 3 || memcmp(out, "αβγ", 6) != 0;
    wp = w;
    r = wcsrtombs(out, &wp, 5, &st); /* γ does not fit */
    bad |= r != 4 || wp != w + 2;
    wp = w;
    r = __wcsrtombs_chk(out, &wp, 6, &st, sizeof out);
    bad |= r != 6 || wp != w + 3;
    r = wcstombs(out, w, 6);
    bad |= r != 6 || memcmp(out, "αβγ", 6) != 0;
    wp = w; /* an n form whose bound is past the block */
    r = wcsnrtombs(out, &wp, 100, 6, &st);
    bad |= r != 6 || wp != w + 3;

    /* "αβγ" without its NUL: 6 bytes, three characters. */
    char *s = malloc(6);
    memcpy(s, "αβγ", 6);
    wchar_t wout[8];
    const char *sp = s;
    r = mbsrtowcs(wout, &sp, 3, &st);
    bad |= r != 3 || sp != s + 6 || wout[2] != L'γ';
    sp = s;
    r = mbsrtowcs(wout, &sp, 2, &st);
    bad |= r != 2 || sp != s + 4;
    sp = s;
    r = __mbsrtowcs_chk(wout, &sp, 3, &st, 8);
    bad |= r != 3 || sp != s + 6;
    sp = s;
    r = mbsnrtowcs(wout, &sp, 100, 3, &st);
    bad |= r != 3 || sp != s + 6;
    r = mbstowcs(wout, s, 3);
    bad |= r != 3 || wout[0] != L'α';
    fprintf(stderr, "conversions stopped by len: %s\n", bad ? "wrong" : "right");
    free(s);
    free(w);
    return bad;
}
// OPTIONS: detect_leaks=0
// CHECK: conversions stopped by len: right
// CHECK-NOT: ERROR
// CHECK: alloc8: SUMMARY: no errors
