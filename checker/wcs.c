/* wcs.c — the C library's wide-character string and memory functions,
 * checked at the call.
 *
 * wmemcpy, wcscpy, wcslen & co. are strmem.c's functions over wchar_t
 * instead of bytes, and are checked the same way, with the same reports:
 * the copies before the call for what they will read and write (the
 * destination's block repainted after a reported write), the reads after
 * it for how far they read (a8_checker_room before, a8_read_done after).
 * A count of n wide characters is n * sizeof(wchar_t) bytes, and the
 * reports give bytes, as ASan's do.  wcsxfrm, like strxfrm, says what it
 * wrote only in its result: that write is checked after the call
 * (a8_write_done).  The _FORTIFY_SOURCE entries
 * (__wmemcpy_chk & co.) get the checks of the plain calls, then glibc's
 * own entry runs, with its own test against the destination's size (in
 * wide characters, as the compiler passes it).
 *
 * The C library's functions are looked up when the checker starts
 * (a8_wcs_init, from a8_strmem_init) and otherwise at first use, with the
 * guard raised (dlsym may allocate): a call before either, from a library's
 * constructor, looks its function up then.  alloc8 itself calls none of
 * these, and the lengths the checks need are taken from the C library's
 * functions directly, never through the names exported here.  Only in the
 * preloaded checker.
 */
#include "checker.h"
#include "interpose.h"

#include <errno.h>
#include <wchar.h>
#include <wctype.h>

enum {
    W_WMEMCPY,
    W_WMEMPCPY,
    W_WMEMMOVE,
    W_WMEMSET,
    W_WCSCPY,
    W_WCPCPY,
    W_WCSNCPY,
    W_WCSCAT,
    W_WCSNCAT,
    W_WCSLEN,
    W_WCSNLEN,
    W_WCSCMP,
    W_WCSNCMP,
    W_WCSCHR,
    W_WCSRCHR,
    W_WCSCHRNUL,
    W_WMEMCHR,
    W_WMEMCMP,
    W_WCSDUP,
    W_WMEMCPY_CHK,
    W_WMEMPCPY_CHK,
    W_WMEMMOVE_CHK,
    W_WMEMSET_CHK,
    W_WCSCPY_CHK,
    W_WCPCPY_CHK,
    W_WCSNCPY_CHK,
    W_WCSCAT_CHK,
    W_WCSNCAT_CHK,
    W_WCSSTR,
    W_WCSWCS,
    W_WCSTOK,
    W_WCSPBRK,
    W_WCSSPN,
    W_WCSCSPN,
    W_WCSCASECMP,
    W_WCSNCASECMP,
    W_WCPNCPY,
    W_WCPNCPY_CHK,
    W_WCSCOLL,
    W_WCSXFRM,
    W_COUNT
};
static const char *const k_names[W_COUNT] = {
    "wmemcpy",        "wmempcpy",       "wmemmove",      "wmemset",      "wcscpy",
    "wcpcpy",         "wcsncpy",        "wcscat",        "wcsncat",      "wcslen",
    "wcsnlen",        "wcscmp",         "wcsncmp",       "wcschr",       "wcsrchr",
    "wcschrnul",      "wmemchr",        "wmemcmp",       "wcsdup",       "__wmemcpy_chk",
    "__wmempcpy_chk", "__wmemmove_chk", "__wmemset_chk", "__wcscpy_chk", "__wcpcpy_chk",
    "__wcsncpy_chk",  "__wcscat_chk",   "__wcsncat_chk", "wcsstr",       "wcswcs",
    "wcstok",         "wcspbrk",        "wcsspn",        "wcscspn",      "wcscasecmp",
    "wcsncasecmp",    "wcpncpy",        "__wcpncpy_chk", "wcscoll",      "wcsxfrm"};
static void *g_fn[W_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

typedef wchar_t *(*cpy_fn)(wchar_t *, const wchar_t *, size_t);
typedef wchar_t *(*set_fn)(wchar_t *, wchar_t, size_t);
typedef wchar_t *(*str_fn)(wchar_t *, const wchar_t *);
typedef size_t (*len_fn)(const wchar_t *);
typedef size_t (*nlen_fn)(const wchar_t *, size_t);
typedef int (*cmp_fn)(const wchar_t *, const wchar_t *);
typedef int (*ncmp_fn)(const wchar_t *, const wchar_t *, size_t);
typedef wchar_t *(*chr_fn)(const wchar_t *, wchar_t);
typedef wchar_t *(*mchr_fn)(const wchar_t *, wchar_t, size_t);
typedef int (*mcmp_fn)(const wchar_t *, const wchar_t *, size_t);
typedef wchar_t *(*dup_fn)(const wchar_t *);
typedef wchar_t *(*cpy_chk)(wchar_t *, const wchar_t *, size_t, size_t);
typedef wchar_t *(*set_chk)(wchar_t *, wchar_t, size_t, size_t);
typedef wchar_t *(*str_chk)(wchar_t *, const wchar_t *, size_t);
typedef wchar_t *(*sstr_fn)(const wchar_t *, const wchar_t *);
typedef size_t (*span_fn)(const wchar_t *, const wchar_t *);

void a8_wcs_init(void)
{
    for (int i = 0; i < W_COUNT; i++)
        a8_glibc_fn(&g_fn[i], k_names[i]);
}

/* ---- the checks ------------------------------------------------------------------ */

/* n wide characters in bytes (a count too large for memory: all of it). */
static inline size_t wbytes(size_t n)
{
    return n > SIZE_MAX / sizeof(wchar_t) ? SIZE_MAX : n * sizeof(wchar_t);
}

#define NOLEN SIZE_MAX /* no destination size given (the plain entries) */

static size_t real_wcslen(const wchar_t *s) { return REAL(W_WCSLEN, len_fn)(s); }

static size_t real_wcsnlen(const wchar_t *s, size_t n) { return REAL(W_WCSNLEN, nlen_fn)(s, n); }

/* What each copy reads and writes, checked before it runs (NULL unless a
 * write was reported: the block to repaint after).  n and dlen (the size a
 * fortified entry was given, or NOLEN) count wide characters. */
static struct a8_bh *check_copy(const void *ret, const wchar_t *d, const wchar_t *s, size_t n,
                                size_t dlen, const char *fn)
{
    return a8_check_copy(ret, d, s, wbytes(n), wbytes(dlen), fn);
}

/* The copies' overlaps, as the byte functions' (strmem.c), in bytes. */
static inline void overlap(const wchar_t *d, size_t dn, const wchar_t *s, size_t sn, const char *fn)
{
    a8_check_overlap(d, wbytes(dn), s, wbytes(sn), fn);
}

static struct a8_bh *check_wcscpy(const void *ret, const wchar_t *d, const wchar_t *s, size_t dlen,
                                  const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    size_t n = real_wcslen(s) + 1;
    overlap(d, n, s, n, fn);
    return check_copy(ret, d, s, n, dlen, fn);
}

/* wcscat: reads d's string and all of s; writes s and its NUL after d's. */
static struct a8_bh *check_wcscat(const void *ret, const wchar_t *d, const wchar_t *s, size_t dlen,
                                  const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    size_t dl = real_wcslen(d), sl = real_wcslen(s) + 1;
    if (sl > 1)
        overlap(d, dl + sl, s, sl, fn);
    a8_checker_access(s, wbytes(sl), 0, fn);
    return check_copy(ret, d, NULL, dl + sl, dlen, fn);
}

/* wcsncpy: reads up to the NUL or n; writes all n (pads with NULs). */
static struct a8_bh *check_wcsncpy(const void *ret, const wchar_t *d, const wchar_t *s, size_t n,
                                   size_t dlen, const char *fn)
{
    if (!a8_call_checked(ret) || !n)
        return NULL;
    size_t sl = real_wcsnlen(s, n), m = sl < n ? sl + 1 : n;
    overlap(d, m, s, m, fn);
    a8_checker_access(s, wbytes(m), 0, fn);
    return check_copy(ret, d, NULL, n, dlen, fn);
}

/* wcsncat: reads d's string and up to n of s; writes after d's string what
 * it took of s and a NUL. */
static struct a8_bh *check_wcsncat(const void *ret, const wchar_t *d, const wchar_t *s, size_t n,
                                   size_t dlen, const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    size_t dl = real_wcslen(d), sl = real_wcsnlen(s, n), m = sl < n ? sl + 1 : n;
    if (sl)
        overlap(d, dl + sl + 1, s, m, fn);
    a8_checker_access(s, wbytes(m), 0, fn);
    return check_copy(ret, d, NULL, dl + sl + 1, dlen, fn);
}

/* ---- writes: checked before the call ----------------------------------------------- */

/* wmemcpy and wmempcpy (not wmemmove): whether the ranges overlap, but a
 * copy onto itself, as memcpy's. */
static void mem_overlap(const void *ret, int i, const wchar_t *d, const wchar_t *s, size_t n)
{
    if (i != W_WMEMMOVE && i != W_WMEMMOVE_CHK && d != s && a8_call_checked(ret))
        overlap(d, n, s, n, k_names[i]);
}

static wchar_t *copy(const void *ret, int i, wchar_t *d, const wchar_t *s, size_t n)
{
    mem_overlap(ret, i, d, s, n);
    struct a8_bh *h = check_copy(ret, d, s, n, NOLEN, k_names[i]);
    wchar_t *r = REAL(i, cpy_fn)(d, s, n);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *wmemcpy(wchar_t *d, const wchar_t *s, size_t n)
{
    return copy(A8_CALLER, W_WMEMCPY, d, s, n);
}

A8_EXPORT wchar_t *wmempcpy(wchar_t *d, const wchar_t *s, size_t n)
{
    return copy(A8_CALLER, W_WMEMPCPY, d, s, n);
}

A8_EXPORT wchar_t *wmemmove(wchar_t *d, const wchar_t *s, size_t n)
{
    return copy(A8_CALLER, W_WMEMMOVE, d, s, n);
}

A8_EXPORT wchar_t *wmemset(wchar_t *d, wchar_t c, size_t n)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, NOLEN, "wmemset");
    wchar_t *r = REAL(W_WMEMSET, set_fn)(d, c, n);
    a8_call_done(h);
    return r;
}

static wchar_t *str_copy(const void *ret, int i, wchar_t *d, const wchar_t *s)
{
    struct a8_bh *h = check_wcscpy(ret, d, s, NOLEN, k_names[i]);
    wchar_t *r = REAL(i, str_fn)(d, s);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *wcscpy(wchar_t *d, const wchar_t *s)
{
    return str_copy(A8_CALLER, W_WCSCPY, d, s);
}

A8_EXPORT wchar_t *wcpcpy(wchar_t *d, const wchar_t *s)
{
    return str_copy(A8_CALLER, W_WCPCPY, d, s);
}

A8_EXPORT wchar_t *wcsncpy(wchar_t *d, const wchar_t *s, size_t n)
{
    struct a8_bh *h = check_wcsncpy(A8_CALLER, d, s, n, NOLEN, "wcsncpy");
    wchar_t *r = REAL(W_WCSNCPY, cpy_fn)(d, s, n);
    a8_call_done(h);
    return r;
}

/* wcpncpy: wcsncpy's reads and writes (it pads the same); it returns the
 * end instead. */
A8_EXPORT wchar_t *wcpncpy(wchar_t *d, const wchar_t *s, size_t n)
{
    struct a8_bh *h = check_wcsncpy(A8_CALLER, d, s, n, NOLEN, "wcpncpy");
    wchar_t *r = REAL(W_WCPNCPY, cpy_fn)(d, s, n);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *wcscat(wchar_t *d, const wchar_t *s)
{
    struct a8_bh *h = check_wcscat(A8_CALLER, d, s, NOLEN, "wcscat");
    wchar_t *r = REAL(W_WCSCAT, str_fn)(d, s);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *wcsncat(wchar_t *d, const wchar_t *s, size_t n)
{
    struct a8_bh *h = check_wcsncat(A8_CALLER, d, s, n, NOLEN, "wcsncat");
    wchar_t *r = REAL(W_WCSNCAT, cpy_fn)(d, s, n);
    a8_call_done(h);
    return r;
}

/* ---- reads: the call first, then what it read ------------------------------------- */

A8_EXPORT size_t wcslen(const wchar_t *s)
{
    if (!a8_call_checked(A8_CALLER))
        return real_wcslen(s);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    size_t n = real_wcslen(s);
    a8_read_done(s, wbytes(n + 1), room, f, "wcslen");
    return n;
}

A8_EXPORT size_t wcsnlen(const wchar_t *s, size_t max)
{
    if (!a8_call_checked(A8_CALLER))
        return real_wcsnlen(s, max);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    size_t n = real_wcsnlen(s, max);
    a8_read_done(s, wbytes(n < max ? n + 1 : max), room, f, "wcsnlen");
    return n;
}

/* How far a comparison of a and b reads, in wide characters: to the first
 * one that differs (fold: with the locale's case folded, as wcscasecmp) or
 * the first NUL, at most n. */
static inline wint_t fold(wchar_t c, bool on) { return on ? towlower((wint_t)c) : (wint_t)c; }

static size_t cmp_extent(const wchar_t *a, const wchar_t *b, size_t n, bool on)
{
    size_t i = 0;
    while (i < n && fold(a[i], on) == fold(b[i], on) && a[i] != L'\0')
        i++;
    return i < n ? i + 1 : n;
}

/* wcscmp, wcsncmp, wcscasecmp and wcsncasecmp (i says which): to the first
 * difference or NUL, or the bound n of the n-forms. */
static int str_compare(const wchar_t *a, const wchar_t *b, size_t n, int i, const void *ret)
{
    bool bound = i == W_WCSNCMP || i == W_WCSNCASECMP;
    bool on = i == W_WCSCASECMP || i == W_WCSNCASECMP;
    if (!a8_call_checked(ret))
        return bound ? REAL(i, ncmp_fn)(a, b, n) : REAL(i, cmp_fn)(a, b);
    size_t ra = a8_checker_room(a), rb = a8_checker_room(b);
    unsigned f = a8_faults_now();
    int r = bound ? REAL(i, ncmp_fn)(a, b, n) : REAL(i, cmp_fn)(a, b);
    if (ra != SIZE_MAX || rb != SIZE_MAX) { /* a heap string: how far did it read? */
        size_t k = wbytes(cmp_extent(a, b, bound ? n : SIZE_MAX, on));
        a8_read_done(a, k, ra, f, k_names[i]);
        a8_read_done(b, k, rb, f, k_names[i]);
    }
    return r;
}

A8_EXPORT int wcscmp(const wchar_t *a, const wchar_t *b)
{
    return str_compare(a, b, 0, W_WCSCMP, A8_CALLER);
}

A8_EXPORT int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    return str_compare(a, b, n, W_WCSNCMP, A8_CALLER);
}

A8_EXPORT int wcscasecmp(const wchar_t *a, const wchar_t *b)
{
    return str_compare(a, b, 0, W_WCSCASECMP, A8_CALLER);
}

A8_EXPORT int wcsncasecmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    return str_compare(a, b, n, W_WCSNCASECMP, A8_CALLER);
}

/* wcschr and wcschrnul read to the character they find (or the NUL),
 * wcsrchr always the whole string. */
static wchar_t *str_find(const wchar_t *s, wchar_t c, int i, const void *ret)
{
    if (!a8_call_checked(ret))
        return REAL(i, chr_fn)(s, c);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    wchar_t *r = REAL(i, chr_fn)(s, c);
    if (room != SIZE_MAX)
        a8_read_done(s, wbytes(r && i != W_WCSRCHR ? (size_t)(r - s) + 1 : real_wcslen(s) + 1),
                     room, f, k_names[i]);
    return r;
}

A8_EXPORT wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
    return str_find(s, c, W_WCSCHR, A8_CALLER);
}

A8_EXPORT wchar_t *wcsrchr(const wchar_t *s, wchar_t c)
{
    return str_find(s, c, W_WCSRCHR, A8_CALLER);
}

A8_EXPORT wchar_t *wcschrnul(const wchar_t *s, wchar_t c)
{
    return str_find(s, c, W_WCSCHRNUL, A8_CALLER);
}

/* wmemchr: to the character found, or all n. */
A8_EXPORT wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n)
{
    if (!a8_call_checked(A8_CALLER))
        return REAL(W_WMEMCHR, mchr_fn)(s, c, n);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    wchar_t *r = REAL(W_WMEMCHR, mchr_fn)(s, c, n);
    a8_read_done(s, wbytes(r ? (size_t)(r - s) + 1 : n), room, f, "wmemchr");
    return r;
}

/* wmemcmp: all n of both, before the call, as memcmp. */
A8_EXPORT int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    if (a8_call_checked(A8_CALLER) && n) {
        a8_checker_access(a, wbytes(n), 0, "wmemcmp");
        a8_checker_access(b, wbytes(n), 0, "wmemcmp");
    }
    return REAL(W_WMEMCMP, mcmp_fn)(a, b, n);
}

/* wcsdup: the C library copies with its own calls; the source is checked
 * here, before.  (Its malloc is alloc8's, as any other.) */
A8_EXPORT wchar_t *wcsdup(const wchar_t *s)
{
    if (a8_call_checked(A8_CALLER)) {
        size_t room = a8_checker_room(s);
        unsigned f = a8_faults_now();
        if (!a8_string_closed(s, room, sizeof(wchar_t), "wcsdup"))
            a8_read_done(s, wbytes(real_wcslen(s) + 1), room, f, "wcsdup");
    }
    return REAL(W_WCSDUP, dup_fn)(s);
}

/* ---- searches and tokens: wcsstr, wcspbrk, wcsspn, wcscspn, wcstok ---- */

/* What a search read, as strmem.c's: the whole of the second string (the
 * needle, the set), and the first up to where it stopped (s_used wide
 * characters: to the one that stopped it, the NUL it ran to, or for wcsstr
 * the end of the match). */
static void search_done(const wchar_t *s, size_t s_used, size_t rs, const wchar_t *t, size_t rt,
                        unsigned f, const char *fn)
{
    a8_read_done(t, wbytes(real_wcslen(t) + 1), rt, f, fn);
    a8_read_done(s, wbytes(s_used), rs, f, fn);
}

/* wcsstr and wcswcs, its XPG4 name (a symbol of its own in glibc, which a
 * program calling it binds to) */
static wchar_t *str_search(const wchar_t *h, const wchar_t *nd, int i, const void *ret)
{
    if (!a8_call_checked(ret))
        return REAL(i, sstr_fn)(h, nd);
    size_t rh = a8_checker_room(h), rn = a8_checker_room(nd);
    unsigned f = a8_faults_now();
    wchar_t *r = REAL(i, sstr_fn)(h, nd);
    if (rh != SIZE_MAX || rn != SIZE_MAX)
        search_done(h, r ? (size_t)(r - h) + real_wcslen(nd) : real_wcslen(h) + 1, rh, nd, rn, f,
                    k_names[i]);
    return r;
}

A8_EXPORT wchar_t *wcsstr(const wchar_t *h, const wchar_t *nd)
{
    return str_search(h, nd, W_WCSSTR, A8_CALLER);
}

A8_EXPORT wchar_t *wcswcs(const wchar_t *h, const wchar_t *nd)
{
    return str_search(h, nd, W_WCSWCS, A8_CALLER);
}

A8_EXPORT wchar_t *wcspbrk(const wchar_t *s, const wchar_t *set)
{
    if (!a8_call_checked(A8_CALLER))
        return REAL(W_WCSPBRK, sstr_fn)(s, set);
    size_t rs = a8_checker_room(s), rt = a8_checker_room(set);
    unsigned f = a8_faults_now();
    wchar_t *r = REAL(W_WCSPBRK, sstr_fn)(s, set);
    if (rs != SIZE_MAX || rt != SIZE_MAX)
        search_done(s, r ? (size_t)(r - s) + 1 : real_wcslen(s) + 1, rs, set, rt, f, "wcspbrk");
    return r;
}

/* wcsspn and wcscspn: to the wide character that stopped them. */
static size_t span(const wchar_t *s, const wchar_t *set, int i, const void *ret)
{
    if (!a8_call_checked(ret))
        return REAL(i, span_fn)(s, set);
    size_t rs = a8_checker_room(s), rt = a8_checker_room(set);
    unsigned f = a8_faults_now();
    size_t r = REAL(i, span_fn)(s, set);
    if (rs != SIZE_MAX || rt != SIZE_MAX)
        search_done(s, r + 1, rs, set, rt, f, k_names[i]);
    return r;
}

A8_EXPORT size_t wcsspn(const wchar_t *s, const wchar_t *set)
{
    return span(s, set, W_WCSSPN, A8_CALLER);
}

A8_EXPORT size_t wcscspn(const wchar_t *s, const wchar_t *set)
{
    return span(s, set, W_WCSCSPN, A8_CALLER);
}

/* wcstok (C99's, with the caller's place in *save), as strtok_r: the
 * delimiters whole, and the string from where it started to the end of the
 * token it returned (the delimiter it wrote a NUL over, or the string's
 * NUL), or to the NUL when none was left.  With no string and no place
 * left (*save NULL: glibc's wcstok sets it so at the end), the C library
 * fails the call with EINVAL, reading nothing. */
A8_EXPORT wchar_t *wcstok(wchar_t *s, const wchar_t *delim, wchar_t **save)
{
    typedef wchar_t *(*tok_fn)(wchar_t *, const wchar_t *, wchar_t **);
    if (!a8_call_checked(A8_CALLER))
        return REAL(W_WCSTOK, tok_fn)(s, delim, save);
    wchar_t *str = s ? s : *save;
    if (!str)
        return REAL(W_WCSTOK, tok_fn)(s, delim, save);
    size_t rs = a8_checker_room(str), rd = a8_checker_room(delim);
    unsigned f = a8_faults_now();
    wchar_t *r = REAL(W_WCSTOK, tok_fn)(s, delim, save);
    if (rs != SIZE_MAX || rd != SIZE_MAX)
        search_done(str, r ? (size_t)(r - str) + real_wcslen(r) + 1 : real_wcslen(str) + 1, rs,
                    delim, rd, f, "wcstok");
    return r;
}

/* ---- collation: wcscoll, wcsxfrm (strmem.c's strcoll and strxfrm) ---- */

/* wcscoll: both strings whole, to their NULs, as strcoll. */
A8_EXPORT int wcscoll(const wchar_t *a, const wchar_t *b)
{
    if (!a8_call_checked(A8_CALLER))
        return REAL(W_WCSCOLL, cmp_fn)(a, b);
    size_t ra = a8_checker_room(a), rb = a8_checker_room(b);
    unsigned f = a8_faults_now();
    int r = REAL(W_WCSCOLL, cmp_fn)(a, b);
    if (ra != SIZE_MAX || rb != SIZE_MAX) {
        int saved = errno;
        if (ra != SIZE_MAX)
            a8_read_done(a, wbytes(real_wcslen(a) + 1), ra, f, "wcscoll");
        if (rb != SIZE_MAX)
            a8_read_done(b, wbytes(real_wcslen(b) + 1), rb, f, "wcscoll");
        errno = saved;
    }
    return r;
}

/* wcsxfrm, as strxfrm: the source whole, and min(n, r + 1) wide characters
 * written into d (r: its result), checked after the call; those must not
 * overlap the source. */
A8_EXPORT size_t wcsxfrm(wchar_t *d, const wchar_t *s, size_t n)
{
    typedef size_t (*xfrm_fn)(wchar_t *, const wchar_t *, size_t);
    if (!a8_call_checked(A8_CALLER))
        return REAL(W_WCSXFRM, xfrm_fn)(d, s, n);
    size_t rs = a8_checker_room(s), rd = n ? a8_checker_room(d) : SIZE_MAX;
    unsigned f = a8_faults_now();
    size_t sl = real_wcslen(s) + 1; /* before the call, as strxfrm's */
    size_t r = REAL(W_WCSXFRM, xfrm_fn)(d, s, n);
    overlap(d, r < n ? r + 1 : n, s, sl, "wcsxfrm");
    if (rs != SIZE_MAX || rd != SIZE_MAX) {
        int saved = errno;
        if (rs != SIZE_MAX)
            a8_read_done(s, wbytes(sl), rs, f, "wcsxfrm");
        a8_write_done(d, wbytes(r < n ? r + 1 : n), rd, f, "wcsxfrm");
        errno = saved;
    }
    return r;
}

/* ---- the fortified entries --------------------------------------------------------- */

/* The same checks as the plain calls, reported by the entry's name; dlen
 * (the destination's size, in wide characters) goes to glibc's entry,
 * which stops the program when the write is longer (strmem.c). */
static wchar_t *copy_chk(const void *ret, int i, wchar_t *d, const wchar_t *s, size_t n,
                         size_t dlen)
{
    mem_overlap(ret, i, d, s, n);
    struct a8_bh *h = check_copy(ret, d, s, n, dlen, k_names[i]);
    wchar_t *r = REAL(i, cpy_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *__wmemcpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
    return copy_chk(A8_CALLER, W_WMEMCPY_CHK, d, s, n, dlen);
}

A8_EXPORT wchar_t *__wmempcpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
    return copy_chk(A8_CALLER, W_WMEMPCPY_CHK, d, s, n, dlen);
}

A8_EXPORT wchar_t *__wmemmove_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
    return copy_chk(A8_CALLER, W_WMEMMOVE_CHK, d, s, n, dlen);
}

A8_EXPORT wchar_t *__wmemset_chk(wchar_t *d, wchar_t c, size_t n, size_t dlen)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, dlen, "__wmemset_chk");
    wchar_t *r = REAL(W_WMEMSET_CHK, set_chk)(d, c, n, dlen);
    a8_call_done(h);
    return r;
}

static wchar_t *str_copy_chk(const void *ret, int i, wchar_t *d, const wchar_t *s, size_t dlen)
{
    struct a8_bh *h = check_wcscpy(ret, d, s, dlen, k_names[i]);
    wchar_t *r = REAL(i, str_chk)(d, s, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *__wcscpy_chk(wchar_t *d, const wchar_t *s, size_t dlen)
{
    return str_copy_chk(A8_CALLER, W_WCSCPY_CHK, d, s, dlen);
}

A8_EXPORT wchar_t *__wcpcpy_chk(wchar_t *d, const wchar_t *s, size_t dlen)
{
    return str_copy_chk(A8_CALLER, W_WCPCPY_CHK, d, s, dlen);
}

A8_EXPORT wchar_t *__wcsncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
    struct a8_bh *h = check_wcsncpy(A8_CALLER, d, s, n, dlen, "__wcsncpy_chk");
    wchar_t *r = REAL(W_WCSNCPY_CHK, cpy_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *__wcpncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
    struct a8_bh *h = check_wcsncpy(A8_CALLER, d, s, n, dlen, "__wcpncpy_chk");
    wchar_t *r = REAL(W_WCPNCPY_CHK, cpy_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *__wcscat_chk(wchar_t *d, const wchar_t *s, size_t dlen)
{
    struct a8_bh *h = check_wcscat(A8_CALLER, d, s, dlen, "__wcscat_chk");
    wchar_t *r = REAL(W_WCSCAT_CHK, str_chk)(d, s, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT wchar_t *__wcsncat_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
    struct a8_bh *h = check_wcsncat(A8_CALLER, d, s, n, dlen, "__wcsncat_chk");
    wchar_t *r = REAL(W_WCSNCAT_CHK, cpy_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}
