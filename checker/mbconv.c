/* mbconv.c — the C library's conversions between multibyte and wide
 * characters, checked at the call.
 *
 * mbstowcs(dst, src, len) writes up to len wide characters, len *
 * sizeof(wchar_t) bytes; wcstombs(dst, src, len) up to len bytes, however
 * many characters they hold.  Their restartable forms (mbsrtowcs,
 * wcsrtombs) take the source by reference and advance it, the n forms
 * (mbsnrtowcs, wcsnrtombs) also stop after nms bytes or wide characters of
 * it, and wcrtomb, wctomb, mbrtowc, mbtowc, mbrlen and mblen convert one
 * character.  How much a call reads and writes depends on the characters,
 * so it is checked after the call, from what the call says it did (as
 * sprintf's write in iocalls.c and the string reads in strmem.c):
 *
 *   destination   what the call wrote: its result, plus the terminating
 *                 NUL (L'\0') when the conversion reached the end of the
 *                 source (the r forms then set *src to NULL).  Nothing for
 *                 a NULL destination (the call only counts) or a failed
 *                 call ((size_t)-1: how much it wrote before the invalid
 *                 sequence is not returned).
 *   source        what the conversion consumed: from *src before the call
 *                 to where the call left it, or to and including the NUL
 *                 when it set it to NULL; without a destination, the whole
 *                 string and its NUL (an n form: to the NUL or nms).  A
 *                 failed call read to the element it stopped at, that one
 *                 included (*src is left there; without a destination only
 *                 the first element is certain).
 *   *src          the r forms' pointer: read, and written back when there
 *                 is a destination.  Its size is known: checked before.
 *   ps            the conversion state, sizeof(mbstate_t): read, and
 *                 written unless the destination is NULL (glibc then
 *                 converts with a copy).  Checked before, and reported
 *                 there even when it reaches a guard page (A8_ACC_NOFAULT):
 *                 the C library may never touch its last bytes, and no
 *                 fault would tell.  An n form given nms == 0 touches none
 *                 of its arguments.
 *   one character mbrtowc, mbrlen, mbtowc, mblen read the character's
 *                 bytes (their result), the NUL (result 0), all n bytes of
 *                 an incomplete one (mbrtowc's -2); an invalid one ((size_t)
 *                 -1) to the byte that broke it, found by converting again
 *                 from the same state (bad_len), or only its first byte
 *                 when the state is the C library's own (ps NULL, mbtowc).
 *                 mbtowc and mblen read the first byte even with n == 0.
 *                 pwc gets a wchar_t when a character was converted;
 *                 wcrtomb and wctomb write the result's bytes.
 *
 * ASan's interceptors (sanitizer_common) count differently in places:
 *  - the source: none for mbstowcs, wcstombs, mbsrtowcs and wcsrtombs; all
 *    nms *bytes* for the n forms, before the call (for wcsnrtombs a quarter
 *    of its wide characters; for mbsnrtowcs more than it reads when the
 *    NUL comes first).  Here: what was consumed, as for strlen & co.
 *    glibc's functions measure ahead (strnlen, wcsnlen: up to len or nms),
 *    which is not counted past what the conversion used, and is kept inside
 *    a heap source's block when the conversion stops there (ahead_start).
 *  - wcstombs's destination: result + (result < len) bytes, one too many
 *    when the next character did not fit in what was left (the call stops
 *    short of len without a NUL).  Here the NUL only when *src became
 *    NULL.  For mbstowcs the two agree (a wide character always fits).
 *  - wcrtomb, wctomb: ASan converts into a buffer of its own and checks
 *    the result's bytes before copying them; here the call writes and the
 *    bytes are checked after, as for sprintf.
 *  - mbrtowc, mbtowc, mbrlen, mblen: not intercepted (MSan marks pwc's
 *    wchar_t written, on -2 too); here as above.
 *  - ps: read, before the call; here read or written, as the call does.
 *  - a failed call: ASan checks no write, nor does alloc8 (how much was
 *    written is not returned); its reads are counted here as said above.
 *
 * mbstowcs and wcstombs (and their fortified entries) tell neither how far
 * they read nor, for wcstombs, whether they wrote the NUL.  glibc's are
 * mbsrtowcs and wcsrtombs from a zeroed state (stdlib/mbstowcs.c,
 * wcstombs.c, debug/mbstowcs_chk.c, wcstombs_chk.c, whose test of len
 * against dstlen is __mbsrtowcs_chk's and __wcsrtombs_chk's): the checked
 * calls are made so, and the pointer those advance says both.
 *
 * A write or read that faulted in a guard page was reported there: the
 * call's checks then stay quiet.  A reported write's block is settled
 * after (a8_checker_access_done), so free does not report the damage
 * again.  errno is the call's.  The C library's functions, and the string
 * lengths the checks take, are looked up when the checker starts
 * (a8_mbconv_init, from a8_strmem_init) or at first use, never through the
 * names this library exports.  Only in the preloaded checker.
 */
#include "checker.h"
#include "interpose.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <wchar.h>

enum {
    M_MBSTOWCS,
    M_WCSTOMBS,
    M_MBSRTOWCS,
    M_WCSRTOMBS,
    M_MBSNRTOWCS,
    M_WCSNRTOMBS,
    M_WCRTOMB,
    M_WCTOMB,
    M_MBRTOWC,
    M_MBTOWC,
    M_MBRLEN,
    M_MBLEN,
    M___MBRLEN,
    M_MBSTOWCS_CHK,
    M_WCSTOMBS_CHK,
    M_MBSRTOWCS_CHK,
    M_WCSRTOMBS_CHK,
    M_MBSNRTOWCS_CHK,
    M_WCSNRTOMBS_CHK,
    M_WCRTOMB_CHK,
    M_WCTOMB_CHK,
    M_STRLEN,
    M_STRNLEN,
    M_WCSLEN,
    M_WCSNLEN,
    M_COUNT
};
static const char *const k_names[M_COUNT] = {
    "mbstowcs",        "wcstombs",        "mbsrtowcs",        "wcsrtombs",        "mbsnrtowcs",
    "wcsnrtombs",      "wcrtomb",         "wctomb",           "mbrtowc",          "mbtowc",
    "mbrlen",          "mblen",           "__mbrlen",         "__mbstowcs_chk",   "__wcstombs_chk",
    "__mbsrtowcs_chk", "__wcsrtombs_chk", "__mbsnrtowcs_chk", "__wcsnrtombs_chk", "__wcrtomb_chk",
    "__wctomb_chk",    "strlen",          "strnlen",          "wcslen",           "wcsnlen"};
static void *g_fn[M_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

typedef size_t (*mbs_fn)(wchar_t *, const char *, size_t);
typedef size_t (*wcs_fn)(char *, const wchar_t *, size_t);
typedef size_t (*mbsr_fn)(wchar_t *, const char **, size_t, mbstate_t *);
typedef size_t (*wcsr_fn)(char *, const wchar_t **, size_t, mbstate_t *);
typedef size_t (*mbsnr_fn)(wchar_t *, const char **, size_t, size_t, mbstate_t *);
typedef size_t (*wcsnr_fn)(char *, const wchar_t **, size_t, size_t, mbstate_t *);
typedef size_t (*mbs_chk)(wchar_t *, const char *, size_t, size_t);
typedef size_t (*wcs_chk)(char *, const wchar_t *, size_t, size_t);
typedef size_t (*mbsr_chk)(wchar_t *, const char **, size_t, mbstate_t *, size_t);
typedef size_t (*wcsr_chk)(char *, const wchar_t **, size_t, mbstate_t *, size_t);
typedef size_t (*mbsnr_chk)(wchar_t *, const char **, size_t, size_t, mbstate_t *, size_t);
typedef size_t (*wcsnr_chk)(char *, const wchar_t **, size_t, size_t, mbstate_t *, size_t);
typedef size_t (*wcr_fn)(char *, wchar_t, mbstate_t *);
typedef size_t (*wcr_chk)(char *, wchar_t, mbstate_t *, size_t);
typedef int (*wct_fn)(char *, wchar_t);
typedef int (*wct_chk)(char *, wchar_t, size_t);
typedef size_t (*mbr_fn)(wchar_t *, const char *, size_t, mbstate_t *);
typedef size_t (*mbrlen_fn)(const char *, size_t, mbstate_t *);
typedef int (*mbt_fn)(wchar_t *, const char *, size_t);
typedef int (*mbl_fn)(const char *, size_t);
typedef size_t (*len_fn)(const char *);
typedef size_t (*nlen_fn)(const char *, size_t);
typedef size_t (*wlen_fn)(const wchar_t *);
typedef size_t (*wnlen_fn)(const wchar_t *, size_t);

void a8_mbconv_init(void)
{
    for (int i = 0; i < M_COUNT; i++)
        a8_glibc_fn(&g_fn[i], k_names[i]);
}

#define FAILED ((size_t)-1)     /* an invalid sequence, or a character with no encoding */
#define INCOMPLETE ((size_t)-2) /* mbrtowc: the n bytes begin a character */

/* n elements of size sz in bytes (a count too large for memory: all of it). */
static inline size_t bytes(size_t n, size_t sz) { return n > SIZE_MAX / sz ? SIZE_MAX : n * sz; }

/* After the call: its write of n bytes at p (room: a8_checker_room(p) before
 * it), reported unless it stayed in the block or the call faulted in a guard
 * page meanwhile (reported there); a reported block is settled. */
static void wrote(void *p, size_t n, size_t room, unsigned faults, const char *fn)
{
    if (A8_UNLIKELY(n > room) && a8_faults_now() == faults)
        a8_call_done(a8_checker_access(p, n, A8_ACC_WRITE, fn));
}

/* ---- the string conversions ---------------------------------------------------- */

/* One checked string conversion: conv_start before the C library's call
 * (false: not checked, call it as given), conv_end after it with its result. */
struct conv {
    const char *fn;
    bool wide_src; /* wcs...tombs: the source is wide, the destination bytes */
    size_t nms;    /* an n form's bound on the source, else SIZE_MAX */
    void *dst;
    const void *slot; /* where the source pointer is (*src), advanced by the call */
    const void *from; /* the source pointer before the call */
    size_t room_src, room_dst;
    unsigned faults;
    struct a8_bh *h[2]; /* the blocks of *src and ps, when a write to them was reported */
};

static inline const void *slot_get(const void *slot)
{
    const void *p;
    __builtin_memcpy(&p, slot, sizeof p); /* a char * or a wchar_t * */
    return p;
}

/* prog: *src is the program's (the r forms), else the entry's own (mbstowcs,
 * wcstombs: a pointer and state of its own, nothing to check). */
static bool conv_start(struct conv *c, const void *ret, const char *fn, bool wide_src, void *dst,
                       const void *slot, bool prog, size_t nms, const mbstate_t *ps)
{
    if (!a8_call_checked(ret) || !nms) /* nms == 0: nothing is touched */
        return false;
    int saved = errno;
    unsigned how = dst ? A8_ACC_WRITE : 0;
    c->fn = fn;
    c->wide_src = wide_src;
    c->nms = nms;
    c->dst = dst;
    c->slot = slot;
    c->h[0] = prog ? a8_checker_access(slot, sizeof(void *), how, fn) : NULL;
    c->h[1] = ps ? a8_checker_access(ps, sizeof *ps, how | A8_ACC_NOFAULT, fn) : NULL;
    c->from = slot_get(slot);
    c->room_src = a8_checker_room(c->from);
    c->room_dst = dst ? a8_checker_room(dst) : SIZE_MAX;
    c->faults = a8_faults_now();
    errno = saved;
    return true;
}

/* The elements (bytes or wide characters) from s to its NUL, that one
 * included, or the nms first (SIZE_MAX: no bound). */
static size_t str_extent(const void *s, bool wide, size_t nms)
{
    if (nms == SIZE_MAX)
        return (wide ? REAL(M_WCSLEN, wlen_fn)(s) : REAL(M_STRLEN, len_fn)(s)) + 1;
    size_t k = wide ? REAL(M_WCSNLEN, wnlen_fn)(s, nms) : REAL(M_STRNLEN, nlen_fn)(s, nms);
    return k < nms ? k + 1 : nms;
}

static void conv_end(const struct conv *c, size_t r)
{
    int saved = errno;
    a8_call_done(c->h[0]);
    a8_call_done(c->h[1]);
    size_t esz = c->wide_src ? sizeof(wchar_t) : 1;
    /* Without a destination the source pointer stays where it was. */
    const char *end = c->dst ? slot_get(c->slot) : NULL;
    /* A heap source: how far was it read?  (Not when the call faulted in a
     * guard page: reported there.) */
    if (c->room_src != SIZE_MAX && a8_faults_now() == c->faults) {
        size_t used;
        if (r == FAILED)
            used = end ? (size_t)(end - (const char *)c->from) / esz + 1 : 1;
        else if (end)
            used = (size_t)(end - (const char *)c->from) / esz;
        else
            used = str_extent(c->from, c->wide_src, c->nms);
        a8_read_done(c->from, bytes(used, esz), c->room_src, c->faults, c->fn);
    }
    if (c->dst && r != FAILED) /* the result, and the NUL when it got to the end */
        wrote(c->dst, bytes(r + !end, c->wide_src ? 1 : sizeof(wchar_t)), c->room_dst, c->faults,
              c->fn);
    errno = saved;
}

#define NOBOUND SIZE_MAX

/* With a destination, glibc's mbsrtowcs and wcsrtombs look for the source's
 * terminator before they convert: strnlen to len * MB_CUR_MAX bytes, wcsnlen
 * to len - 1 wide characters (wcsmbs/mbsrtowcs_l.c, wcsrtombs.c), however
 * few of them the conversion then uses.  A source with no terminator in the
 * rest of its heap block is still correct when the conversion stops at len
 * inside the block; but that look-ahead reads past the block, and with a
 * guard page there it faulted and was reported as the program's overflow.
 * So such a call is made as the n form bounded by the block (mbsnrtowcs,
 * wcsnrtombs, whose look-ahead stops at their bound), which converts the
 * same way while it stays inside; so is an n form's whose bound is past the
 * block, with the block's.  Should it use up the block before len
 * stops it, the plain call would go on reading past the block: that is the
 * program's overread, so the bounded call is undone (the source pointer,
 * the state and errno put back; what it wrote the plain call writes again)
 * and the plain call made and checked as before.  Only with a state the
 * program passes (both forms share it; glibc's own internal states are one
 * per function). */
struct ahead {
    size_t avail; /* elements from the source to its block's end */
    mbstate_t st; /* *ps before the bounded call */
    int err;
};

static bool ahead_start(struct ahead *a, const struct conv *c, size_t len, const mbstate_t *ps)
{
    if (!c->dst || !ps || !len || c->room_src == SIZE_MAX || a8_faults_now() != c->faults)
        return false;
    size_t esz = c->wide_src ? sizeof(wchar_t) : 1;
    a->avail = c->room_src / esz;
    /* Elements glibc may read: its look-ahead, and the one after it. */
    size_t mbmax = MB_CUR_MAX;
    size_t reach = c->wide_src ? len : len > (SIZE_MAX - 1) / mbmax ? SIZE_MAX : len * mbmax + 1;
    if (c->nms != NOBOUND && c->nms < reach)
        reach = c->nms; /* an n form: its bound */
    if (!a->avail || reach <= a->avail ||
        str_extent(c->from, c->wide_src, a->avail) < a->avail) /* a terminator inside */
        return false;
    __builtin_memcpy(&a->st, ps, sizeof a->st);
    a->err = errno;
    return true;
}

/* After the bounded call: true when its result stands; false when it was
 * undone, for the plain call. */
static bool ahead_end(const struct ahead *a, const struct conv *c, size_t len, size_t r,
                      mbstate_t *ps)
{
    if (r == FAILED || r == len)
        return true; /* an invalid sequence inside the block, or len reached */
    size_t esz = c->wide_src ? sizeof(wchar_t) : 1;
    const char *at = slot_get(c->slot);
    if (at && (size_t)(at - (const char *)c->from) / esz < a->avail)
        return true; /* stopped inside: the next character did not fit */
    __builtin_memcpy((void *)c->slot, &c->from, sizeof c->from);
    __builtin_memcpy(ps, &a->st, sizeof a->st);
    errno = a->err;
    return false;
}

/* The call bounded by the source's block when that is safe (ahead_start,
 * ahead_end; `bounded` names the bound BLOCK_AVAIL), else `plain`, the
 * call as the program made it: its result. */
#define CONVERT(c, len, ps, bounded, plain)                                                        \
    ({                                                                                             \
        struct ahead a_;                                                                           \
        size_t r_;                                                                                 \
        if (!ahead_start(&a_, &(c), (len), (ps)) ||                                                \
            !ahead_end(&a_, &(c), (len), r_ = (bounded), (ps)))                                    \
            r_ = (plain);                                                                          \
        r_;                                                                                        \
    })
#define BLOCK_AVAIL a_.avail

A8_EXPORT size_t mbstowcs(wchar_t *dst, const char *src, size_t len)
{
    const char *p = src;
    mbstate_t st = {0};
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "mbstowcs", false, dst, &p, false, NOBOUND, NULL))
        return REAL(M_MBSTOWCS, mbs_fn)(dst, src, len);
    size_t r = CONVERT(c, len, &st, REAL(M_MBSNRTOWCS, mbsnr_fn)(dst, &p, BLOCK_AVAIL, len, &st),
                       REAL(M_MBSRTOWCS, mbsr_fn)(dst, &p, len, &st));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t wcstombs(char *dst, const wchar_t *src, size_t len)
{
    const wchar_t *p = src;
    mbstate_t st = {0};
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "wcstombs", true, dst, &p, false, NOBOUND, NULL))
        return REAL(M_WCSTOMBS, wcs_fn)(dst, src, len);
    size_t r = CONVERT(c, len, &st, REAL(M_WCSNRTOMBS, wcsnr_fn)(dst, &p, BLOCK_AVAIL, len, &st),
                       REAL(M_WCSRTOMBS, wcsr_fn)(dst, &p, len, &st));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t mbsrtowcs(wchar_t *dst, const char **src, size_t len, mbstate_t *ps)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "mbsrtowcs", false, dst, src, true, NOBOUND, ps))
        return REAL(M_MBSRTOWCS, mbsr_fn)(dst, src, len, ps);
    size_t r = CONVERT(c, len, ps, REAL(M_MBSNRTOWCS, mbsnr_fn)(dst, src, BLOCK_AVAIL, len, ps),
                       REAL(M_MBSRTOWCS, mbsr_fn)(dst, src, len, ps));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t wcsrtombs(char *dst, const wchar_t **src, size_t len, mbstate_t *ps)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "wcsrtombs", true, dst, src, true, NOBOUND, ps))
        return REAL(M_WCSRTOMBS, wcsr_fn)(dst, src, len, ps);
    size_t r = CONVERT(c, len, ps, REAL(M_WCSNRTOMBS, wcsnr_fn)(dst, src, BLOCK_AVAIL, len, ps),
                       REAL(M_WCSRTOMBS, wcsr_fn)(dst, src, len, ps));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t mbsnrtowcs(wchar_t *dst, const char **src, size_t nms, size_t len, mbstate_t *ps)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "mbsnrtowcs", false, dst, src, true, nms, ps))
        return REAL(M_MBSNRTOWCS, mbsnr_fn)(dst, src, nms, len, ps);
    size_t r = CONVERT(c, len, ps, REAL(M_MBSNRTOWCS, mbsnr_fn)(dst, src, BLOCK_AVAIL, len, ps),
                       REAL(M_MBSNRTOWCS, mbsnr_fn)(dst, src, nms, len, ps));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t wcsnrtombs(char *dst, const wchar_t **src, size_t nwc, size_t len, mbstate_t *ps)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "wcsnrtombs", true, dst, src, true, nwc, ps))
        return REAL(M_WCSNRTOMBS, wcsnr_fn)(dst, src, nwc, len, ps);
    size_t r = CONVERT(c, len, ps, REAL(M_WCSNRTOMBS, wcsnr_fn)(dst, src, BLOCK_AVAIL, len, ps),
                       REAL(M_WCSNRTOMBS, wcsnr_fn)(dst, src, nwc, len, ps));
    conv_end(&c, r);
    return r;
}

/* ---- one character ------------------------------------------------------------- */

/* How many bytes at s a conversion that found them invalid (-1) read: to
 * the byte that broke the sequence.  Converting again from the same state
 * st with 1, 2, ... of the n bytes finds it: while those begin a character
 * (-2), the next byte was read too.  The state unknown (NULL), only the
 * first byte is certain. */
static size_t bad_len(const char *s, size_t n, const mbstate_t *st)
{
    size_t m = 1;
    if (st)
        for (; m < n && m < MB_LEN_MAX; m++) {
            mbstate_t t = *st;
            if (REAL(M_MBRTOWC, mbr_fn)(NULL, s, m, &t) != INCOMPLETE)
                break;
        }
    return m;
}

/* One checked character conversion: chr_start before the call (the state
 * checked, the rooms of the buffers it reads and writes kept), chr_end after
 * it with what it read and wrote. */
struct chr {
    const char *fn;
    struct a8_bh *h; /* the state's block, when a write to it was reported */
    size_t room_in, room_out;
    unsigned faults;
    mbstate_t st;  /* the state before, for bad_len ... */
    bool st_known; /* ... when it could be copied */
};

static void chr_start(struct chr *c, const char *fn, const char *in, void *out, mbstate_t *ps)
{
    int saved = errno;
    c->fn = fn;
    c->h = ps ? a8_checker_access(ps, sizeof *ps, A8_ACC_WRITE | A8_ACC_NOFAULT, fn) : NULL;
    c->room_in = a8_checker_room(in);
    c->room_out = a8_checker_room(out);
    /* A heap source's conversion may fail: keep the state it starts from,
     * unless it lies in a freed block (fill bytes) or past one's end. */
    size_t room_ps = ps ? a8_checker_room(ps) : 0;
    c->st_known = ps && c->room_in != SIZE_MAX && room_ps >= sizeof *ps;
    if (c->st_known)
        c->st = *ps;
    c->faults = a8_faults_now();
    errno = saved;
}

/* What a conversion of one character read from s (n given) when it
 * returned r (mbrtowc's results: mbtowc and mblen fold -2 into -1). */
static size_t chr_read(const struct chr *c, const char *s, size_t n, size_t r)
{
    if (r == 0) /* the NUL */
        return 1;
    if (r == INCOMPLETE)
        return n;
    if (r == FAILED)
        return bad_len(s, n, c->st_known ? &c->st : NULL);
    return r;
}

static void chr_end(const struct chr *c, const char *in, size_t nin, void *out, size_t nout)
{
    int saved = errno;
    a8_call_done(c->h);
    a8_read_done(in, nin, c->room_in, c->faults, c->fn);
    if (nout)
        wrote(out, nout, c->room_out, c->faults, c->fn);
    errno = saved;
}

/* mbrtowc, mbrlen and __mbrlen (pwc NULL).  s NULL resets the state (read
 * and written) and reads nothing; n == 0 touches nothing. */
static size_t mbr(const void *ret, int i, wchar_t *pwc, const char *s, size_t n, mbstate_t *ps)
{
    size_t r;
    if (!a8_call_checked(ret) || (s && !n))
        return i == M_MBRTOWC ? REAL(i, mbr_fn)(pwc, s, n, ps) : REAL(i, mbrlen_fn)(s, n, ps);
    struct chr c;
    chr_start(&c, k_names[i], s, pwc, ps);
    r = i == M_MBRTOWC ? REAL(i, mbr_fn)(pwc, s, n, ps) : REAL(i, mbrlen_fn)(s, n, ps);
    if (s) {
        bool one = pwc && r != FAILED && r != INCOMPLETE;
        chr_end(&c, s, chr_read(&c, s, n, r), pwc, one ? sizeof *pwc : 0);
    } else {
        chr_end(&c, NULL, 0, NULL, 0);
    }
    return r;
}

A8_EXPORT size_t mbrtowc(wchar_t *pwc, const char *s, size_t n, mbstate_t *ps)
{
    return mbr(A8_CALLER, M_MBRTOWC, pwc, s, n, ps);
}

A8_EXPORT size_t mbrlen(const char *s, size_t n, mbstate_t *ps)
{
    return mbr(A8_CALLER, M_MBRLEN, NULL, s, n, ps);
}

/* <wchar.h>'s inline mbrlen calls this with ps NULL when optimising. */
A8_EXPORT size_t __mbrlen(const char *s, size_t n, mbstate_t *ps)
{
    return mbr(A8_CALLER, M___MBRLEN, NULL, s, n, ps);
}

/* mbtowc: s NULL resets its own state and reads nothing; otherwise the
 * first byte is read whatever n (a NUL answers 0 at once).  Its state is
 * the C library's: an invalid character's first byte is all that is
 * certain.  mblen starts from a zeroed state every time. */
A8_EXPORT int mbtowc(wchar_t *pwc, const char *s, size_t n)
{
    if (!a8_call_checked(A8_CALLER) || !s)
        return REAL(M_MBTOWC, mbt_fn)(pwc, s, n);
    struct chr c;
    chr_start(&c, "mbtowc", s, pwc, NULL);
    int r = REAL(M_MBTOWC, mbt_fn)(pwc, s, n);
    chr_end(&c, s, chr_read(&c, s, n, (size_t)(long)r), pwc, pwc && r != -1 ? sizeof *pwc : 0);
    return r;
}

A8_EXPORT int mblen(const char *s, size_t n)
{
    if (!a8_call_checked(A8_CALLER) || !s)
        return REAL(M_MBLEN, mbl_fn)(s, n);
    struct chr c;
    chr_start(&c, "mblen", s, NULL, NULL);
    int r = REAL(M_MBLEN, mbl_fn)(s, n);
    c.st = (mbstate_t){0};
    c.st_known = true;
    chr_end(&c, s, chr_read(&c, s, n, (size_t)(long)r), NULL, 0);
    return r;
}

/* wcrtomb writes the character's bytes at s (s NULL: none, the state is
 * reset); the state is read and written either way. */
A8_EXPORT size_t wcrtomb(char *s, wchar_t wc, mbstate_t *ps)
{
    if (!a8_call_checked(A8_CALLER))
        return REAL(M_WCRTOMB, wcr_fn)(s, wc, ps);
    struct chr c;
    chr_start(&c, "wcrtomb", NULL, s, ps);
    size_t r = REAL(M_WCRTOMB, wcr_fn)(s, wc, ps);
    chr_end(&c, NULL, 0, s, s && r != FAILED ? r : 0);
    return r;
}

/* wctomb: the same with the C library's own state (s NULL resets it). */
A8_EXPORT int wctomb(char *s, wchar_t wc)
{
    if (!a8_call_checked(A8_CALLER) || !s)
        return REAL(M_WCTOMB, wct_fn)(s, wc);
    struct chr c;
    chr_start(&c, "wctomb", NULL, s, NULL);
    int r = REAL(M_WCTOMB, wct_fn)(s, wc);
    chr_end(&c, NULL, 0, s, r > 0 ? (size_t)r : 0);
    return r;
}

/* ---- the fortified entries --------------------------------------------------------- */

/* The same checks as the plain calls, reported by the entry's name; dstlen
 * (the destination's size as the compiler knew it: wide characters for
 * the mbs forms, bytes for the others) goes to glibc's entry, which stops
 * the program when len is over it, or (wcrtomb, wctomb) when it is under
 * MB_CUR_MAX, before anything is written. */
A8_EXPORT size_t __mbstowcs_chk(wchar_t *dst, const char *src, size_t len, size_t dstlen)
{
    const char *p = src;
    mbstate_t st = {0};
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "__mbstowcs_chk", false, dst, &p, false, NOBOUND, NULL))
        return REAL(M_MBSTOWCS_CHK, mbs_chk)(dst, src, len, dstlen);
    size_t r = CONVERT(c, len, &st,
                       REAL(M_MBSNRTOWCS_CHK, mbsnr_chk)(dst, &p, BLOCK_AVAIL, len, &st, dstlen),
                       REAL(M_MBSRTOWCS_CHK, mbsr_chk)(dst, &p, len, &st, dstlen));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t __wcstombs_chk(char *dst, const wchar_t *src, size_t len, size_t dstlen)
{
    const wchar_t *p = src;
    mbstate_t st = {0};
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "__wcstombs_chk", true, dst, &p, false, NOBOUND, NULL))
        return REAL(M_WCSTOMBS_CHK, wcs_chk)(dst, src, len, dstlen);
    size_t r = CONVERT(c, len, &st,
                       REAL(M_WCSNRTOMBS_CHK, wcsnr_chk)(dst, &p, BLOCK_AVAIL, len, &st, dstlen),
                       REAL(M_WCSRTOMBS_CHK, wcsr_chk)(dst, &p, len, &st, dstlen));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t __mbsrtowcs_chk(wchar_t *dst, const char **src, size_t len, mbstate_t *ps,
                                 size_t dstlen)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "__mbsrtowcs_chk", false, dst, src, true, NOBOUND, ps))
        return REAL(M_MBSRTOWCS_CHK, mbsr_chk)(dst, src, len, ps, dstlen);
    size_t r = CONVERT(c, len, ps,
                       REAL(M_MBSNRTOWCS_CHK, mbsnr_chk)(dst, src, BLOCK_AVAIL, len, ps, dstlen),
                       REAL(M_MBSRTOWCS_CHK, mbsr_chk)(dst, src, len, ps, dstlen));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t __wcsrtombs_chk(char *dst, const wchar_t **src, size_t len, mbstate_t *ps,
                                 size_t dstlen)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "__wcsrtombs_chk", true, dst, src, true, NOBOUND, ps))
        return REAL(M_WCSRTOMBS_CHK, wcsr_chk)(dst, src, len, ps, dstlen);
    size_t r = CONVERT(c, len, ps,
                       REAL(M_WCSNRTOMBS_CHK, wcsnr_chk)(dst, src, BLOCK_AVAIL, len, ps, dstlen),
                       REAL(M_WCSRTOMBS_CHK, wcsr_chk)(dst, src, len, ps, dstlen));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t __mbsnrtowcs_chk(wchar_t *dst, const char **src, size_t nms, size_t len,
                                  mbstate_t *ps, size_t dstlen)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "__mbsnrtowcs_chk", false, dst, src, true, nms, ps))
        return REAL(M_MBSNRTOWCS_CHK, mbsnr_chk)(dst, src, nms, len, ps, dstlen);
    size_t r = CONVERT(c, len, ps,
                       REAL(M_MBSNRTOWCS_CHK, mbsnr_chk)(dst, src, BLOCK_AVAIL, len, ps, dstlen),
                       REAL(M_MBSNRTOWCS_CHK, mbsnr_chk)(dst, src, nms, len, ps, dstlen));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t __wcsnrtombs_chk(char *dst, const wchar_t **src, size_t nwc, size_t len,
                                  mbstate_t *ps, size_t dstlen)
{
    struct conv c;
    if (!conv_start(&c, A8_CALLER, "__wcsnrtombs_chk", true, dst, src, true, nwc, ps))
        return REAL(M_WCSNRTOMBS_CHK, wcsnr_chk)(dst, src, nwc, len, ps, dstlen);
    size_t r = CONVERT(c, len, ps,
                       REAL(M_WCSNRTOMBS_CHK, wcsnr_chk)(dst, src, BLOCK_AVAIL, len, ps, dstlen),
                       REAL(M_WCSNRTOMBS_CHK, wcsnr_chk)(dst, src, nwc, len, ps, dstlen));
    conv_end(&c, r);
    return r;
}

A8_EXPORT size_t __wcrtomb_chk(char *s, wchar_t wc, mbstate_t *ps, size_t buflen)
{
    if (!a8_call_checked(A8_CALLER))
        return REAL(M_WCRTOMB_CHK, wcr_chk)(s, wc, ps, buflen);
    struct chr c;
    chr_start(&c, "__wcrtomb_chk", NULL, s, ps);
    size_t r = REAL(M_WCRTOMB_CHK, wcr_chk)(s, wc, ps, buflen);
    chr_end(&c, NULL, 0, s, s && r != FAILED ? r : 0);
    return r;
}

A8_EXPORT int __wctomb_chk(char *s, wchar_t wc, size_t buflen)
{
    if (!a8_call_checked(A8_CALLER) || !s)
        return REAL(M_WCTOMB_CHK, wct_chk)(s, wc, buflen);
    struct chr c;
    chr_start(&c, "__wctomb_chk", NULL, s, NULL);
    int r = REAL(M_WCTOMB_CHK, wct_chk)(s, wc, buflen);
    chr_end(&c, NULL, 0, s, r > 0 ? (size_t)r : 0);
    return r;
}
