/* printfs.c — the strings the printf family and puts are given, checked at
 * the call; and what swprintf writes, after it.
 *
 * printf("%s", p) reads p up to its NUL (or the precision): from an
 * unterminated string that runs past its block, or from a freed one.  The
 * formatting happens inside the C library, where no checked call sees it,
 * so the program's calls of printf, fprintf, dprintf, asprintf, syslog,
 * warn, warnx, err, errx, error, error_at_line, their v-forms and their
 * _FORTIFY_SOURCE entries
 * (__printf_chk, __syslog_chk …) come here first:
 * the format is walked as the C library will walk it, each argument taken
 * in turn, and each %s argument that points into alloc8's heap is checked
 * for the bytes it will be read for, as ASan's printf interceptor does.
 * %ls (and %S) take a wchar_t string, read to its L'\0' or, with a
 * precision, for at most that many wide characters (ASan does not look at
 * them; glibc measures them so).  The wide family (wprintf, fwprintf,
 * swprintf, their v-forms and fortified entries) goes through the same walk
 * over its wchar_t format, whose %s is a char string and %ls a wide one as
 * in the narrow calls; swprintf's writes into its buffer are checked after
 * the call, as sprintf's.  The string functions of iocalls.c (snprintf,
 * sprintf) use the same walk.  puts and fputs read their string whole.
 *
 * The walk stops at what it does not know (positional arguments "%1$s", a
 * conversion registered with register_printf_function): the arguments
 * after it are left alone rather than misread.  Pointers outside the heap
 * are never read.  A read that faults in a guard page is reported there,
 * once.  Only in the preloaded checker; errno is the program's.
 */
#include "checker.h"
#include "interpose.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#undef fputs_unlocked

enum {
    P_VPRINTF,
    P_VFPRINTF,
    P_VDPRINTF,
    P_VASPRINTF,
    P_VPRINTF_CHK,
    P_VFPRINTF_CHK,
    P_VDPRINTF_CHK,
    P_VASPRINTF_CHK,
    P_PUTS,
    P_FPUTS,
    P_FPUTS_UNLOCKED,
    P_VSYSLOG,
    P_VSYSLOG_CHK,
    P_VWARN,
    P_VWARNX,
    P_VERR,
    P_VERRX,
    P_VWPRINTF,
    P_VFWPRINTF,
    P_VSWPRINTF,
    P_VWPRINTF_CHK,
    P_VFWPRINTF_CHK,
    P_VSWPRINTF_CHK,
    P_WCSLEN, /* for the checks' lengths */
    P_WCSNLEN,
    P_ERROR,
    P_ERROR_AT_LINE,
    P_VSNPRINTF, /* error()'s message */
    P_COUNT
};
static const char *const k_names[P_COUNT] = {
    "vprintf",        "vfprintf",        "vdprintf",        "vasprintf", "__vprintf_chk",
    "__vfprintf_chk", "__vdprintf_chk",  "__vasprintf_chk", "puts",      "fputs",
    "fputs_unlocked", "vsyslog",         "__vsyslog_chk",   "vwarn",     "vwarnx",
    "verr",           "verrx",           "vwprintf",        "vfwprintf", "vswprintf",
    "__vwprintf_chk", "__vfwprintf_chk", "__vswprintf_chk", "wcslen",    "wcsnlen",
    "error",          "error_at_line",   "vsnprintf"};
_Static_assert(sizeof k_names / sizeof k_names[0] == P_COUNT, "a name for each entry");
static void *g_fn[P_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

typedef size_t (*wcslen_fn)(const wchar_t *);
typedef size_t (*wcsnlen_fn)(const wchar_t *, size_t);

bool a8_string_closed(const void *s, size_t room, size_t unit, const char *fn)
{
    if (room || !a8_checker_closed(s))
        return false;
    a8_checker_access(s, unit, A8_ACC_NOFAULT, fn);
    return true;
}

/* One string argument read for at most max bytes (SIZE_MAX: to its NUL).
 * Returns the bytes read when they leave the block (a report), else 0. */
static size_t check_string(const char *s, size_t max, const char *fn)
{
    size_t room = a8_checker_room(s);
    if (A8_LIKELY(room == SIZE_MAX)) /* not in the heap (or NULL: "(null)") */
        return 0;
    if (max && a8_string_closed(s, room, 1, fn))
        return 1;
    unsigned f = a8_faults_now();
    size_t n = max == SIZE_MAX ? strlen(s) + 1 : strnlen(s, max);
    if (max != SIZE_MAX && n < max)
        n++; /* the NUL that stopped it */
    a8_read_done(s, n, room, f, fn);
    return n > room ? n : 0;
}

void a8_check_cstring(const void *ret, const char *s, const char *fn)
{
    if (s && a8_call_checked(ret)) {
        int saved = errno;
        check_string(s, SIZE_MAX, fn);
        errno = saved;
    }
}

/* A name reported here is not reported again while the lookup runs: an NSS
 * module (libnss_systemd's getgrnam) reads it with its own strlen, through
 * the checked entry, and that would be a second report of the one bug, at
 * a site deep in the module. */
void a8_check_lookup_name(const void *ret, const char *s, const char *fn)
{
    if (!s || !a8_call_checked(ret))
        return;
    int saved = errno;
    size_t n = check_string(s, SIZE_MAX, fn);
    errno = saved;
    if (n && !a8_tls.call_quiet_hi) {
        a8_tls.call_quiet_lo = (uintptr_t)s;
        a8_tls.call_quiet_hi = (uintptr_t)s + n;
    }
}

void a8_check_lookup_end(void) { a8_tls.call_quiet_lo = a8_tls.call_quiet_hi = 0; }

/* One wide string argument, read for at most max wide characters
 * (SIZE_MAX: to its L'\0'), as glibc measures it before it converts it
 * (wcsnlen to the precision, the narrow calls' too, whose precision counts
 * bytes written: "%.3ls" of an unterminated L"\u00e9\u00e9" writes one
 * 2-byte character and has read a third wide one past the end). */
static void check_wstring(const wchar_t *s, size_t max, const char *fn)
{
    size_t room = a8_checker_room(s);
    if (A8_LIKELY(room == SIZE_MAX))
        return;
    if (max && a8_string_closed(s, room, sizeof(wchar_t), fn))
        return;
    unsigned f = a8_faults_now();
    size_t n =
        max == SIZE_MAX ? REAL(P_WCSLEN, wcslen_fn)(s) + 1 : REAL(P_WCSNLEN, wcsnlen_fn)(s, max);
    if (max != SIZE_MAX && n < max)
        n++;
    a8_read_done(s, n * sizeof(wchar_t), room, f, fn);
}

/* How many bytes the C library reads of string argument s (wide: a
 * wchar_t one) for at most max characters (SIZE_MAX: to its NUL), as the
 * checks above count them: the NUL too when it stops the read. */
static size_t read_len(const void *s, size_t max, bool wide)
{
    size_t n = wide ? REAL(P_WCSNLEN, wcsnlen_fn)(s, max) : strnlen(s, max);
    if (n < max)
        n++;
    return wide ? n * sizeof(wchar_t) : n;
}

/* Notes string argument s of a call that formats into o->dst, read for at
 * most max characters.  It is read no further than the call itself will
 * read it: one that starts below dst first only up to dst's byte, and is
 * let go when it ends before (the common case: then it cannot overlap, and
 * a string far below is read just to its NUL, as the call reads it). */
static void note_src(struct a8_fmt_srcs *o, const void *s, size_t max, bool wide)
{
    if (!o || !s || o->n == A8_FMT_SRCS)
        return;
    uintptr_t a = (uintptr_t)s;
    if (a < o->dst && !wide) {
        size_t upto = o->dst - a + 1; /* the bytes through dst's */
        if (a + read_len(s, max < upto ? max : upto, false) <= o->dst)
            return;
    }
    o->s[o->n].p = a;
    o->s[o->n++].len = read_len(s, max, wide);
}

void a8_printf_overlap(const struct a8_fmt_srcs *o, size_t written, const char *fn)
{
    uintptr_t d = o->dst;
    for (int i = 0; i < o->n; i++) {
        uintptr_t a = o->s[i].p;
        size_t n = o->s[i].len;
        if (written && n && (d >= a ? d - a < n : a - d < written)) {
            int saved = errno;
            a8_checker_overlap((const void *)d, written, (const void *)a, n, fn);
            errno = saved;
            return; /* one report per call */
        }
    }
}

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* Walks fmt as printf does, taking each argument from *ap in turn, and
 * checks the string ones.  A narrow and a wide format take the same
 * arguments: %s a char string (multibyte, in the wide calls), %ls and %S a
 * wchar_t one, whichever the format's own characters. */
static void walk(const char *fn, struct a8_fmt fmt, va_list *ap, struct a8_fmt_srcs *out)
{
    for (size_t i = 0; a8_fmt_at(fmt, i); i++) {
        if (a8_fmt_at(fmt, i) != '%')
            continue;
        i++;
        if (a8_fmt_at(fmt, i) == '%')
            continue;
        size_t d = i;
        while (is_digit(a8_fmt_at(fmt, d)))
            d++;
        if (a8_fmt_at(fmt, d) == '$')
            return; /* positional: the order is not the format's */
        while (a8_fmt_in("-+ #0'I", a8_fmt_at(fmt, i)))
            i++;
        if (a8_fmt_at(fmt, i) == '*') {
            (void)va_arg(*ap, int);
            i++;
        } else {
            while (is_digit(a8_fmt_at(fmt, i)))
                i++;
        }
        size_t prec = SIZE_MAX;
        if (a8_fmt_at(fmt, i) == '.') {
            i++;
            if (a8_fmt_at(fmt, i) == '*') {
                int p = va_arg(*ap, int);
                prec = p < 0 ? SIZE_MAX : (size_t)p; /* negative: as if none */
                i++;
            } else {
                prec = 0;
                for (unsigned c; is_digit(c = a8_fmt_at(fmt, i)); i++)
                    prec = prec < SIZE_MAX / 16 ? prec * 10 + (c - '0') : prec;
            }
        }
        /* l: 1, ll/q/j/z/t: 2, L: 3 (long double), h/hh: 0.  Any but h
         * makes %s and %c wide (glibc: is_long; all 64 bits here). */
        int longs = 0;
        for (;; i++) {
            unsigned c = a8_fmt_at(fmt, i);
            if (c == 'l')
                longs++;
            else if (a8_fmt_in("qjzZt", c))
                longs = 2;
            else if (c == 'L')
                longs = 3;
            else if (c != 'h')
                break;
        }
        switch (a8_fmt_at(fmt, i)) {
        case 'b': /* binary, glibc 2.35 */
        case 'B':
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
            if (longs)
                (void)va_arg(*ap, long long);
            else
                (void)va_arg(*ap, int);
            break;
        case 'c':
        case 'C':
            (void)va_arg(*ap, int); /* a wint_t for %lc, %C: an int too */
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            if (longs == 3)
                (void)va_arg(*ap, long double);
            else
                (void)va_arg(*ap, double);
            break;
        case 's':
        case 'S': {
            const void *s = va_arg(*ap, const void *);
            bool wide = longs || a8_fmt_at(fmt, i) == 'S';
            if (wide)
                check_wstring(s, prec, fn);
            else
                check_string(s, prec, fn);
            note_src(out, s, prec, wide);
            break;
        }
        case 'p':
        case 'n':
            (void)va_arg(*ap, void *);
            break;
        case 'm':
            break;
        default: /* the end, or a conversion of the program's own */
            return;
        }
    }
}

/* The check of one call's arguments (fmt: narrow or wide); with out, the
 * string arguments noted for a8_printf_overlap. */
static void check_args_into(const void *ret, const char *fn, struct a8_fmt fmt, va_list ap,
                            struct a8_fmt_srcs *out)
{
    if (!a8_call_checked(ret) || !fmt.fm_s)
        return;
    int saved = errno;
    va_list copy;
    va_copy(copy, ap);
    walk(fn, fmt, &copy, out);
    va_end(copy);
    errno = saved;
}

static void check_args(const void *ret, const char *fn, struct a8_fmt fmt, va_list ap)
{
    check_args_into(ret, fn, fmt, ap, NULL);
}

void a8_printf_check_into(const void *ret, const char *fn, struct a8_fmt fmt, va_list ap,
                          const void *dst, struct a8_fmt_srcs *srcs)
{
    srcs->dst = (uintptr_t)dst;
    srcs->n = 0;
    check_args_into(ret, fn, fmt, ap, srcs);
}

void a8_printf_check(const void *ret, const char *fn, const char *fmt, va_list ap)
{
    check_args(ret, fn, A8_FMT(fmt), ap);
}

/* ---- the entries: each checks its arguments, then the C library's v-form
 * does the work ---------------------------------------------------------------- */

/* The body of a variadic entry: its arguments as ap, checked, then handed
 * to the C library's v-form (call). */
#define FORWARD(name, call)                                                                        \
    va_list ap;                                                                                    \
    va_start(ap, fmt);                                                                             \
    check_args(A8_CALLER, name, A8_FMT(fmt), ap);                                                  \
    int r = call;                                                                                  \
    va_end(ap);                                                                                    \
    return r

/* The same for an entry that returns nothing, or never returns. */
#define FORWARD_VOID(name, call)                                                                   \
    va_list ap;                                                                                    \
    va_start(ap, fmt);                                                                             \
    a8_printf_check(A8_CALLER, name, fmt, ap);                                                     \
    call;                                                                                          \
    va_end(ap)

typedef int (*vp_fn)(const char *, va_list);
typedef int (*vfp_fn)(FILE *, const char *, va_list);
typedef int (*vdp_fn)(int, const char *, va_list);
typedef int (*vasp_fn)(char **, const char *, va_list);
typedef int (*vp_chk)(int, const char *, va_list);
typedef int (*vfp_chk)(FILE *, int, const char *, va_list);
typedef int (*vdp_chk)(int, int, const char *, va_list);
typedef int (*vasp_chk)(char **, int, const char *, va_list);

A8_EXPORT int vprintf(const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vprintf", fmt, ap);
    return REAL(P_VPRINTF, vp_fn)(fmt, ap);
}

A8_EXPORT int printf(const char *fmt, ...) { FORWARD("printf", REAL(P_VPRINTF, vp_fn)(fmt, ap)); }

A8_EXPORT int vfprintf(FILE *fp, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vfprintf", fmt, ap);
    return REAL(P_VFPRINTF, vfp_fn)(fp, fmt, ap);
}

A8_EXPORT int fprintf(FILE *fp, const char *fmt, ...)
{
    FORWARD("fprintf", REAL(P_VFPRINTF, vfp_fn)(fp, fmt, ap));
}

A8_EXPORT int vdprintf(int fd, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vdprintf", fmt, ap);
    return REAL(P_VDPRINTF, vdp_fn)(fd, fmt, ap);
}

A8_EXPORT int dprintf(int fd, const char *fmt, ...)
{
    FORWARD("dprintf", REAL(P_VDPRINTF, vdp_fn)(fd, fmt, ap));
}

A8_EXPORT int vasprintf(char **out, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vasprintf", fmt, ap);
    return REAL(P_VASPRINTF, vasp_fn)(out, fmt, ap);
}

A8_EXPORT int asprintf(char **out, const char *fmt, ...)
{
    FORWARD("asprintf", REAL(P_VASPRINTF, vasp_fn)(out, fmt, ap));
}

A8_EXPORT int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "__vprintf_chk", fmt, ap);
    return REAL(P_VPRINTF_CHK, vp_chk)(flag, fmt, ap);
}

A8_EXPORT int __printf_chk(int flag, const char *fmt, ...)
{
    FORWARD("__printf_chk", REAL(P_VPRINTF_CHK, vp_chk)(flag, fmt, ap));
}

A8_EXPORT int __vfprintf_chk(FILE *fp, int flag, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "__vfprintf_chk", fmt, ap);
    return REAL(P_VFPRINTF_CHK, vfp_chk)(fp, flag, fmt, ap);
}

A8_EXPORT int __fprintf_chk(FILE *fp, int flag, const char *fmt, ...)
{
    FORWARD("__fprintf_chk", REAL(P_VFPRINTF_CHK, vfp_chk)(fp, flag, fmt, ap));
}

A8_EXPORT int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "__vdprintf_chk", fmt, ap);
    return REAL(P_VDPRINTF_CHK, vdp_chk)(fd, flag, fmt, ap);
}

A8_EXPORT int __dprintf_chk(int fd, int flag, const char *fmt, ...)
{
    FORWARD("__dprintf_chk", REAL(P_VDPRINTF_CHK, vdp_chk)(fd, flag, fmt, ap));
}

A8_EXPORT int __vasprintf_chk(char **out, int flag, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "__vasprintf_chk", fmt, ap);
    return REAL(P_VASPRINTF_CHK, vasp_chk)(out, flag, fmt, ap);
}

A8_EXPORT int __asprintf_chk(char **out, int flag, const char *fmt, ...)
{
    FORWARD("__asprintf_chk", REAL(P_VASPRINTF_CHK, vasp_chk)(out, flag, fmt, ap));
}

/* syslog and the BSD err/warn family take printf formats too.  err's and
 * verr's C library forms exit the program themselves. */
typedef void (*vsl_fn)(int, const char *, va_list);
typedef void (*vsl_chk)(int, int, const char *, va_list);
typedef void (*vw_fn)(const char *, va_list);
typedef void (*ve_fn)(int, const char *, va_list) __attribute__((noreturn));

A8_EXPORT void vsyslog(int pri, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vsyslog", fmt, ap);
    REAL(P_VSYSLOG, vsl_fn)(pri, fmt, ap);
}

A8_EXPORT void syslog(int pri, const char *fmt, ...)
{
    FORWARD_VOID("syslog", REAL(P_VSYSLOG, vsl_fn)(pri, fmt, ap));
}

A8_EXPORT void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "__vsyslog_chk", fmt, ap);
    REAL(P_VSYSLOG_CHK, vsl_chk)(pri, flag, fmt, ap);
}

A8_EXPORT void __syslog_chk(int pri, int flag, const char *fmt, ...)
{
    FORWARD_VOID("__syslog_chk", REAL(P_VSYSLOG_CHK, vsl_chk)(pri, flag, fmt, ap));
}

A8_EXPORT void vwarn(const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vwarn", fmt, ap);
    REAL(P_VWARN, vw_fn)(fmt, ap);
}

A8_EXPORT void warn(const char *fmt, ...) { FORWARD_VOID("warn", REAL(P_VWARN, vw_fn)(fmt, ap)); }

A8_EXPORT void vwarnx(const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "vwarnx", fmt, ap);
    REAL(P_VWARNX, vw_fn)(fmt, ap);
}

A8_EXPORT void warnx(const char *fmt, ...)
{
    FORWARD_VOID("warnx", REAL(P_VWARNX, vw_fn)(fmt, ap));
}

A8_EXPORT __attribute__((noreturn)) void verr(int status, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "verr", fmt, ap);
    REAL(P_VERR, ve_fn)(status, fmt, ap);
}

A8_EXPORT __attribute__((noreturn)) void err(int status, const char *fmt, ...)
{
    FORWARD_VOID("err", REAL(P_VERR, ve_fn)(status, fmt, ap));
}

A8_EXPORT __attribute__((noreturn)) void verrx(int status, const char *fmt, va_list ap)
{
    a8_printf_check(A8_CALLER, "verrx", fmt, ap);
    REAL(P_VERRX, ve_fn)(status, fmt, ap);
}

A8_EXPORT __attribute__((noreturn)) void errx(int status, const char *fmt, ...)
{
    FORWARD_VOID("errx", REAL(P_VERRX, ve_fn)(status, fmt, ap));
}

/* error() and error_at_line() have no v-forms to hand the arguments on to.
 * So the message is formatted here, after the check, with the C library's
 * vsnprintf, and given to the C library's entry as "%s": that entry does
 * the rest as it always does (the program's name or error_print_progname,
 * flushing stdout, errnum's text, error_one_per_line, error_message_count,
 * exit(status)).  The message sits on this stack, or in pages of its own
 * when longer: never in the heap, where it would be a leak once status
 * exits.  A message that cannot be formatted (an unconvertible %ls) goes
 * out as far as vsnprintf got, as the C library's own would. */
enum { ERR_MSG_STACK = 1024 };

struct err_msg {
    char *s;
    size_t mapped; /* bytes of pages at s, or 0: s is buf */
    char buf[ERR_MSG_STACK];
};

typedef int (*vsnp_fn)(char *, size_t, const char *, va_list);
typedef void (*error_fn)(int, int, const char *, ...);
typedef void (*error_at_fn)(int, int, const char *, unsigned, const char *, ...);

static void err_format(struct err_msg *m, const char *fmt, va_list ap)
{
    int saved = errno; /* for %m */
    vsnp_fn vsnp = REAL(P_VSNPRINTF, vsnp_fn);
    va_list copy;
    va_copy(copy, ap);
    m->s = m->buf;
    m->mapped = 0;
    m->buf[0] = 0;
    int n = vsnp(m->buf, sizeof m->buf, fmt, copy);
    va_end(copy);
    m->buf[sizeof m->buf - 1] = 0;
    if (n >= (int)sizeof m->buf) {
        size_t len = (size_t)n + 1;
        char *big = a8_pages_map(len);
        if (big) {
            errno = saved;
            vsnp(big, len, fmt, ap);
            big[len - 1] = 0;
            m->s = big;
            m->mapped = len;
        }
    }
    errno = saved;
}

static void err_done(struct err_msg *m)
{
    if (m->mapped)
        a8_pages_unmap(m->s, m->mapped);
}

A8_EXPORT void error(int status, int errnum, const char *fmt, ...)
{
    struct err_msg m;
    va_list ap;
    va_start(ap, fmt);
    a8_printf_check(A8_CALLER, "error", fmt, ap);
    err_format(&m, fmt, ap);
    va_end(ap);
    REAL(P_ERROR, error_fn)(status, errnum, "%s", m.s);
    err_done(&m);
}

A8_EXPORT void error_at_line(int status, int errnum, const char *file, unsigned line,
                             const char *fmt, ...)
{
    struct err_msg m;
    va_list ap;
    a8_check_cstring(A8_CALLER, file, "error_at_line");
    va_start(ap, fmt);
    a8_printf_check(A8_CALLER, "error_at_line", fmt, ap);
    err_format(&m, fmt, ap);
    va_end(ap);
    REAL(P_ERROR_AT_LINE, error_at_fn)(status, errnum, file, line, "%s", m.s);
    err_done(&m);
}

/* ---- the wide family: wchar_t formats, the same walk ------------------------------ */

typedef int (*vwp_fn)(const wchar_t *, va_list);
typedef int (*vfwp_fn)(FILE *, const wchar_t *, va_list);
typedef int (*vswp_fn)(wchar_t *, size_t, const wchar_t *, va_list);
typedef int (*vwp_chk)(int, const wchar_t *, va_list);
typedef int (*vfwp_chk)(FILE *, int, const wchar_t *, va_list);
typedef int (*vswp_chk)(wchar_t *, size_t, int, size_t, const wchar_t *, va_list);

A8_EXPORT int vwprintf(const wchar_t *fmt, va_list ap)
{
    check_args(A8_CALLER, "vwprintf", A8_FMT(fmt), ap);
    return REAL(P_VWPRINTF, vwp_fn)(fmt, ap);
}

A8_EXPORT int wprintf(const wchar_t *fmt, ...)
{
    FORWARD("wprintf", REAL(P_VWPRINTF, vwp_fn)(fmt, ap));
}

A8_EXPORT int vfwprintf(FILE *fp, const wchar_t *fmt, va_list ap)
{
    check_args(A8_CALLER, "vfwprintf", A8_FMT(fmt), ap);
    return REAL(P_VFWPRINTF, vfwp_fn)(fp, fmt, ap);
}

A8_EXPORT int fwprintf(FILE *fp, const wchar_t *fmt, ...)
{
    FORWARD("fwprintf", REAL(P_VFWPRINTF, vfwp_fn)(fp, fmt, ap));
}

A8_EXPORT int __vwprintf_chk(int flag, const wchar_t *fmt, va_list ap)
{
    check_args(A8_CALLER, "__vwprintf_chk", A8_FMT(fmt), ap);
    return REAL(P_VWPRINTF_CHK, vwp_chk)(flag, fmt, ap);
}

A8_EXPORT int __wprintf_chk(int flag, const wchar_t *fmt, ...)
{
    FORWARD("__wprintf_chk", REAL(P_VWPRINTF_CHK, vwp_chk)(flag, fmt, ap));
}

A8_EXPORT int __vfwprintf_chk(FILE *fp, int flag, const wchar_t *fmt, va_list ap)
{
    check_args(A8_CALLER, "__vfwprintf_chk", A8_FMT(fmt), ap);
    return REAL(P_VFWPRINTF_CHK, vfwp_chk)(fp, flag, fmt, ap);
}

A8_EXPORT int __fwprintf_chk(FILE *fp, int flag, const wchar_t *fmt, ...)
{
    FORWARD("__fwprintf_chk", REAL(P_VFWPRINTF_CHK, vfwp_chk)(fp, flag, fmt, ap));
}

/* swprintf writes into the program's buffer s of n wide characters: what it
 * wrote is checked after the call (faults: a8_faults_now() before it), as
 * sprintf's, unless it faulted in a guard page on the way (reported there).
 * What glibc writes: the result and its L'\0' when they fit; when they do
 * not (-1), the first n - 1 wide characters and no L'\0' (with n 1: the
 * L'\0' it puts first; with n 0: nothing).  A -1 for another cause (a %s
 * glibc could not convert) wrote its output so far and an L'\0', at most
 * n wide characters, and is counted as a truncation: n - 1, which fits in
 * any block that holds the n the program promised.  A string argument
 * those wide characters overwrote is a param-overlap (srcs). */
static void swprintf_done(const void *ret, const char *name, wchar_t *s, size_t n, int r,
                          unsigned faults, const struct a8_fmt_srcs *srcs)
{
    if (!a8_call_checked(ret))
        return;
    size_t w = r >= 0 ? (size_t)r + 1 : n > 1 ? n - 1 : n;
    a8_printf_overlap(srcs, w * sizeof(wchar_t), name);
    if (!w || a8_faults_now() != faults)
        return;
    int saved = errno;
    a8_call_done(a8_checker_access(s, w * sizeof(wchar_t), A8_ACC_WRITE, name));
    errno = saved;
}

static int do_vswprintf(const void *ret, const char *name, wchar_t *s, size_t n, const wchar_t *fmt,
                        va_list ap)
{
    struct a8_fmt_srcs srcs;
    a8_printf_check_into(ret, name, A8_FMT(fmt), ap, s, &srcs);
    unsigned f = a8_faults_now();
    int r = REAL(P_VSWPRINTF, vswp_fn)(s, n, fmt, ap);
    swprintf_done(ret, name, s, n, r, f, &srcs);
    return r;
}

A8_EXPORT int vswprintf(wchar_t *s, size_t n, const wchar_t *fmt, va_list ap)
{
    return do_vswprintf(A8_CALLER, "vswprintf", s, n, fmt, ap);
}

A8_EXPORT int swprintf(wchar_t *s, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = do_vswprintf(A8_CALLER, "swprintf", s, n, fmt, ap);
    va_end(ap);
    return r;
}

/* The fortified entries: glibc's stops the program before it writes when
 * n is over slen, the destination's size the compiler knew. */
static int do_vswprintf_chk(const void *ret, const char *name, wchar_t *s, size_t n, int flag,
                            size_t slen, const wchar_t *fmt, va_list ap)
{
    struct a8_fmt_srcs srcs;
    a8_printf_check_into(ret, name, A8_FMT(fmt), ap, s, &srcs);
    unsigned f = a8_faults_now();
    int r = REAL(P_VSWPRINTF_CHK, vswp_chk)(s, n, flag, slen, fmt, ap);
    swprintf_done(ret, name, s, n, r, f, &srcs);
    return r;
}

A8_EXPORT int __vswprintf_chk(wchar_t *s, size_t n, int flag, size_t slen, const wchar_t *fmt,
                              va_list ap)
{
    return do_vswprintf_chk(A8_CALLER, "__vswprintf_chk", s, n, flag, slen, fmt, ap);
}

A8_EXPORT int __swprintf_chk(wchar_t *s, size_t n, int flag, size_t slen, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = do_vswprintf_chk(A8_CALLER, "__swprintf_chk", s, n, flag, slen, fmt, ap);
    va_end(ap);
    return r;
}

/* puts and fputs: the string whole. */
static void check_puts(const void *ret, const char *s, const char *fn)
{
    if (a8_call_checked(ret)) {
        int saved = errno;
        check_string(s, SIZE_MAX, fn);
        errno = saved;
    }
}

A8_EXPORT int puts(const char *s)
{
    typedef int (*fn)(const char *);
    check_puts(A8_CALLER, s, "puts");
    return REAL(P_PUTS, fn)(s);
}

A8_EXPORT int fputs(const char *s, FILE *fp)
{
    typedef int (*fn)(const char *, FILE *);
    check_puts(A8_CALLER, s, "fputs");
    return REAL(P_FPUTS, fn)(s, fp);
}

A8_EXPORT int fputs_unlocked(const char *s, FILE *fp)
{
    typedef int (*fn)(const char *, FILE *);
    check_puts(A8_CALLER, s, "fputs_unlocked");
    return REAL(P_FPUTS_UNLOCKED, fn)(s, fp);
}
