/* scanfs.c — what the scanf family writes into the program's buffers,
 * checked after the call.
 *
 * sscanf(line, "%s", name) writes the word and its NUL into name, however
 * short name's block is: the classic overflow, which the C library makes
 * where no checked call sees it.  The program's calls of sscanf, scanf,
 * fscanf, their v-forms and the C99 entries the headers lead them to
 * (__isoc99_sscanf …) come here: the C library's v-form does the work,
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
 * sscanf's string is read to its NUL (the C library measures it first).
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
enum { S_VSSCANF, S_VSCANF, S_VFSCANF, S_C99_VSSCANF, S_C99_VSCANF, S_C99_VFSCANF, S_COUNT };
static const char *const k_names[S_COUNT] = {
    "vsscanf", "vscanf", "vfscanf", "__isoc99_vsscanf", "__isoc99_vscanf", "__isoc99_vfscanf"};
static void *g_fn[S_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

typedef int (*vss_fn)(const char *, const char *, va_list);
typedef int (*vs_fn)(const char *, va_list);
typedef int (*vfs_fn)(FILE *, const char *, va_list);

/* sscanf's string, read to its NUL, checked before the call. */
static void check_source(const char *s, const char *fn)
{
    size_t room = a8_checker_room(s);
    if (A8_LIKELY(room == SIZE_MAX)) /* not in the heap */
        return;
    unsigned f = a8_faults_now();
    a8_read_done(s, strlen(s) + 1, room, f, fn);
}

enum { W_FIXED, W_STR, W_WSTR }; /* what a conversion wrote: its size, a string */

/* One assigned conversion's write into p: n bytes, or the string there. */
static void check_write(void *p, size_t n, int kind, const char *fn)
{
    size_t room = a8_checker_room(p);
    if (A8_LIKELY(room == SIZE_MAX)) /* not in the heap */
        return;
    if (kind == W_STR)
        n = strlen(p) + 1;
    else if (kind == W_WSTR)
        n = (wcslen(p) + 1) * sizeof(wchar_t);
    if (n > room) /* past a live block's end, or in a freed one */
        a8_call_done(a8_checker_access(p, n, A8_ACC_WRITE | A8_ACC_NOFAULT, fn));
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t number(const char **f)
{
    size_t n = 0;
    for (; is_digit(**f); (*f)++)
        n = n < SIZE_MAX / 16 ? n * 10 + (size_t)(**f - '0') : n;
    return n;
}

/* The C library's modifier flags (glibc's vfscanf-internal.c). */
enum { M_CHAR = 1, M_SHORT = 2, M_LONG = 4, M_LONGDBL = 8, M_MALLOC = 16 };

/* Walks fmt as scanf does, taking each argument from *ap in turn, and
 * checks the writes of the first `left` assigned conversions (and of the
 * %n that certainly ran).  gnu_a: "%as" allocates (the plain entries). */
static void walk(const char *fn, const char *fmt, va_list *ap, int left, bool gnu_a)
{
    bool ran = false; /* right after an assigned conversion: a %n here ran */
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            ran = false;
            continue;
        }
        f++;
        if (*f == '%') {
            ran = false;
            continue;
        }
        bool skip = false;
        unsigned m = 0;
        size_t width;
        if (is_digit(*f)) { /* a width, or a position */
            width = number(&f);
            if (*f == '$')
                return; /* positional: the order is not the format's */
        } else {
            for (; *f == '*' || *f == '\'' || *f == 'I'; f++)
                skip |= *f == '*';
            width = number(&f);
        }
        if (width > INT_MAX)
            return; /* the C library's count overflows: no width at all */
        switch (*f) {
        case 'h':
            m = *++f == 'h' ? M_CHAR : M_SHORT;
            f += m == M_CHAR;
            break;
        case 'l':
            m = *++f == 'l' ? M_LONG | M_LONGDBL : M_LONG;
            f += m != M_LONG;
            break;
        case 'q':
        case 'L':
            m = M_LONG | M_LONGDBL;
            f++;
            break;
        case 'j':
        case 'z':
        case 't':
            m = M_LONG; /* 64-bit: intmax_t, size_t, ptrdiff_t are longs */
            f++;
            break;
        case 'm':
            m = M_MALLOC;
            if (*++f == 'l') {
                m |= M_LONG;
                f++;
            }
            break;
        case 'a': /* a flag only before s, S or [, and only in the plain entries */
            if (gnu_a && (f[1] == 's' || f[1] == 'S' || f[1] == '[')) {
                m = M_MALLOC;
                f++;
            }
            break;
        default:
            break;
        }
        char c = *f;
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
            size = (width ? width : 1) * (c == 'C' || (m & M_LONG) ? sizeof(wchar_t) : 1);
            break;
        case 's':
        case 'S':
            kind = c == 'S' || (m & M_LONG) ? W_WSTR : W_STR;
            break;
        case '[':
            f++;
            f += *f == '^';
            f += *f == ']'; /* first in the set: one of its members */
            while (*f && *f != ']')
                f++;
            if (!*f)
                return; /* no end to the set: the C library stops here */
            kind = m & M_LONG ? W_WSTR : W_STR;
            break;
        default: /* the end, or a conversion not known here */
            return;
        }
        if (m & M_MALLOC) { /* the argument is a char **: the pointer is the write */
            if (!strchr("cCsS[", c))
                return;
            size = sizeof(char *);
            kind = W_FIXED;
        }
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
 * checked then, and a copy of the arguments taken: the call uses its own
 * up); scan_end after it, with what it assigned (r), walks the copy unless
 * a write faulted in a guard page meanwhile and was reported there. */
struct scan {
    bool on;
    unsigned faults;
    va_list copy;
};

static void scan_begin(struct scan *sc, const void *ret, const char *name, const char *fmt,
                       const char *src, va_list ap)
{
    sc->on = a8_call_checked(ret) && fmt;
    if (sc->on && src) {
        int saved = errno;
        check_source(src, name);
        errno = saved;
    }
    va_copy(sc->copy, ap);
    sc->faults = a8_faults_now();
}

static void scan_end(struct scan *sc, int r, const char *name, const char *fmt, bool gnu_a)
{
    if (sc->on && r > 0 && a8_faults_now() == sc->faults) {
        int saved = errno;
        walk(name, fmt, &sc->copy, r, gnu_a);
        errno = saved;
    }
    va_end(sc->copy);
}

/* The v-forms' bodies: i, the C library's v-form; name, the entry the
 * program called (ret: its return address). */
static int do_vsscanf(int i, const void *ret, const char *name, const char *s, const char *fmt,
                      va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, fmt, s, ap);
    int r = REAL(i, vss_fn)(s, fmt, ap);
    scan_end(&sc, r, name, fmt, i == S_VSSCANF);
    return r;
}

static int do_vscanf(int i, const void *ret, const char *name, const char *fmt, va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, fmt, NULL, ap);
    int r = REAL(i, vs_fn)(fmt, ap);
    scan_end(&sc, r, name, fmt, i == S_VSCANF);
    return r;
}

static int do_vfscanf(int i, const void *ret, const char *name, FILE *fp, const char *fmt,
                      va_list ap)
{
    struct scan sc;
    scan_begin(&sc, ret, name, fmt, NULL, ap);
    int r = REAL(i, vfs_fn)(fp, fmt, ap);
    scan_end(&sc, r, name, fmt, i == S_VFSCANF);
    return r;
}

/* ---- the entries ---------------------------------------------------------------- */

/* <stdio.h> leads the names sscanf & co. to the __isoc99_ symbols: each
 * entry is given its symbol by an asm label. */
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
