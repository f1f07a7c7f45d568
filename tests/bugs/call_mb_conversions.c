/* The multibyte conversions (mbstowcs, wcstombs, mbsrtowcs, wcsrtombs,
 * mbsnrtowcs, wcsnrtombs, wcrtomb, wctomb, mbrtowc, mbrlen, mbtowc, mblen),
 * each misused once under a UTF-8 locale, where α, β and γ take 2 bytes,
 * € 3, and a wide character 4: the reports count bytes, which differ from
 * the characters converted.  What a conversion wrote is its result plus
 * the NUL when it reached the end of the source; what it read, the source
 * to where it stopped.  A source with no NUL runs on into the redzone,
 * whose bytes (0xfb) and wide characters (0xfbfbfbfb) are invalid in
 * UTF-8: the call fails there ((size_t)-1), having read the first of them
 * (a multibyte character cut short by the block's end: up to that byte).
 * A freed source holds the free fill (0xdd), invalid too: the call fails at
 * its first element.  A state of 4 bytes is half an mbstate_t.  The calls
 * answer as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by mbstowcs, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbstowcs:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: WRITE of 7 bytes at 0x{{[0-9a-f]+}} by wcstombs, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcstombs:
// CHECK: is located 0 bytes after the 6-byte block
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by mbsrtowcs, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbsrtowcs:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by mbsrtowcs, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:state:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by wcsrtombs of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsrtombs:
// CHECK: is located 0 bytes inside the 12-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_wide:
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by mbsnrtowcs, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbsnrtowcs:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by wcsnrtombs, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsnrtombs:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: WRITE of 3 bytes at 0x{{[0-9a-f]+}} by wcrtomb, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcrtomb:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: WRITE of 2 bytes at 0x{{[0-9a-f]+}} by wctomb, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wctomb:
// CHECK: is located 0 bytes after the 1-byte block
// CHECK: READ of 3 bytes at 0x{{[0-9a-f]+}} by mbrtowc, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbrtowc:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: READ of 2 bytes at 0x{{[0-9a-f]+}} by mbrlen, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbrlen:
// CHECK: is located 0 bytes after the 1-byte block
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by mbtowc of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbtowc:
// CHECK: is located 0 bytes inside the 5-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_bytes:
// CHECK: READ of 3 bytes at 0x{{[0-9a-f]+}} by mblen, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mblen:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: alloc8: SUMMARY: 13 errors (11 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* A block of exactly n bytes holding the first n of s (no NUL unless in them). */
static char *block(const char *s, size_t n)
{
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

/* Lengths the compiler cannot see (it would warn of the overflows). */
static volatile size_t v2 = 2, v3 = 3, v4 = 4, v5 = 5, v8 = 8;

int main(void)
{
    int bad = 0;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 2;
    mbstate_t st;
    wchar_t wbuf[8], wc;
    char cbuf[16];

    /* 3 characters and the NUL: 16 bytes into 12 */
    wchar_t *w = malloc(3 * sizeof(wchar_t));
    bad |= mbstowcs(w, "αβγ", v8) != 3 || w[2] != L'γ'; // LINE:mbstowcs
    /* 6 bytes and the NUL into 6 */
    char *c = malloc(6);
    bad |= wcstombs(c, L"αβγ", v8) != 6 || memcmp(c, "αβγ", 6) != 0; // LINE:wcstombs

    /* "αβ" with no NUL: it stops at the redzone's first byte */
    char *s = block("αβ", 4);
    const char *p = s;
    memset(&st, 0, sizeof st);
    bad |= mbsrtowcs(wbuf, &p, 8, &st) != (size_t)-1 || p != s + 4; // LINE:mbsrtowcs
    /* half a state */
    mbstate_t *half = malloc(4);
    memset(half, 0, 4);
    p = "αβ";
    bad |= mbsrtowcs(wbuf, &p, 8, half) != 2 || p != NULL || wbuf[1] != L'β'; // LINE:state

    /* a freed wide string */
    wchar_t *ws = malloc(3 * sizeof(wchar_t));
    wcscpy(ws, L"αβ");
    free(ws); // LINE:free_wide
    const wchar_t *q = ws;
    memset(&st, 0, sizeof st);
    bad |= wcsrtombs(cbuf, &q, sizeof cbuf, &st) != (size_t)-1 || q != ws; // LINE:wcsrtombs

    /* the NUL is within the 5 bytes allowed: 3 wide characters into 2 */
    w = malloc(2 * sizeof(wchar_t));
    p = "αβ";
    memset(&st, 0, sizeof st);
    bad |= mbsnrtowcs(w, &p, v5, v4, &st) != 2 || p != NULL; // LINE:mbsnrtowcs
    /* 3 wide characters allowed, 2 in the block */
    ws = malloc(2 * sizeof(wchar_t));
    wmemcpy(ws, L"αβ", 2);
    q = ws;
    memset(&st, 0, sizeof st);
    bad |=
        wcsnrtombs(cbuf, &q, v3, sizeof cbuf, &st) != (size_t)-1 || q != ws + 2; // LINE:wcsnrtombs

    /* one character, more bytes than the block */
    c = malloc(2);
    memset(&st, 0, sizeof st);
    bad |= wcrtomb(c, L'€', &st) != 3; // LINE:wcrtomb
    c = malloc(1);
    bad |= wctomb(c, L'α') != 2; // LINE:wctomb

    /* € cut short by the block's end, more bytes allowed */
    s = block("€", 2);
    memset(&st, 0, sizeof st);
    bad |= mbrtowc(&wc, s, v3, &st) != (size_t)-1; // LINE:mbrtowc
    s = block("α", 1);
    memset(&st, 0, sizeof st);
    bad |= mbrlen(s, v2, &st) != (size_t)-1; // LINE:mbrlen
    s = strdup("αβ");
    free(s);                         // LINE:free_bytes
    bad |= mbtowc(&wc, s, v4) != -1; // LINE:mbtowc
    s = block("€", 2);
    bad |= mblen(s, v4) != -1; // LINE:mblen
    return bad;
}
