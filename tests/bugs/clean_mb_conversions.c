/* Correct use of the multibyte conversions (mbstowcs, wcstombs, mbsrtowcs,
 * wcsrtombs, mbsnrtowcs, wcsnrtombs, wcrtomb, wctomb, mbrtowc, mbrlen,
 * mbtowc, mblen) under a UTF-8 locale, at the very end of their blocks: no
 * report, and every call answers as natively.  Each destination holds
 * exactly what the call writes (the NUL included when it gets to the end of
 * the source), each source ends where the conversion stops (its NUL, the
 * bound given, the last character a short destination takes, an invalid
 * sequence), and the states and source pointers live in blocks of their
 * own size, so a check that counted one byte or wide character more than
 * the call read or wrote would report it (the redzone follows).  Also: NULL
 * destinations (the call only counts), a character split across two calls
 * (n too small: the state keeps its first bytes), and calls that fail
 * ((size_t)-1) on an invalid sequence. */
// OPTIONS: detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define FAIL ((size_t)-1)
#define SURROGATE ((wchar_t)0xd800) /* no UTF-8 encoding */

/* A block of exactly n bytes holding the first n of s (no NUL unless in them). */
static char *block(const char *s, size_t n)
{
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

/* The same with n wide characters. */
static wchar_t *wblock(const wchar_t *s, size_t n)
{
    wchar_t *p = malloc(n * sizeof(wchar_t));
    memcpy(p, s, n * sizeof(wchar_t));
    return p;
}

static char *str(const char *s) { return block(s, strlen(s) + 1); }
static wchar_t *wstr(const wchar_t *s) { return wblock(s, wcslen(s) + 1); }

/* A zeroed conversion state in a block of its size. */
static mbstate_t *state(void) { return calloc(1, sizeof(mbstate_t)); }

/* A source pointer in a block of its size. */
static const char **slot(const char *s)
{
    const char **p = malloc(sizeof *p);
    *p = s;
    return p;
}

static const wchar_t **wslot(const wchar_t *s)
{
    const wchar_t **p = malloc(sizeof *p);
    *p = s;
    return p;
}

int main(void)
{
    int bad = 0;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 2;

    /* mbstowcs: "αβγ" is 6 bytes and a NUL; 3 wide characters and L'\0' */
    char *s = str("αβγ");
    wchar_t *w = malloc(4 * sizeof(wchar_t));
    bad |= mbstowcs(w, s, 4) != 3 || wcscmp(w, L"αβγ") != 0;
    bad |= mbstowcs(NULL, s, 0) != 3;
    /* 2 of them: no NUL written, and the source read to β's end */
    s = block("αβ", 4);
    w = malloc(2 * sizeof(wchar_t));
    bad |= mbstowcs(w, s, 2) != 2 || w[1] != L'β';

    /* wcstombs: 6 bytes and the NUL */
    wchar_t *ws = wstr(L"αβγ");
    char *c = malloc(7);
    bad |= wcstombs(c, ws, 7) != 6 || strcmp(c, "αβγ") != 0;
    bad |= wcstombs(NULL, ws, 0) != 6;
    /* 2 wide characters of an unterminated source fill 4 bytes */
    ws = wblock(L"αβ", 2);
    c = malloc(4);
    bad |= wcstombs(c, ws, 4) != 4;

    /* mbsrtowcs: the source pointer and the state in blocks of their own */
    mbstate_t *ps = state();
    s = str("αβγ");
    const char **src = slot(s);
    w = malloc(4 * sizeof(wchar_t));
    bad |= mbsrtowcs(w, src, 4, ps) != 3 || *src != NULL || w[3] != L'\0';
    *src = s;
    bad |= mbsrtowcs(NULL, src, 0, ps) != 3 || *src != s;
    /* a short destination: 1 wide character, the source read to α's end */
    s = block("αβ", 2);
    *src = s;
    w = malloc(sizeof(wchar_t));
    bad |= mbsrtowcs(w, src, 1, ps) != 1 || *src != s + 2 || w[0] != L'α';
    /* invalid in the block's last byte */
    s = block("ab\xff", 3);
    *src = s;
    wchar_t wbuf[8];
    bad |= mbsrtowcs(wbuf, src, 8, ps) != FAIL || *src != s + 2;
    free(ps);
    ps = state();

    /* wcsrtombs */
    ws = wstr(L"αβγ");
    const wchar_t **wsrc = wslot(ws);
    c = malloc(7);
    bad |= wcsrtombs(c, wsrc, 7, ps) != 6 || *wsrc != NULL || strcmp(c, "αβγ") != 0;
    *wsrc = ws;
    bad |= wcsrtombs(NULL, wsrc, 0, ps) != 6 || *wsrc != ws;
    ws = wblock(L"αβ", 1);
    *wsrc = ws;
    c = malloc(2);
    bad |= wcsrtombs(c, wsrc, 2, ps) != 2 || *wsrc != ws + 1;
    ws = wblock((const wchar_t[]){L'a', SURROGATE}, 2);
    *wsrc = ws;
    char cbuf[16];
    bad |= wcsrtombs(cbuf, wsrc, sizeof cbuf, ps) != FAIL || *wsrc != ws + 1;

    /* mbsnrtowcs: the bound is the block's end */
    s = block("αβγ", 6);
    *src = s;
    w = malloc(3 * sizeof(wchar_t));
    bad |= mbsnrtowcs(w, src, 6, 3, ps) != 3 || *src != s + 6 || w[2] != L'γ';
    *src = s;
    bad |= mbsnrtowcs(NULL, src, 6, 0, ps) != 3;
    /* γ split across two blocks: its first byte waits in the state (room
     * for a third wide character, else the call stops before that byte) */
    s = block("αβγ", 5);
    *src = s;
    w = malloc(3 * sizeof(wchar_t));
    bad |= mbsnrtowcs(w, src, 5, 3, ps) != 2 || *src != s + 5 || mbsinit(ps);
    s = block("αβγ" + 5, 1);
    *src = s;
    w = malloc(sizeof(wchar_t));
    bad |= mbsnrtowcs(w, src, 1, 1, ps) != 1 || *src != s + 1 || w[0] != L'γ' || !mbsinit(ps);
    /* the NUL within the bound */
    s = str("α");
    *src = s;
    w = malloc(2 * sizeof(wchar_t));
    bad |= mbsnrtowcs(w, src, 3, 2, ps) != 1 || *src != NULL;
    *src = s;
    bad |= mbsnrtowcs(NULL, src, 100, 0, ps) != 1;
    s = block("a\xff", 2);
    *src = s;
    bad |= mbsnrtowcs(wbuf, src, 2, 8, ps) != FAIL || *src != s + 1;
    bad |= mbsnrtowcs(wbuf, src, 0, 8, ps) != 0; /* touches nothing */

    /* wcsnrtombs */
    ws = wblock(L"αβγ", 3);
    *wsrc = ws;
    c = malloc(6);
    bad |= wcsnrtombs(c, wsrc, 3, 6, ps) != 6 || *wsrc != ws + 3 || memcmp(c, "αβγ", 6) != 0;
    *wsrc = ws;
    bad |= wcsnrtombs(NULL, wsrc, 3, 0, ps) != 6;
    ws = wstr(L"α");
    *wsrc = ws;
    c = malloc(3);
    bad |= wcsnrtombs(c, wsrc, 5, 3, ps) != 2 || *wsrc != NULL || strcmp(c, "α") != 0;
    ws = wblock((const wchar_t[]){L'a', SURROGATE}, 2);
    *wsrc = ws;
    bad |= wcsnrtombs(cbuf, wsrc, 2, sizeof cbuf, ps) != FAIL || *wsrc != ws + 1;

    /* wcrtomb, wctomb: the character's bytes exactly */
    c = malloc(3);
    bad |= wcrtomb(c, L'€', ps) != 3 || memcmp(c, "€", 3) != 0;
    bad |= wcrtomb(NULL, L'€', ps) != 1; /* as wcrtomb(buf, L'\0', ps) */
    bad |= wcrtomb(c, SURROGATE, ps) != FAIL;
    c = malloc(2);
    bad |= wctomb(c, L'α') != 2 || memcmp(c, "α", 2) != 0;
    bad |= wctomb(NULL, L'α') != 0; /* UTF-8 keeps no shift state */
    bad |= wctomb(c, SURROGATE) != -1;

    /* mbrtowc and mbrlen: the character's bytes, whatever n allows */
    free(ps);
    ps = state();
    wchar_t *pwc = malloc(sizeof(wchar_t));
    s = block("€", 3);
    bad |= mbrtowc(pwc, s, 16, ps) != 3 || *pwc != L'€';
    s = block("€", 2); /* its first 2 bytes wait in the state */
    bad |= mbrtowc(pwc, s, 2, ps) != (size_t)-2;
    s = block("€" + 2, 1);
    bad |= mbrtowc(pwc, s, 1, ps) != 1 || *pwc != L'€';
    bad |= mbrtowc(pwc, s, 0, ps) != (size_t)-2; /* touches nothing */
    bad |= mbrtowc(NULL, NULL, 0, ps) != 0;      /* the initial state again */
    s = block("", 1);
    bad |= mbrtowc(pwc, s, 16, ps) != 0 || *pwc != L'\0';
    s = block("\xe2(", 2); /* broken by its last byte */
    bad |= mbrtowc(pwc, s, 16, ps) != FAIL;
    bad |= mbrtowc(pwc, s, 16, NULL) != FAIL;
    free(ps);
    ps = state();
    s = block("α", 2);
    bad |= mbrlen(s, 16, ps) != 2 || mbrlen(s, 16, NULL) != 2;
    s = block("α", 1);
    bad |= mbrlen(s, 1, ps) != (size_t)-2;
    s = block("α" + 1, 1);
    bad |= mbrlen(s, 1, ps) != 1;
    s = block("\xe2(", 2);
    bad |= mbrlen(s, 16, ps) != FAIL;

    /* mbtowc and mblen */
    s = block("β", 2);
    bad |= mbtowc(pwc, s, 16) != 2 || *pwc != L'β';
    bad |= mblen(s, 16) != 2;
    bad |= mbtowc(NULL, NULL, 0) != 0 || mblen(NULL, 0) != 0;
    s = block("", 1);
    bad |= mbtowc(pwc, s, 16) != 0 || *pwc != L'\0' || mblen(s, 16) != 0;
    s = block("\xff", 1);
    bad |= mbtowc(pwc, s, 16) != -1 || mblen(s, 16) != -1;
    s = block("\xe2(", 2);
    bad |= mblen(s, 16) != -1;
    s = block("€", 3);
    bad |= mblen(s, 2) != -1 || mblen(s, 3) != 3; /* too short a count, then enough */
    return bad;
}
