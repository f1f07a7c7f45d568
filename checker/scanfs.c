/* scanfs.c — what the scanf family writes into the program's buffers,
 * checked after the call.
 *
 * sscanf(line, "%s", name) writes the word and its NUL into name, however
 * short name's block is: the classic overflow, which the C library makes
 * where no checked call sees it.  The program's calls of sscanf, scanf,
 * fscanf, their wide forms swscanf, wscanf, fwscanf, the v-forms of all
 * and the C99 entries the headers lead them to (__isoc99_sscanf,
 * __isoc99_swscanf …) come here: the C library's v-form does the work,
 * then the format is walked as the C library walked it, with a copy of the
 * arguments, and each conversion it assigned (its result says how many) is
 * checked for the bytes it wrote, as ASan's scanf interceptor does:
 *   %s, %[…]    the string and its NUL (wide: %ls, %l[…], %S in wchar_t)
 *   %c, %Nc     1 or N chars (wide: %lc, %C)
 *   %d %i %u %o %x %X %n   an int, or the type hh h l ll L q j z t give
 *   %f %e %g %a (and capitals)   a float, double (l) or long double (L ll q)
 *   %p          a pointer
 *   %ms, %mc, %m[…]  (and the older GNU %as of the plain entries): the
 *               char * the C library stores; its own malloc'd buffer is not
 *               the program's write
 * %*… assigns nothing and takes no argument.  A %n is checked when it
 * certainly ran: before a later assigned conversion, or right after one.
 * sscanf's string is read to its NUL (the C library measures it first),
 * swscanf's to its L'\0'.  The wide calls' wchar_t formats go through the
 * same walk and store the same things: %s, %[…] and %c a char string (the
 * multibyte form of the wide characters read: %Nc is counted as N bytes,
 * exact for ASCII), their l forms wchar_t.  glibc ends such a %s or %[
 * char string with two NULs, one byte past a block sized for the string
 * and its NUL: that byte is reported too, at the call, as what it wrote.
 *
 * The walk stops at what it does not know (positional arguments "%1$d", a
 * modifier or conversion it has not met): the arguments after it are left
 * alone rather than misread.  Pointers outside the heap are never looked
 * at.  A write that faulted in a guard page was reported there: then the
 * call's writes are not checked again.  A reported write's block is
 * settled after (a8_checker_access_done), so free does not report the
 * damage again.  Only in the preloaded checker; errno is the call's.
 */
#include "checker.h"
#include "interpose.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* The C library's v-forms, which do the work.  The plain ones take the GNU
 * "%as" (allocate) of old; the __isoc99_ ones read %a as a float. */
enum {
    S_VSSCANF,
    S_VSCANF,
    S_VFSCANF,
    S_C99_VSSCANF,
    S_C99_VSCANF,
    S_C99_VFSCANF,
    S_VSWSCANF,
    S_VWSCANF,
    S_VFWSCANF,
    S_C99_VSWSCANF,
    S_C99_VWSCANF,
    S_C99_VFWSCANF,
    S_WCSLEN, /* for the checks' lengths */
    S_COUNT
};
static const char *const k_names[S_COUNT] = {
    "vsscanf",  "vscanf",  "vfscanf",  "__isoc99_vsscanf",  "__isoc99_vscanf",  "__isoc99_vfscanf",
    "vswscanf", "vwscanf", "vfwscanf", "__isoc99_vswscanf", "__isoc99_vwscanf", "__isoc99_vfwscanf",
    "wcslen"};
static void *g_fn[S_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

typedef int (*vss_fn)(const char *, const char *, va_list);
typedef int (*vs_fn)(const char *, va_list);
typedef int (*vfs_fn)(FILE *, const char *, va_list);
typedef int (*vsws_fn)(const wchar_t *, const wchar_t *, va_list);
typedef int (*vws_fn)(const wchar_t *, va_list);
typedef int (*vfws_fn)(FILE *, const wchar_t *, va_list);

static size_t real_wcslen(const wchar_t *s)
{
    typedef size_t (*fn)(const wchar_t *);
    return REAL(S_WCSLEN, fn)(s);
}

/* sscanf's string, read to its NUL (swscanf's, wide, to its L'\0'),
 * checked before the call. */
static void check_source(const void *s, bool wide, const char *fn)
{
    size_t room = a8_checker_room(s);
    if (A8_LIKELY(room == SIZE_MAX)) /* not in the heap */
        return;
    if (a8_string_closed(s, room, wide ? sizeof(wchar_t) : 1, fn))
        return;
    unsigned f = a8_faults_now();
    size_t n = wide ? (real_wcslen(s) + 1) * sizeof(wchar_t) : strlen(s) + 1;
    a8_read_done(s, n, room, f, fn);
}

/* What a conversion wrote: its size, a string, or a char string stored by
 * a wide format, which glibc ends with two NULs: the multibyte form of
 * L'\0' and then a '\0' of its own (vfscanf-internal.c, glibc 2.36 and
 * since), one byte more than the string holds, past a block sized for the
 * string and its NUL. */
enum { W_FIXED, W_STR, W_WSTR, W_MBSTR };

/* One assigned conversion's write into p: n bytes, or the string there. */
static void check_write(void *p, size_t n, int kind, const char *fn)
{
    size_t room = a8_checker_room(p);
    if (A8_LIKELY(room == SIZE_MAX)) /* not in the heap */
        return;
    if (kind == W_STR || kind == W_MBSTR)
        n = strlen(p) + (kind == W_MBSTR ? 2 : 1);
    else if (kind == W_WSTR)
        n = (real_wcslen(p) + 1) * sizeof(wchar_t);
    if (n > room) /* past a live block's end, or in a freed one */
        a8_call_done(a8_checker_access(p, n, A8_ACC_WRITE | A8_ACC_NOFAULT, fn));
}

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* The number at fmt's character *i, past which *i moves. */
static size_t number(struct a8_fmt fmt, size_t *i)
{
    size_t n = 0;
    for (unsigned c; is_digit(c = a8_fmt_at(fmt, *i)); (*i)++)
        n = n < SIZE_MAX / 16 ? n * 10 + (c - '0') : n;
    return n;
}

/* The C library's modifier flags (glibc's vfscanf-internal.c). */
enum { M_CHAR = 1, M_SHORT = 2, M_LONG = 4, M_LONGDBL = 8, M_MALLOC = 16 };

/* Walks fmt as scanf does, taking each argument from *ap in turn, and
 * checks the writes of the first `left` assigned conversions (and of the
 * %n that certainly ran).  gnu_a: "%as" allocates (the plain entries).  A
 * wide format (swscanf & co.) stores what a narrow one does: %s, %[ and %c
 * into a char string (multibyte), %ls, %l[ and %lc into a wchar_t one. */
static void walk(const char *fn, struct a8_fmt fmt, va_list *ap, int left, bool gnu_a)
{
    bool ran = false; /* right after an assigned conversion: a %n here ran */
    for (size_t i = 0; a8_fmt_at(fmt, i); i++) {
        if (a8_fmt_at(fmt, i) != '%') {
            ran = false;
            continue;
        }
        i++;
        if (a8_fmt_at(fmt, i) == '%') {
            ran = false;
            continue;
        }
        bool skip = false;
        unsigned m = 0;
        size_t width;
        if (is_digit(a8_fmt_at(fmt, i))) { /* a width, or a position */
            width = number(fmt, &i);
            if (a8_fmt_at(fmt, i) == '$')
                return; /* positional: the order is not the format's */
        } else {
            for (unsigned c; a8_fmt_in("*'I", c = a8_fmt_at(fmt, i)); i++)
                skip |= c == '*';
            width = number(fmt, &i);
        }
        if (width > INT_MAX)
            return; /* the C library's count overflows: no width at all */
        switch (a8_fmt_at(fmt, i)) {
        case 'h':
            m = a8_fmt_at(fmt, ++i) == 'h' ? M_CHAR : M_SHORT;
            i += m == M_CHAR;
            break;
        case 'l':
            m = a8_fmt_at(fmt, ++i) == 'l' ? M_LONG | M_LONGDBL : M_LONG;
            i += m != M_LONG;
            break;
        case 'q':
        case 'L':
            m = M_LONG | M_LONGDBL;
            i++;
            break;
        case 'j':
        case 'z':
        case 't':
            m = M_LONG; /* 64-bit: intmax_t, size_t, ptrdiff_t are longs */
            i++;
            break;
        case 'm':
            m = M_MALLOC;
            if (a8_fmt_at(fmt, ++i) == 'l') {
                m |= M_LONG;
                i++;
            }
            break;
        case 'a': /* a flag only before s, S or [, and only in the plain entries */
            if (gnu_a && a8_fmt_in("sS[", a8_fmt_at(fmt, i + 1))) {
                m = M_MALLOC;
                i++;
            }
            break;
        default:
            break;
        }
        unsigned c = a8_fmt_at(fmt, i);
        size_t size = 0;
        int kind = W_FIXED;
        switch (c) {
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X':
        case 'n':
            size = m & M_LONG    ? sizeof(long)
                   : m & M_SHORT ? sizeof(short)
                   : m & M_CHAR  ? sizeof(char)
                                 : sizeof(int);
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            size = m & M_LONGDBL ? sizeof(long double)
                   : m & M_LONG  ? sizeof(double)
                                 : sizeof(float);
            break;
        case 'p':
            size = sizeof(void *);
            break;
        case 'c':
        case 'C':
            /* A wide format's %Nc stores the multibyte form of N wide
             * characters: N bytes, more for those past ASCII (not counted). */
            size = (width ? width : 1) * (c == 'C' || (m & M_LONG) ? sizeof(wchar_t) : 1);
            break;
        case 's':
        case 'S':
            kind = c == 'S' || (m & M_LONG) ? W_WSTR : W_STR;
            break;
        case '[':
            i++;
            i += a8_fmt_at(fmt, i) == '^';
            i += a8_fmt_at(fmt, i) == ']'; /* first in the set: one of its members */
            while (a8_fmt_at(fmt, i) && a8_fmt_at(fmt, i) != ']')
                i++;
            if (!a8_fmt_at(fmt, i))
                return; /* no end to the set: the C library stops here */
            kind = m & M_LONG ? W_WSTR : W_STR;
            break;
        default: /* the end, or a conversion not known here */
            return;
        }
        if (m & M_MALLOC) { /* the argument is a char **: the pointer is the write */
            if (!a8_fmt_in("cCsS[", c))
                return;
            size = sizeof(char *);
            kind = W_FIXED;
        }
        if (kind == W_STR && fmt.fm_wide)
            kind = W_MBSTR;
        if (skip) { /* assigns nothing, takes no argument; may have failed */
            ran = false;
            continue;
        }
        void *dest = va_arg(*ap, void *);
        if (c == 'n') {
            if (left > 0 || ran)
                check_write(dest, size, kind, fn);
            continue;
        }
        if (left <= 0)
            return;
        left--;
        ran = true;
        check_write(dest, size, kind, fn);
    }
}

/* One call: scan_begin before the C library's call (sscanf's string src is
 * checked then, swscanf's wide one as its format is; and a copy of the
 * arguments taken: the call uses its own up); scan_end after it, with what
 * it assigned (r), walks the copy unless a write faulted in a guard page
 * meanwhile and was reported there. */
struct scan {
    bool on;
    unsigned faults;
    va_list copy;
};

static void scan_begin(struct scan *sc, const void *ret, const char *name, struct a8_fmt fmt,
                       const void *src, va_list ap)
{
    sc->on = a8_call_checked(ret) && fmt.fm_s;
    if (sc->on && src) {
        int saved = errno;
        check_source(src, fmt.fm_wide, name);
        errno = saved;
    }
    va_copy(sc->copy, ap);
    sc->faults = a8_faults_now();
}

static void scan_end(struct scan *sc, int r, const char *name, struct a8_fmt fmt, bool gnu_a)
{
    if (sc->on && r > 0 && a8_faults_now() == sc->faults) {
        int saved = errno;
        walk(name, fmt, &sc->copy, r, gnu_a);
        errno = saved;
    }
    va_end(sc->copy);
}

/* The v-forms' bodies: i, the C library's v-form; name, the entry the
 * program called (ret: its return address).  The plain entries (not
 * __isoc99_) take the GNU %as. */
static int do_vsscanf(int i, const void *ret, const char *name, const char *s, const char *fmt,
                      va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, A8_FMT(fmt), s, ap);
    int r = REAL(i, vss_fn)(s, fmt, ap);
    scan_end(&sc, r, name, A8_FMT(fmt), i == S_VSSCANF);
    return r;
}

static int do_vscanf(int i, const void *ret, const char *name, const char *fmt, va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, A8_FMT(fmt), NULL, ap);
    int r = REAL(i, vs_fn)(fmt, ap);
    scan_end(&sc, r, name, A8_FMT(fmt), i == S_VSCANF);
    return r;
}

static int do_vfscanf(int i, const void *ret, const char *name, FILE *fp, const char *fmt,
                      va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, A8_FMT(fmt), NULL, ap);
    int r = REAL(i, vfs_fn)(fp, fmt, ap);
    scan_end(&sc, r, name, A8_FMT(fmt), i == S_VFSCANF);
    return r;
}

static int do_vswscanf(int i, const void *ret, const char *name, const wchar_t *s,
                       const wchar_t *fmt, va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, A8_FMT(fmt), s, ap);
    int r = REAL(i, vsws_fn)(s, fmt, ap);
    scan_end(&sc, r, name, A8_FMT(fmt), i == S_VSWSCANF);
    return r;
}

static int do_vwscanf(int i, const void *ret, const char *name, const wchar_t *fmt, va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, A8_FMT(fmt), NULL, ap);
    int r = REAL(i, vws_fn)(fmt, ap);
    scan_end(&sc, r, name, A8_FMT(fmt), i == S_VWSCANF);
    return r;
}

static int do_vfwscanf(int i, const void *ret, const char *name, FILE *fp, const wchar_t *fmt,
                       va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, A8_FMT(fmt), NULL, ap);
    int r = REAL(i, vfws_fn)(fp, fmt, ap);
    scan_end(&sc, r, name, A8_FMT(fmt), i == S_VFWSCANF);
    return r;
}

/* ---- the entries ---------------------------------------------------------------- */

/* <stdio.h> and <wchar.h> lead the names sscanf, swscanf & co. to the
 * __isoc99_ symbols: each entry is given its symbol by an asm label. */
A8_EXPORT int e_sscanf(const char *, const char *, ...) __asm__("sscanf");
A8_EXPORT int e_vsscanf(const char *, const char *, va_list) __asm__("vsscanf");
A8_EXPORT int e_scanf(const char *, ...) __asm__("scanf");
A8_EXPORT int e_vscanf(const char *, va_list) __asm__("vscanf");
A8_EXPORT int e_fscanf(FILE *, const char *, ...) __asm__("fscanf");
A8_EXPORT int e_vfscanf(FILE *, const char *, va_list) __asm__("vfscanf");
A8_EXPORT int e_c99_sscanf(const char *, const char *, ...) __asm__("__isoc99_sscanf");
A8_EXPORT int e_c99_vsscanf(const char *, const char *, va_list) __asm__("__isoc99_vsscanf");
A8_EXPORT int e_c99_scanf(const char *, ...) __asm__("__isoc99_scanf");
A8_EXPORT int e_c99_vscanf(const char *, va_list) __asm__("__isoc99_vscanf");
A8_EXPORT int e_c99_fscanf(FILE *, const char *, ...) __asm__("__isoc99_fscanf");
A8_EXPORT int e_c99_vfscanf(FILE *, const char *, va_list) __asm__("__isoc99_vfscanf");
A8_EXPORT int e_swscanf(const wchar_t *, const wchar_t *, ...) __asm__("swscanf");
A8_EXPORT int e_vswscanf(const wchar_t *, const wchar_t *, va_list) __asm__("vswscanf");
A8_EXPORT int e_wscanf(const wchar_t *, ...) __asm__("wscanf");
A8_EXPORT int e_vwscanf(const wchar_t *, va_list) __asm__("vwscanf");
A8_EXPORT int e_fwscanf(FILE *, const wchar_t *, ...) __asm__("fwscanf");
A8_EXPORT int e_vfwscanf(FILE *, const wchar_t *, va_list) __asm__("vfwscanf");
A8_EXPORT int e_c99_swscanf(const wchar_t *, const wchar_t *, ...) __asm__("__isoc99_swscanf");
A8_EXPORT int e_c99_vswscanf(const wchar_t *, const wchar_t *,
                             va_list) __asm__("__isoc99_vswscanf");
A8_EXPORT int e_c99_wscanf(const wchar_t *, ...) __asm__("__isoc99_wscanf");
A8_EXPORT int e_c99_vwscanf(const wchar_t *, va_list) __asm__("__isoc99_vwscanf");
A8_EXPORT int e_c99_fwscanf(FILE *, const wchar_t *, ...) __asm__("__isoc99_fwscanf");
A8_EXPORT int e_c99_vfwscanf(FILE *, const wchar_t *, va_list) __asm__("__isoc99_vfwscanf");

/* The body of a variadic entry: its arguments as ap, handed to do. */
#define VARIADIC(do, ...)                                                                          \
    va_list ap;                                                                                    \
    va_start(ap, fmt);                                                                             \
    int r = do(__VA_ARGS__, ap);                                                                   \
    va_end(ap);                                                                                    \
    return r

int e_sscanf(const char *s, const char *fmt, ...)
{
    VARIADIC(do_vsscanf, S_VSSCANF, A8_CALLER, "sscanf", s, fmt);
}

int e_vsscanf(const char *s, const char *fmt, va_list ap)
{
    return do_vsscanf(S_VSSCANF, A8_CALLER, "vsscanf", s, fmt, ap);
}

int e_scanf(const char *fmt, ...) { VARIADIC(do_vscanf, S_VSCANF, A8_CALLER, "scanf", fmt); }

int e_vscanf(const char *fmt, va_list ap)
{
    return do_vscanf(S_VSCANF, A8_CALLER, "vscanf", fmt, ap);
}

int e_fscanf(FILE *fp, const char *fmt, ...)
{
    VARIADIC(do_vfscanf, S_VFSCANF, A8_CALLER, "fscanf", fp, fmt);
}

int e_vfscanf(FILE *fp, const char *fmt, va_list ap)
{
    return do_vfscanf(S_VFSCANF, A8_CALLER, "vfscanf", fp, fmt, ap);
}

int e_c99_sscanf(const char *s, const char *fmt, ...)
{
    VARIADIC(do_vsscanf, S_C99_VSSCANF, A8_CALLER, "__isoc99_sscanf", s, fmt);
}

int e_c99_vsscanf(const char *s, const char *fmt, va_list ap)
{
    return do_vsscanf(S_C99_VSSCANF, A8_CALLER, "__isoc99_vsscanf", s, fmt, ap);
}

int e_c99_scanf(const char *fmt, ...)
{
    VARIADIC(do_vscanf, S_C99_VSCANF, A8_CALLER, "__isoc99_scanf", fmt);
}

int e_c99_vscanf(const char *fmt, va_list ap)
{
    return do_vscanf(S_C99_VSCANF, A8_CALLER, "__isoc99_vscanf", fmt, ap);
}

int e_c99_fscanf(FILE *fp, const char *fmt, ...)
{
    VARIADIC(do_vfscanf, S_C99_VFSCANF, A8_CALLER, "__isoc99_fscanf", fp, fmt);
}

int e_c99_vfscanf(FILE *fp, const char *fmt, va_list ap)
{
    return do_vfscanf(S_C99_VFSCANF, A8_CALLER, "__isoc99_vfscanf", fp, fmt, ap);
}

/* The wide family. */
int e_swscanf(const wchar_t *s, const wchar_t *fmt, ...)
{
    VARIADIC(do_vswscanf, S_VSWSCANF, A8_CALLER, "swscanf", s, fmt);
}

int e_vswscanf(const wchar_t *s, const wchar_t *fmt, va_list ap)
{
    return do_vswscanf(S_VSWSCANF, A8_CALLER, "vswscanf", s, fmt, ap);
}

int e_wscanf(const wchar_t *fmt, ...) { VARIADIC(do_vwscanf, S_VWSCANF, A8_CALLER, "wscanf", fmt); }

int e_vwscanf(const wchar_t *fmt, va_list ap)
{
    return do_vwscanf(S_VWSCANF, A8_CALLER, "vwscanf", fmt, ap);
}

int e_fwscanf(FILE *fp, const wchar_t *fmt, ...)
{
    VARIADIC(do_vfwscanf, S_VFWSCANF, A8_CALLER, "fwscanf", fp, fmt);
}

int e_vfwscanf(FILE *fp, const wchar_t *fmt, va_list ap)
{
    return do_vfwscanf(S_VFWSCANF, A8_CALLER, "vfwscanf", fp, fmt, ap);
}

int e_c99_swscanf(const wchar_t *s, const wchar_t *fmt, ...)
{
    VARIADIC(do_vswscanf, S_C99_VSWSCANF, A8_CALLER, "__isoc99_swscanf", s, fmt);
}

int e_c99_vswscanf(const wchar_t *s, const wchar_t *fmt, va_list ap)
{
    return do_vswscanf(S_C99_VSWSCANF, A8_CALLER, "__isoc99_vswscanf", s, fmt, ap);
}

int e_c99_wscanf(const wchar_t *fmt, ...)
{
    VARIADIC(do_vwscanf, S_C99_VWSCANF, A8_CALLER, "__isoc99_wscanf", fmt);
}

int e_c99_vwscanf(const wchar_t *fmt, va_list ap)
{
    return do_vwscanf(S_C99_VWSCANF, A8_CALLER, "__isoc99_vwscanf", fmt, ap);
}

int e_c99_fwscanf(FILE *fp, const wchar_t *fmt, ...)
{
    VARIADIC(do_vfwscanf, S_C99_VFWSCANF, A8_CALLER, "__isoc99_fwscanf", fp, fmt);
}

int e_c99_vfwscanf(FILE *fp, const wchar_t *fmt, va_list ap)
{
    return do_vfwscanf(S_C99_VFWSCANF, A8_CALLER, "__isoc99_vfwscanf", fp, fmt, ap);
}
