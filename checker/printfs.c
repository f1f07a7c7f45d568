/* printfs.c — the strings the printf family and puts are given, checked at
 * the call.
 *
 * printf("%s", p) reads p up to its NUL (or the precision): from an
 * unterminated string that runs past its block, or from a freed one.  The
 * formatting happens inside the C library, where no checked call sees it,
 * so the program's calls of printf, fprintf, dprintf, asprintf, syslog,
 * warn, warnx, err, errx, their v-forms and their _FORTIFY_SOURCE entries
 * (__printf_chk, __syslog_chk …) come here first:
 * the format is walked as the C library will walk it, each argument taken
 * in turn, and each %s argument that points into alloc8's heap is checked
 * for the bytes it will be read for, as ASan's printf interceptor does.
 * The string functions of iocalls.c (snprintf, sprintf) use the same walk.
 * puts and fputs read their string whole.
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
    P_COUNT
};
static const char *const k_names[P_COUNT] = {
    "vprintf",        "vfprintf",       "vdprintf",        "vasprintf", "__vprintf_chk",
    "__vfprintf_chk", "__vdprintf_chk", "__vasprintf_chk", "puts",      "fputs",
    "fputs_unlocked", "vsyslog",        "__vsyslog_chk",   "vwarn",     "vwarnx",
    "verr",           "verrx"};
static void *g_fn[P_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

/* One string argument read for at most max bytes (SIZE_MAX: to its NUL). */
static void check_string(const char *s, size_t max, const char *fn)
{
    size_t room = a8_checker_room(s);
    if (A8_LIKELY(room == SIZE_MAX)) /* not in the heap (or NULL: "(null)") */
        return;
    unsigned f = a8_faults_now();
    size_t n = max == SIZE_MAX ? strlen(s) + 1 : strnlen(s, max);
    if (max != SIZE_MAX && n < max)
        n++; /* the NUL that stopped it */
    a8_read_done(s, n, room, f, fn);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Walks fmt as printf does, taking each argument from *ap in turn, and
 * checks the %s ones. */
static void walk(const char *fn, const char *fmt, va_list *ap)
{
    for (const char *f = fmt; *f; f++) {
        if (*f != '%')
            continue;
        f++;
        if (*f == '%')
            continue;
        const char *d = f;
        while (is_digit(*d))
            d++;
        if (*d == '$')
            return; /* positional: the order is not the format's */
        while (*f && strchr("-+ #0'I", *f))
            f++;
        if (*f == '*') {
            (void)va_arg(*ap, int);
            f++;
        } else {
            while (is_digit(*f))
                f++;
        }
        size_t prec = SIZE_MAX;
        if (*f == '.') {
            f++;
            if (*f == '*') {
                int p = va_arg(*ap, int);
                prec = p < 0 ? SIZE_MAX : (size_t)p; /* negative: as if none */
                f++;
            } else {
                prec = 0;
                for (; is_digit(*f); f++)
                    prec = prec < SIZE_MAX / 16 ? prec * 10 + (size_t)(*f - '0') : prec;
            }
        }
        int longs = 0; /* l: 1, ll/q/j/z/t: 2, L: 3 (long double), h/hh: 0 */
        for (;; f++) {
            if (*f == 'l')
                longs++;
            else if (strchr("qjzZt", *f) && *f)
                longs = 2;
            else if (*f == 'L')
                longs = 3;
            else if (*f != 'h')
                break;
        }
        switch (*f) {
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
            (void)va_arg(*ap, int);
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
            if (longs) { /* wide: not read here */
                (void)va_arg(*ap, void *);
                break;
            }
            check_string(va_arg(*ap, const char *), prec, fn);
            break;
        case 'S':
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

void a8_printf_check(const void *ret, const char *fn, const char *fmt, va_list ap)
{
    if (!a8_call_checked(ret) || !fmt)
        return;
    int saved = errno;
    va_list copy;
    va_copy(copy, ap);
    walk(fn, fmt, &copy);
    va_end(copy);
    errno = saved;
}

/* ---- the entries: each checks its arguments, then the C library's v-form
 * does the work ---------------------------------------------------------------- */

/* The body of a variadic entry: its arguments as ap, checked, then handed
 * to the C library's v-form (call). */
#define FORWARD(name, call)                                                                        \
    va_list ap;                                                                                    \
    va_start(ap, fmt);                                                                             \
    a8_printf_check(A8_CALLER, name, fmt, ap);                                                     \
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
