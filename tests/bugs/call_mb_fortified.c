/* Built with -O2 -D_FORTIFY_SOURCE=2, the multibyte conversions are glibc's
 * fortified entries (__mbstowcs_chk, __wcrtomb_chk, ...) wherever the
 * compiler knows the size of the destination object, and <wchar.h>'s
 * inline mbrlen calls __mbrlen when given no state.  Under a UTF-8 locale
 * (α to ι: 2 bytes each, €: 3).  The destinations written past are members
 * of structs whose blocks are shorter than the struct (allocated short, in
 * a function the compiler does not see into): glibc's own test compares
 * len with the member's size (in wide characters for the mbs forms) or, for
 * wcrtomb and wctomb, the member's size with MB_CUR_MAX, passes, and the
 * bytes past the block go unnoticed natively.  The r forms read past an
 * unterminated source (its redzone's first byte, 0xfb, is invalid in UTF-8:
 * the call fails there) or a freed one (the free fill, 0xdd, is too).
 * alloc8 checks each entry as the plain call and reports it by the entry's
 * name.  The stacks' first frame is the wrapper inlined from glibc's
 * headers; SUMMARY names the program's line.  Calls that stay inside their
 * blocks are no error, and the calls answer as natively (checked by the
 * program). */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __mbstowcs_chk, 16 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbstowcs:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:mbstowcs in main
// CHECK: WRITE of 9 bytes at 0x{{[0-9a-f]+}} by __wcstombs_chk, 1 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcstombs:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcstombs in main
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by __mbsrtowcs_chk, 1 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbsrtowcs:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:mbsrtowcs in main
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by __wcsrtombs_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsrtombs:
// CHECK: is located 0 bytes inside the 12-byte block
// CHECK: freed by thread T0 here:
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:wcsrtombs in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __mbsnrtowcs_chk, 16 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbsnrtowcs:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:mbsnrtowcs in main
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by __wcsnrtombs_chk, 2 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsnrtombs:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcsnrtombs in main
// CHECK: WRITE of 3 bytes at 0x{{[0-9a-f]+}} by __wcrtomb_chk, 1 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcrtomb:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcrtomb in main
// CHECK: WRITE of 2 bytes at 0x{{[0-9a-f]+}} by __wctomb_chk, 1 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wctomb:
// CHECK: is located 0 bytes after the 1-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wctomb in main
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by __mbrlen of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mbrlen:
// CHECK: is located 0 bytes inside the 5-byte block
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:mbrlen in main
// CHECK: alloc8: SUMMARY: 9 errors (7 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The names are not the last members: the compiler takes their sizes as
 * the arrays' (a last array might run on past the struct). */
struct wrec {
    wchar_t name[16];
    int id;
};
struct crec {
    char name[16];
    int id;
};

/* Lengths the compiler cannot see: a constant it can prove safe would be
 * compiled to the plain call. */
static volatile size_t v3 = 3, v4 = 4, v8 = 8, v10 = 10, v16 = 16, v20 = 20;

/* A block of n bytes, for a struct larger than that: the bug.  noipa: the
 * compiler must not learn the block's size. */
__attribute__((noipa)) static void *short_block(size_t n) { return malloc(n); }

/* A block of exactly n bytes holding the first n of s, its size unknown to
 * the compiler. */
__attribute__((noipa)) static char *block(const char *s, size_t n)
{
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

/* free, where the compiler does not see it (it would warn of the use). */
__attribute__((noipa)) static void release(void *p) { free(p); }

int main(void)
{
    int bad = 0;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 2;
    static const char nine[] = "αβγδεζηθι"; /* 9 characters, 18 bytes */
    mbstate_t st;
    wchar_t wbuf[8];
    char cbuf[16];

    /* 9 wide characters and the NUL: 40 bytes into 24 */
    struct wrec *w = short_block(24);
    bad |= mbstowcs(w->name, nine, v10) != 9 || w->name[8] != L'ι'; // LINE:mbstowcs
    /* 8 bytes and the NUL into 8 */
    struct crec *c = short_block(8);
    bad |= wcstombs(c->name, L"αβγδ", v16) != 8 || c->name[7] != "δ"[1]; // LINE:wcstombs

    /* "αβ" with no NUL: it stops at the redzone's first byte */
    char *s = block("αβ", 4);
    const char *p = s;
    memset(&st, 0, sizeof st);
    bad |= mbsrtowcs(wbuf, &p, v8, &st) != (size_t)-1 || p != s + 4; // LINE:mbsrtowcs
    /* a freed wide string */
    wchar_t *ws = malloc(3 * sizeof(wchar_t));
    wcscpy(ws, L"αβ");
    release(ws);
    const wchar_t *q = ws;
    memset(&st, 0, sizeof st);
    bad |= wcsrtombs(cbuf, &q, v16, &st) != (size_t)-1 || q != ws; // LINE:wcsrtombs

    /* the NUL within the 20 bytes allowed: 10 wide characters into 24 bytes */
    w = short_block(24);
    p = nine;
    memset(&st, 0, sizeof st);
    bad |= mbsnrtowcs(w->name, &p, v20, v10, &st) != 9 || p != NULL; // LINE:mbsnrtowcs
    /* 3 wide characters, no NUL among them: 6 bytes into 4 */
    c = short_block(4);
    q = L"αβγ";
    memset(&st, 0, sizeof st);
    bad |= wcsnrtombs(c->name, &q, v3, v16, &st) != 6 || *q != L'\0'; // LINE:wcsnrtombs

    /* one character, more bytes than the block (8-byte members: glibc
     * requires MB_CUR_MAX, 6) */
    struct {
        char name[8];
        int id;
    } *m = short_block(2);
    memset(&st, 0, sizeof st);
    bad |= wcrtomb(m->name, L'€', &st) != 3; // LINE:wcrtomb
    m = short_block(1);
    bad |= wctomb(m->name, L'α') != 2; // LINE:wctomb

    /* no state given: __mbrlen */
    s = block("αβ", 5);
    release(s);
    bad |= mbrlen(s, v4, NULL) != (size_t)-1; // LINE:mbrlen

    /* inside their blocks, the compiler knowing their sizes: no error */
    wchar_t *wd = malloc(4 * sizeof(wchar_t));
    bad |= mbstowcs(wd, "αβγ", v4) != 3 || wd[3] != L'\0';
    char *cd = malloc(7);
    bad |= wcstombs(cd, L"αβγ", v8 - 1) != 6 || strcmp(cd, "αβγ") != 0;
    p = "αβ";
    memset(&st, 0, sizeof st);
    bad |= mbsnrtowcs(wd, &p, v16, v3, &st) != 2 || p != NULL;
    cd = malloc(6); /* MB_CUR_MAX: glibc stops the program below that */
    bad |= wcrtomb(cd, L'€', &st) != 3 || wctomb(cd, L'α') != 2;
    return bad;
}
