/* iocalls.c — the calls that fill or read a buffer the program hands over
 * with its length, checked at the call.
 *
 * read, pread, recv, fread and fgets write into the buffer; write, pwrite,
 * send and fwrite read from it; snprintf and vsnprintf write into it.  The
 * buffer the program passes must hold the length it gives, whatever the
 * data turns out to be, so the whole length is checked before the call runs,
 * as glibc's _FORTIFY_SOURCE versions of these calls do (and valgrind for
 * the system calls): a length past the block is an overflow even when the
 * file was shorter.  sprintf and vsprintf are given no length: what they
 * wrote (their result plus the NUL) is checked after.
 *
 * The system calls' accesses are the kernel's: a closed page (a guard page,
 * a protected freed block) would fail the call with EFAULT rather than
 * fault, and the others may use less of the buffer than its length, so the
 * checks report a closed page in the range themselves and open the pages
 * first (A8_ACC_NOFAULT): the call behaves as it would natively.
 *
 * Only in the preloaded checker, like strmem.c.  The C library's functions
 * are looked up when the checker starts (a8_iocalls_init); before that the
 * system calls go straight to the kernel and the stdio ones are looked up at
 * their first use.  errno is the call's, whatever the checks do.
 */
#include "checker.h"
#include "interpose.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
    F_READ,
    F_PREAD,
    F_RECV,
    F_WRITE,
    F_PWRITE,
    F_SEND,
    F_FREAD,
    F_FWRITE,
    F_FGETS,
    F_VSNPRINTF,
    F_VSPRINTF,
    F_COUNT
};
static const char *const k_names[F_COUNT] = {"read",   "pread",     "recv",    "write",
                                             "pwrite", "send",      "fread",   "fwrite",
                                             "fgets",  "vsnprintf", "vsprintf"};
static void *g_fn[F_COUNT];

void a8_iocalls_init(void)
{
    for (int i = 0; i < F_COUNT; i++)
        a8_glibc_fn(&g_fn[i], k_names[i]);
}

#define REAL(i, type) ((type)a8_glibc_fn(&g_fn[i], k_names[i]))

/* Checks [p, p+n) before a call; errno stays the program's. */
static struct a8_bh *before(const void *ret, const void *p, size_t n, unsigned how, const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    int saved = errno;
    struct a8_bh *h = a8_checker_access(p, n, how, fn);
    errno = saved;
    return h;
}

/* After the call: repaint what a reported write spoiled; errno is the call's. */
static void after(struct a8_bh *h)
{
    if (A8_UNLIKELY(h != NULL)) {
        int saved = errno;
        a8_checker_access_done(h);
        errno = saved;
    }
}

/* The system calls themselves, when the C library's are not known yet. */
static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
    return syscall(nr, a, b, c, d, e, f);
}

/* Whole lengths, checked before: a closed page in them is reported here
 * (the kernel's access, or one the call may never make, would not fault). */
#define KW (A8_ACC_WRITE | A8_ACC_NOFAULT)
#define KR A8_ACC_NOFAULT

A8_EXPORT ssize_t read(int fd, void *buf, size_t n)
{
    typedef ssize_t (*fn)(int, void *, size_t);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, "read");
    fn f = (fn)__atomic_load_n(&g_fn[F_READ], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, buf, n) : sys(SYS_read, fd, (long)buf, (long)n, 0, 0, 0);
    after(h);
    return r;
}

A8_EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    typedef ssize_t (*fn)(int, void *, size_t, off_t);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, "pread");
    fn f = (fn)__atomic_load_n(&g_fn[F_PREAD], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, buf, n, off) : sys(SYS_pread64, fd, (long)buf, (long)n, off, 0, 0);
    after(h);
    return r;
}
A8_EXPORT ssize_t pread64(int fd, void *buf, size_t n, off_t off) __attribute__((alias("pread")));

A8_EXPORT ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    typedef ssize_t (*fn)(int, void *, size_t, int);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, "recv");
    fn f = (fn)__atomic_load_n(&g_fn[F_RECV], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, buf, n, flags) : sys(SYS_recvfrom, fd, (long)buf, (long)n, flags, 0, 0);
    after(h);
    return r;
}

A8_EXPORT ssize_t write(int fd, const void *buf, size_t n)
{
    typedef ssize_t (*fn)(int, const void *, size_t);
    before(A8_CALLER, buf, n, KR, "write");
    fn f = (fn)__atomic_load_n(&g_fn[F_WRITE], __ATOMIC_ACQUIRE);
    return f ? f(fd, buf, n) : sys(SYS_write, fd, (long)buf, (long)n, 0, 0, 0);
}

A8_EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    typedef ssize_t (*fn)(int, const void *, size_t, off_t);
    before(A8_CALLER, buf, n, KR, "pwrite");
    fn f = (fn)__atomic_load_n(&g_fn[F_PWRITE], __ATOMIC_ACQUIRE);
    return f ? f(fd, buf, n, off) : sys(SYS_pwrite64, fd, (long)buf, (long)n, off, 0, 0);
}
A8_EXPORT ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
    __attribute__((alias("pwrite")));

A8_EXPORT ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    typedef ssize_t (*fn)(int, const void *, size_t, int);
    before(A8_CALLER, buf, n, KR, "send");
    fn f = (fn)__atomic_load_n(&g_fn[F_SEND], __ATOMIC_ACQUIRE);
    return f ? f(fd, buf, n, flags) : sys(SYS_sendto, fd, (long)buf, (long)n, flags, 0, 0);
}

/* size * nmemb, or all of memory when that overflows (the call would too) */
static size_t items(size_t size, size_t nmemb)
{
    size_t n;
    return __builtin_mul_overflow(size, nmemb, &n) ? SIZE_MAX : n;
}

A8_EXPORT size_t fread(void *buf, size_t size, size_t nmemb, FILE *fp)
{
    typedef size_t (*fn)(void *, size_t, size_t, FILE *);
    struct a8_bh *h = before(A8_CALLER, buf, items(size, nmemb), KW, "fread");
    size_t r = REAL(F_FREAD, fn)(buf, size, nmemb, fp);
    after(h);
    return r;
}

A8_EXPORT size_t fwrite(const void *buf, size_t size, size_t nmemb, FILE *fp)
{
    typedef size_t (*fn)(const void *, size_t, size_t, FILE *);
    before(A8_CALLER, buf, items(size, nmemb), KR, "fwrite");
    return REAL(F_FWRITE, fn)(buf, size, nmemb, fp);
}

A8_EXPORT char *fgets(char *s, int n, FILE *fp)
{
    typedef char *(*fn)(char *, int, FILE *);
    struct a8_bh *h = before(A8_CALLER, s, n > 0 ? (size_t)n : 0, KW, "fgets");
    char *r = REAL(F_FGETS, fn)(s, n, fp);
    after(h);
    return r;
}

typedef int (*vsn_fn)(char *, size_t, const char *, va_list);
typedef int (*vs_fn)(char *, const char *, va_list);

static int vsn(const void *ret, char *s, size_t n, const char *fmt, va_list ap, const char *name)
{
    struct a8_bh *h = before(ret, s, n, KW, name);
    int r = REAL(F_VSNPRINTF, vsn_fn)(s, n, fmt, ap);
    after(h);
    return r;
}

A8_EXPORT int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    return vsn(A8_CALLER, s, n, fmt, ap, "vsnprintf");
}

A8_EXPORT int snprintf(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsn(A8_CALLER, s, n, fmt, ap, "snprintf");
    va_end(ap);
    return r;
}

/* No length: what was written is checked after, unless it faulted in a
 * guard page on the way (reported there). */
static int vs(const void *ret, char *s, const char *fmt, va_list ap, const char *name)
{
    unsigned f = a8_tls.faults;
    int r = REAL(F_VSPRINTF, vs_fn)(s, fmt, ap);
    if (r >= 0 && a8_tls.faults == f)
        after(before(ret, s, (size_t)r + 1, A8_ACC_WRITE, name));
    return r;
}

A8_EXPORT int vsprintf(char *s, const char *fmt, va_list ap)
{
    return vs(A8_CALLER, s, fmt, ap, "vsprintf");
}

A8_EXPORT int sprintf(char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vs(A8_CALLER, s, fmt, ap, "sprintf");
    va_end(ap);
    return r;
}
