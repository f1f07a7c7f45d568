/* Correct use of the wide formatted calls, each at the very edge of its
 * blocks (the redzone right after the last byte, guard_max=0): no report,
 * and every call answers as natively.  A check that counted one wide
 * character (or byte) more than the call reads or writes would report it.
 *   - %ls and %S in the narrow printf calls: a terminated wide string read
 *     whole, an unterminated one read to the precision, a freed one with a
 *     precision of 0 (nothing read);
 *   - the wide printf calls (wprintf, fwprintf, their v-forms and
 *     fortified entries): %s a char string, %ls a wide one, the same way;
 *   - swprintf, vswprintf and their fortified entries writing exactly their
 *     blocks: the result and its L'\0', and a truncated output (-1), which
 *     glibc writes as n - 1 wide characters and no L'\0' (n 1: the L'\0');
 *   - every wide scanf entry, plain and C99, storing %ls, %s, %c, %lc, %[,
 *     %l[, %S, %C, numbers and the allocating %ms/%mls/%as into blocks of
 *     exactly their size (%s and %[ into a char string: two NULs, as glibc
 *     writes them), swscanf's own string exactly its L'\0' long.
 * stdout is narrow after printf: wprintf and wscanf get a fresh one. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* glibc's fortified entries, called as a -D_FORTIFY_SOURCE build would. */
int __wprintf_chk(int, const wchar_t *, ...);
int __vwprintf_chk(int, const wchar_t *, va_list);
int __fwprintf_chk(FILE *, int, const wchar_t *, ...);
int __vfwprintf_chk(FILE *, int, const wchar_t *, va_list);
int __swprintf_chk(wchar_t *, size_t, int, size_t, const wchar_t *, ...);
int __vswprintf_chk(wchar_t *, size_t, int, size_t, const wchar_t *, va_list);

/* The plain scanf entries, which <wchar.h> leads to the __isoc99_ ones. */
int plain_swscanf(const wchar_t *, const wchar_t *, ...) __asm__("swscanf");
int plain_vswscanf(const wchar_t *, const wchar_t *, va_list) __asm__("vswscanf");
int plain_wscanf(const wchar_t *, ...) __asm__("wscanf");
int plain_vwscanf(const wchar_t *, va_list) __asm__("vwscanf");
int plain_fwscanf(FILE *, const wchar_t *, ...) __asm__("fwscanf");
int plain_vfwscanf(FILE *, const wchar_t *, va_list) __asm__("vfwscanf");

static int bad;

/* A wide string in a block of exactly its characters and L'\0'. */
static wchar_t *wide(const wchar_t *s)
{
    size_t n = wcslen(s) + 1;
    return wmemcpy(malloc(n * sizeof(wchar_t)), s, n);
}

/* n characters of s with no L'\0' (no NUL) after them, in a block of n. */
static wchar_t *wide_n(const wchar_t *s, size_t n)
{
    return wmemcpy(malloc(n * sizeof(wchar_t)), s, n);
}

static char *narrow_n(const char *s, size_t n) { return memcpy(malloc(n), s, n); }

/* ---- printf ---------------------------------------------------------------- */

/* The v-forms, by number: 0 vwprintf, 1 vfwprintf, 2 __vwprintf_chk,
 * 3 __vfwprintf_chk, 4 vswprintf, 5 __vswprintf_chk. */
static int v_wprintf(int which, FILE *fp, wchar_t *d, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = -2;
    switch (which) {
    case 0:
        r = vwprintf(fmt, ap);
        break;
    case 1:
        r = vfwprintf(fp, fmt, ap);
        break;
    case 2:
        r = __vwprintf_chk(1, fmt, ap);
        break;
    case 3:
        r = __vfwprintf_chk(fp, 1, fmt, ap);
        break;
    case 4:
        r = vswprintf(d, n, fmt, ap);
        break;
    case 5:
        r = __vswprintf_chk(d, n, 1, n, fmt, ap);
        break;
    }
    va_end(ap);
    return r;
}

/* swprintf's writes, through entry `which` (0 swprintf, 1 __swprintf_chk,
 * 2 vswprintf, 3 __vswprintf_chk), each into a block exactly its size. */
static int sw(int which, wchar_t *d, size_t n, const wchar_t *fmt, const wchar_t *arg)
{
    switch (which) {
    case 0:
        return swprintf(d, n, fmt, arg);
    case 1:
        return __swprintf_chk(d, n, 1, n, fmt, arg);
    default:
        return v_wprintf(which == 2 ? 4 : 5, NULL, d, n, fmt, arg);
    }
}

static void printfs(void)
{
    wchar_t *w = wide(L"ab"), *w2 = wide_n(L"cd", 2);
    char *c = strdup("ef"), *c2 = narrow_n("gh", 2);
    FILE *null_out = fopen("/dev/null", "w"), *wide_out = fopen("/dev/null", "w");

    /* The narrow calls' %ls and %S. */
    wchar_t *gone = wide(L"gone");
    free(gone);
    bad |= printf("[%ls %.2ls %.5ls %S %.0ls]\n", w, w2, w, w, gone) != 15;
    char buf[32];
    bad |= snprintf(buf, sizeof buf, "%ls%.2S", w, w2) != 4 || strcmp(buf, "abcd") != 0;
    bad |= fprintf(null_out, "%-4ls|%4.2ls", w, w2) != 9;

    /* The wide calls: %s a char string, %ls a wide one. */
    fflush(stdout);
    bad |= !freopen("/dev/null", "w", stdout); /* printf made it narrow */
    const wchar_t *fmt = L"%s %.2s %ls %.2ls %S %.0s\n";
    bad |= wprintf(fmt, c, c2, w, w2, w, (char *)gone) != 16;
    bad |= fwprintf(wide_out, fmt, c, c2, w, w2, w, (char *)gone) != 16;
    bad |= __wprintf_chk(1, fmt, c, c2, w, w2, w, (char *)gone) != 16;
    bad |= __fwprintf_chk(wide_out, 1, fmt, c, c2, w, w2, w, (char *)gone) != 16;
    for (int which = 0; which < 4; which++)
        bad |= v_wprintf(which, wide_out, NULL, 0, fmt, c, c2, w, w2, w, (char *)gone) != 16;

    /* swprintf & co.: what they write, exactly. */
    for (int which = 0; which < 4; which++) {
        wchar_t *d = malloc(6 * sizeof(wchar_t));
        bad |= sw(which, d, 6, L"%ls", L"hello") != 5 || wcscmp(d, L"hello") != 0;
        /* Truncated: n - 1 characters, no L'\0' (n is one more than the block). */
        bad |= sw(which, d, 7, L"%ls", L"hello world") != -1 || wmemcmp(d, L"hello ", 6) != 0;
        free(d);
        wchar_t *one = malloc(sizeof(wchar_t));
        bad |= sw(which, one, 1, L"%ls", L"x") != -1 || *one != L'\0';
        free(one);
        /* Their %s and %ls arguments, read as by wprintf. */
        wchar_t *d2 = malloc(12 * sizeof(wchar_t));
        bad |= v_wprintf(which < 2 ? 4 : 5, NULL, d2, 12, L"%s%.2s%ls%.2ls", c, c2, w, w2) != 8;
        bad |= wcscmp(d2, L"efghabcd") != 0;
        bad |= swprintf(d2, 12, L"%s%.2s%ls%.2ls", c, c2, w, w2) != 8;
        bad |= __swprintf_chk(d2, 12, 1, 12, L"%.2s%.2ls", c2, w2) != 4;
        free(d2);
    }
    fclose(null_out);
    fclose(wide_out);
    free(w), free(w2), free(c), free(c2);
}

/* ---- scanf ----------------------------------------------------------------- */

#define NEW(type) ((type *)malloc(sizeof(type)))

static int v_swscanf(int plain, const wchar_t *s, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = plain ? plain_vswscanf(s, fmt, ap) : vswscanf(s, fmt, ap);
    va_end(ap);
    return r;
}

static int v_wscanf(int plain, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = plain ? plain_vwscanf(fmt, ap) : vwscanf(fmt, ap);
    va_end(ap);
    return r;
}

static int v_fwscanf(int plain, FILE *fp, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = plain ? plain_vfwscanf(fp, fmt, ap) : vfwscanf(fp, fmt, ap);
    va_end(ap);
    return r;
}

/* A line of every string and character kind, into exactly-sized blocks,
 * from a source exactly its length. */
static void kinds(int plain)
{
    wchar_t *src = wide(L"wide word xyz pq abc def ghi jk l 42 2.5");
    wchar_t *ls = malloc(5 * sizeof(wchar_t)), *lc = malloc(2 * sizeof(wchar_t));
    wchar_t *lset = malloc(4 * sizeof(wchar_t)), *S = malloc(4 * sizeof(wchar_t)),
            *C = NEW(wchar_t);
    /* A wide format's %s and %[ char strings end with two NULs (glibc's). */
    char *s = malloc(6), *c = malloc(3), *set = malloc(5), *c1 = malloc(1);
    int *d = NEW(int);
    double *lf = NEW(double);
    const wchar_t *fmt = L"%ls %s %3c %2lc %l[a-c] %[d-f] %S %c%C %*c%d %lf";
    int r = plain ? plain_swscanf(src, fmt, ls, s, c, lc, lset, set, S, c1, C, d, lf)
                  : swscanf(src, fmt, ls, s, c, lc, lset, set, S, c1, C, d, lf);
    bad |= r != 11;
    bad |= v_swscanf(plain, src, fmt, ls, s, c, lc, lset, set, S, c1, C, d, lf) != 11;
    bad |= wcscmp(ls, L"wide") || strcmp(s, "word") || memcmp(c, "xyz", 3);
    bad |= wmemcmp(lc, L"pq", 2) || wcscmp(lset, L"abc") || strcmp(set, "def");
    bad |= wcscmp(S, L"ghi") || *c1 != 'j' || *C != L'k' || *d != 42 || *lf != 2.5;
    free(src), free(ls), free(lc), free(lset), free(S), free(C), free(s), free(c), free(set);
    free(c1), free(d), free(lf);
}

static void scanfs(void)
{
    for (int plain = 0; plain < 2; plain++)
        kinds(plain);

    /* Allocating conversions: the pointer is the write. */
    char **ms = NEW(char *), **as = NEW(char *);
    wchar_t **mls = NEW(wchar_t *);
    bad |= swscanf(L"alloc wide", L"%ms %mls", ms, mls) != 2;
    bad |= strcmp(*ms, "alloc") || wcscmp(*mls, L"wide");
    bad |= plain_swscanf(L"gnu", L"%as", as) != 1 || strcmp(*as, "gnu");
    free(*ms), free(*mls), free(*as), free(ms), free(mls), free(as);

    /* The stream entries, plain and C99. */
    wchar_t *word = malloc(4 * sizeof(wchar_t));
    char *nword = malloc(5); /* 3 bytes and two NULs */
    int *d = NEW(int);
    for (int plain = 0; plain < 2; plain++) {
        FILE *fp = tmpfile();
        bad |= !fp || fputws(L"six 6 ten 10\n", fp) < 0 || fseek(fp, 0, SEEK_SET) != 0;
        bad |=
            (plain ? plain_fwscanf(fp, L"%ls %d", word, d) : fwscanf(fp, L"%ls %d", word, d)) != 2;
        bad |= wcscmp(word, L"six") || *d != 6;
        bad |= v_fwscanf(plain, fp, L"%s %d", nword, d) != 2 || strcmp(nword, "ten") || *d != 10;
        fclose(fp);
    }
    char path[] = "/tmp/alloc8-clean-wide-XXXXXX";
    int fd = mkstemp(path);
    FILE *in = fd < 0 ? NULL : fdopen(fd, "w");
    bad |= !in || fputs("abc 1 def 2 ghi 3 jkl 4\n", in) < 0 || fclose(in) != 0;
    bad |= !freopen(path, "r", stdin);
    unlink(path);
    bad |= wscanf(L"%ls %d", word, d) != 2 || wcscmp(word, L"abc") || *d != 1;
    bad |= v_wscanf(0, L"%s %d", nword, d) != 2 || strcmp(nword, "def") || *d != 2;
    bad |= plain_wscanf(L"%ls %d", word, d) != 2 || wcscmp(word, L"ghi") || *d != 3;
    bad |= v_wscanf(1, L"%s %d", nword, d) != 2 || strcmp(nword, "jkl") || *d != 4;
    free(word), free(nword), free(d);
}

int main(void)
{
    printfs();
    scanfs();
    return bad;
}
