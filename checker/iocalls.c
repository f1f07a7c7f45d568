/* iocalls.c — the calls that fill or read a buffer the program hands over
 * with its length, checked at the call.
 *
 * read, pread, recv, fread and fgets write into the buffer; write, pwrite,
 * send and fwrite read from it; snprintf and vsnprintf write into it.  The
 * vector calls (readv, preadv, recvmsg; writev, pwritev, sendmsg; ...) do
 * the same with each buffer of their vector, and recvmsg and sendmsg with
 * the address and control data of their struct msghdr.  The buffer the
 * program passes must hold the length it gives, whatever the data turns
 * out to be, so the whole length is checked before the call runs,
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
#include "stack.h"

#include <errno.h>
#include <grp.h>
#include <iconv.h>
#include <poll.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <netdb.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <wchar.h>

/* <stdio.h> may make these macros (glibc, optimising): the functions are meant. */
#undef fread_unlocked
#undef fwrite_unlocked

enum {
    F_READ,
    F_PREAD,
    F_RECV,
    F_RECVFROM,
    F_READV,
    F_PREADV,
    F_PREADV2,
    F_RECVMSG,
    F_WRITE,
    F_PWRITE,
    F_SEND,
    F_SENDTO,
    F_WRITEV,
    F_PWRITEV,
    F_PWRITEV2,
    F_SENDMSG,
    F_FREAD,
    F_FREAD_UNLOCKED,
    F_FWRITE,
    F_FWRITE_UNLOCKED,
    F_FGETS,
    F_FGETS_UNLOCKED,
    F_VSNPRINTF,
    F_VSPRINTF,
    F_COUNT
};
static const char *const k_names[F_COUNT] = {
    "read",    "pread",           "recv",     "recvfrom",       "readv",     "preadv",
    "preadv2", "recvmsg",         "write",    "pwrite",         "send",      "sendto",
    "writev",  "pwritev",         "pwritev2", "sendmsg",        "fread",     "fread_unlocked",
    "fwrite",  "fwrite_unlocked", "fgets",    "fgets_unlocked", "vsnprintf", "vsprintf"};
static void *g_fn[F_COUNT];

static void buf_calls_init(void);

void a8_iocalls_init(void)
{
    for (int i = 0; i < F_COUNT; i++)
        a8_glibc_fn(&g_fn[i], k_names[i]);
    buf_calls_init();
}

#define REAL(i, type) ((type)a8_glibc_fn(&g_fn[i], k_names[i]))

/* Checks [p, p+n) before a call; errno stays the program's.  p is an
 * address to look up, not read through (access none: GCC would otherwise
 * take read's and getcwd's write-only buffers for reads of uninitialised
 * memory). */
__attribute__((access(none, 2))) static struct a8_bh *before(const void *ret, const void *p,
                                                             size_t n, unsigned how, const char *fn)
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

A8_EXPORT ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from,
                           socklen_t *fromlen)
{
    typedef ssize_t (*fn)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, "recvfrom");
    fn f = (fn)__atomic_load_n(&g_fn[F_RECVFROM], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, buf, n, flags, from, fromlen)
                  : sys(SYS_recvfrom, fd, (long)buf, (long)n, flags, (long)from, (long)fromlen);
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

A8_EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to,
                         socklen_t tolen)
{
    typedef ssize_t (*fn)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
    before(A8_CALLER, buf, n, KR, "sendto");
    fn f = (fn)__atomic_load_n(&g_fn[F_SENDTO], __ATOMIC_ACQUIRE);
    return f ? f(fd, buf, n, flags, to, tolen)
             : sys(SYS_sendto, fd, (long)buf, (long)n, flags, (long)to, (long)tolen);
}

/* The vector calls: readv, preadv, preadv2 and recvmsg write into each
 * buffer of the vector, writev, pwritev, pwritev2 and sendmsg read it.  The
 * vector itself, then each of its buffers whole, before the call.  The
 * blocks of the first IOV_REPAINT buffers a reported write hit are settled
 * after it (a8_checker_access_done); any more are reported again when their
 * blocks are checked. */
enum { IOV_REPAINT = 8 };

/* A block a reported write hit, kept in hs[*n] to settle after the call. */
static void keep(struct a8_bh **hs, int *n, struct a8_bh *h)
{
    if (h && *n < IOV_REPAINT)
        hs[(*n)++] = h;
}

/* Copies the program's n bytes at p (an iovec array, a msghdr) into buf
 * without faulting; false when they are not all readable.  A wild pointer
 * there natively fails the call with EFAULT: read in place, it would crash
 * the program in the check instead.  Our own region (its closed pages fault
 * into the guard-page report, as the program's own read would) and the
 * thread's stack above here (once its bounds are known) are read in place,
 * anything else through process_vm_readv, which fails where the memory is
 * not readable.  Under a seccomp filter that call may be forbidden
 * (a8_sandboxed): such memory is not read, and its buffers go unchecked. */
bool a8_fetch(void *buf, const void *p, size_t n)
{
    uintptr_t a = (uintptr_t)p, lo, hi;
    if (a8_checker_owns(p) && a8_checker_owns((const char *)p + n - 1)) {
        a8_memcpy(buf, p, n);
        return true;
    }
    if (a8_stack_bounds_known(&lo, &hi) && a >= (uintptr_t)__builtin_frame_address(0) && a < hi &&
        n <= hi - a) {
        a8_memcpy(buf, p, n);
        return true;
    }
    if (a8_sandboxed())
        return false;
    struct iovec local = {buf, n}, remote = {(void *)a, n};
    return syscall(SYS_process_vm_readv, (long)a8_getpid(), &local, 1L, &remote, 1L, 0L) == (long)n;
}

enum { IOV_CHUNK = 32 }; /* iovec entries fetched at a time */

static void iov_check(const struct iovec *iov, size_t cnt, unsigned how, const char *fn,
                      struct a8_bh **hs, int *n)
{
    a8_checker_access(iov, cnt * sizeof *iov, KR, fn);
    struct iovec v[IOV_CHUNK];
    for (size_t i = 0; i < cnt; i += IOV_CHUNK) {
        size_t k = cnt - i < IOV_CHUNK ? cnt - i : IOV_CHUNK;
        if (!a8_fetch(v, iov + i, k * sizeof *v))
            return; /* the call fails with EFAULT */
        for (size_t j = 0; j < k; j++)
            keep(hs, n, a8_checker_access(v[j].iov_base, v[j].iov_len, how, fn));
    }
}

static int iov_before(const void *ret, const struct iovec *iov, int cnt, unsigned how,
                      const char *fn, struct a8_bh **hs)
{
    if (!a8_call_checked(ret) || cnt <= 0 || cnt > IOV_MAX) /* the call fails: EINVAL */
        return 0;
    int saved = errno, n = 0;
    iov_check(iov, (size_t)cnt, how, fn, hs, &n);
    errno = saved;
    return n;
}

static void iov_after(struct a8_bh **hs, int n)
{
    for (int i = 0; i < n; i++)
        after(hs[i]);
}

A8_EXPORT ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
    typedef ssize_t (*fn)(int, const struct iovec *, int);
    struct a8_bh *hs[IOV_REPAINT];
    int nh = iov_before(A8_CALLER, iov, cnt, KW, "readv", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_READV], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, iov, cnt) : sys(SYS_readv, fd, (long)iov, cnt, 0, 0, 0);
    iov_after(hs, nh);
    return r;
}

A8_EXPORT ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    typedef ssize_t (*fn)(int, const struct iovec *, int);
    struct a8_bh *hs[IOV_REPAINT];
    iov_before(A8_CALLER, iov, cnt, KR, "writev", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_WRITEV], __ATOMIC_ACQUIRE);
    return f ? f(fd, iov, cnt) : sys(SYS_writev, fd, (long)iov, cnt, 0, 0, 0);
}

/* The system calls of the p forms take the offset as its low and high words;
 * a long holds it all here, and the high word is 0 (glibc's LO_HI_LONG on
 * x86_64).  preadv64 and the others: the same functions (off_t is 64-bit). */
A8_EXPORT ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
    typedef ssize_t (*fn)(int, const struct iovec *, int, off_t);
    struct a8_bh *hs[IOV_REPAINT];
    int nh = iov_before(A8_CALLER, iov, cnt, KW, "preadv", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_PREADV], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, iov, cnt, off) : sys(SYS_preadv, fd, (long)iov, cnt, off, 0, 0);
    iov_after(hs, nh);
    return r;
}
A8_EXPORT ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off)
    __attribute__((alias("preadv")));

A8_EXPORT ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
    typedef ssize_t (*fn)(int, const struct iovec *, int, off_t, int);
    struct a8_bh *hs[IOV_REPAINT];
    int nh = iov_before(A8_CALLER, iov, cnt, KW, "preadv2", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_PREADV2], __ATOMIC_ACQUIRE);
    ssize_t r =
        f ? f(fd, iov, cnt, off, flags) : sys(SYS_preadv2, fd, (long)iov, cnt, off, 0, flags);
    iov_after(hs, nh);
    return r;
}
A8_EXPORT ssize_t preadv64v2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
    __attribute__((alias("preadv2")));

A8_EXPORT ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
    typedef ssize_t (*fn)(int, const struct iovec *, int, off_t);
    struct a8_bh *hs[IOV_REPAINT];
    iov_before(A8_CALLER, iov, cnt, KR, "pwritev", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_PWRITEV], __ATOMIC_ACQUIRE);
    return f ? f(fd, iov, cnt, off) : sys(SYS_pwritev, fd, (long)iov, cnt, off, 0, 0);
}
A8_EXPORT ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off_t off)
    __attribute__((alias("pwritev")));

A8_EXPORT ssize_t pwritev2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
    typedef ssize_t (*fn)(int, const struct iovec *, int, off_t, int);
    struct a8_bh *hs[IOV_REPAINT];
    iov_before(A8_CALLER, iov, cnt, KR, "pwritev2", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_PWRITEV2], __ATOMIC_ACQUIRE);
    return f ? f(fd, iov, cnt, off, flags) : sys(SYS_pwritev2, fd, (long)iov, cnt, off, 0, flags);
}
A8_EXPORT ssize_t pwritev64v2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
    __attribute__((alias("pwritev2")));

/* recvmsg and sendmsg: the header, then its vector as readv's and writev's,
 * its address (msg_namelen bytes) and its control data (msg_controllen)
 * when given.  The header's fields are followed only when it lies whole in
 * a live block or outside the heap: in a freed block or past a block's end
 * they are fill bytes, not pointers and lengths of the program's. */
static void msg_fields(const struct msghdr *h, unsigned how, const char *fn, struct a8_bh **hs,
                       int *n)
{
    if (h->msg_iovlen <= (size_t)IOV_MAX) /* the call fails: EMSGSIZE */
        iov_check(h->msg_iov, h->msg_iovlen, how, fn, hs, n);
    if (h->msg_name)
        keep(hs, n, a8_checker_access(h->msg_name, h->msg_namelen, how, fn));
    if (h->msg_control)
        keep(hs, n, a8_checker_access(h->msg_control, h->msg_controllen, how, fn));
}

static int msg_before(const void *ret, const struct msghdr *m, unsigned how, const char *fn,
                      struct a8_bh **hs)
{
    if (!a8_call_checked(ret) || !m)
        return 0;
    int saved = errno, n = 0;
    struct msghdr h;
    bool fields = a8_checker_room(m) >= sizeof *m && a8_fetch(&h, m, sizeof h);
    a8_checker_access(m, sizeof *m, KR, fn);
    if (fields)
        msg_fields(&h, how, fn, hs, &n);
    errno = saved;
    return n;
}

/* recvmmsg and sendmmsg: the array of vlen struct mmsghdr (at most
 * UIO_MAXIOV, as the kernel takes), written (each entry's msg_len), then
 * each entry's header as recvmsg's and sendmsg's, its fields followed when
 * the whole array lies in a live block or outside the heap. */
enum { MMSG_CHUNK = 8 }; /* entries fetched at a time */

static int mmsg_before(const void *ret, struct mmsghdr *vec, unsigned vlen, unsigned how,
                       const char *fn, struct a8_bh **hs)
{
    if (!a8_call_checked(ret) || !vec || !vlen)
        return 0;
    if (vlen > UIO_MAXIOV)
        vlen = UIO_MAXIOV;
    int saved = errno, n = 0;
    bool fields = a8_checker_room(vec) >= vlen * sizeof *vec;
    keep(hs, &n, a8_checker_access(vec, vlen * sizeof *vec, KW, fn));
    struct mmsghdr v[MMSG_CHUNK];
    for (unsigned i = 0; fields && i < vlen; i += MMSG_CHUNK) {
        unsigned k = vlen - i < MMSG_CHUNK ? vlen - i : MMSG_CHUNK;
        if (!a8_fetch(v, vec + i, k * sizeof *v))
            break; /* the call fails with EFAULT */
        for (unsigned j = 0; j < k; j++)
            msg_fields(&v[j].msg_hdr, how, fn, hs, &n);
    }
    errno = saved;
    return n;
}

A8_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
    typedef ssize_t (*fn)(int, struct msghdr *, int);
    struct a8_bh *hs[IOV_REPAINT];
    int nh = msg_before(A8_CALLER, msg, KW, "recvmsg", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_RECVMSG], __ATOMIC_ACQUIRE);
    ssize_t r = f ? f(fd, msg, flags) : sys(SYS_recvmsg, fd, (long)msg, flags, 0, 0, 0);
    iov_after(hs, nh);
    return r;
}

A8_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    typedef ssize_t (*fn)(int, const struct msghdr *, int);
    struct a8_bh *hs[IOV_REPAINT];
    msg_before(A8_CALLER, msg, KR, "sendmsg", hs);
    fn f = (fn)__atomic_load_n(&g_fn[F_SENDMSG], __ATOMIC_ACQUIRE);
    return f ? f(fd, msg, flags) : sys(SYS_sendmsg, fd, (long)msg, flags, 0, 0, 0);
}

/* size * nmemb, or all of memory when that overflows (the call would too) */
static size_t items(size_t size, size_t nmemb)
{
    size_t n;
    return __builtin_mul_overflow(size, nmemb, &n) ? SIZE_MAX : n;
}

typedef size_t (*fread_fn)(void *, size_t, size_t, FILE *);
typedef size_t (*fwrite_fn)(const void *, size_t, size_t, FILE *);
typedef char *(*fgets_fn)(char *, int, FILE *);

static size_t do_fread(const void *ret, int i, void *buf, size_t size, size_t nmemb, FILE *fp)
{
    struct a8_bh *h = before(ret, buf, items(size, nmemb), KW, k_names[i]);
    size_t r = REAL(i, fread_fn)(buf, size, nmemb, fp);
    after(h);
    return r;
}

A8_EXPORT size_t fread(void *buf, size_t size, size_t nmemb, FILE *fp)
{
    return do_fread(A8_CALLER, F_FREAD, buf, size, nmemb, fp);
}

A8_EXPORT size_t fread_unlocked(void *buf, size_t size, size_t nmemb, FILE *fp)
{
    return do_fread(A8_CALLER, F_FREAD_UNLOCKED, buf, size, nmemb, fp);
}

A8_EXPORT size_t fwrite(const void *buf, size_t size, size_t nmemb, FILE *fp)
{
    before(A8_CALLER, buf, items(size, nmemb), KR, "fwrite");
    return REAL(F_FWRITE, fwrite_fn)(buf, size, nmemb, fp);
}

A8_EXPORT size_t fwrite_unlocked(const void *buf, size_t size, size_t nmemb, FILE *fp)
{
    before(A8_CALLER, buf, items(size, nmemb), KR, "fwrite_unlocked");
    return REAL(F_FWRITE_UNLOCKED, fwrite_fn)(buf, size, nmemb, fp);
}

static char *do_fgets(const void *ret, int i, char *s, int n, FILE *fp)
{
    struct a8_bh *h = before(ret, s, n > 0 ? (size_t)n : 0, KW, k_names[i]);
    char *r = REAL(i, fgets_fn)(s, n, fp);
    after(h);
    return r;
}

A8_EXPORT char *fgets(char *s, int n, FILE *fp) { return do_fgets(A8_CALLER, F_FGETS, s, n, fp); }

A8_EXPORT char *fgets_unlocked(char *s, int n, FILE *fp)
{
    return do_fgets(A8_CALLER, F_FGETS_UNLOCKED, s, n, fp);
}

typedef int (*vsn_fn)(char *, size_t, const char *, va_list);
typedef int (*vs_fn)(char *, const char *, va_list);

/* What snprintf wrote of its n bytes, for its string arguments' overlap
 * check: the text and its NUL, or n - 1 bytes and a NUL when they did not
 * fit (nothing on an error). */
static size_t sn_written(size_t n, int r) { return r < 0 ? 0 : (size_t)r < n ? (size_t)r + 1 : n; }

static int vsn(const void *ret, char *s, size_t n, const char *fmt, va_list ap, const char *name)
{
    struct a8_fmt_srcs srcs;
    a8_printf_check_into(ret, name, A8_FMT(fmt), ap, s, &srcs);
    struct a8_bh *h = before(ret, s, n, KW, name);
    int r = REAL(F_VSNPRINTF, vsn_fn)(s, n, fmt, ap);
    a8_printf_overlap(&srcs, sn_written(n, r), name);
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
    struct a8_fmt_srcs srcs;
    a8_printf_check_into(ret, name, A8_FMT(fmt), ap, s, &srcs);
    unsigned f = a8_faults_now();
    int r = REAL(F_VSPRINTF, vs_fn)(s, fmt, ap);
    a8_printf_overlap(&srcs, sn_written(SIZE_MAX, r), name);
    if (r >= 0 && a8_faults_now() == f)
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

/* ---- the fortified entries (strmem.c says why) ------------------------------------ */

enum {
    K_READ,
    K_PREAD,
    K_PREAD64,
    K_RECV,
    K_RECVFROM,
    K_FREAD,
    K_FREAD_UNLOCKED,
    K_FGETS,
    K_FGETS_UNLOCKED,
    K_VSNPRINTF,
    K_VSPRINTF,
    K_COUNT
};
static const char *const k_chk[K_COUNT] = {
    "__read_chk",           "__pread_chk",     "__pread64_chk",        "__recv_chk",
    "__recvfrom_chk",       "__fread_chk",     "__fread_unlocked_chk", "__fgets_chk",
    "__fgets_unlocked_chk", "__vsnprintf_chk", "__vsprintf_chk"};
static void *g_chk[K_COUNT];
#define CHK(i, type) ((type)a8_calls_chk_fn(&g_chk[i], k_chk[i]))

A8_EXPORT ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
    typedef ssize_t (*fn)(int, void *, size_t, size_t);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, k_chk[K_READ]);
    ssize_t r = CHK(K_READ, fn)(fd, buf, n, buflen);
    after(h);
    return r;
}

static ssize_t pread_chk(const void *ret, int i, int fd, void *buf, size_t n, off_t off,
                         size_t buflen)
{
    typedef ssize_t (*fn)(int, void *, size_t, off_t, size_t);
    struct a8_bh *h = before(ret, buf, n, KW, k_chk[i]);
    ssize_t r = CHK(i, fn)(fd, buf, n, off, buflen);
    after(h);
    return r;
}

A8_EXPORT ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
    return pread_chk(A8_CALLER, K_PREAD, fd, buf, n, off, buflen);
}

A8_EXPORT ssize_t __pread64_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
    return pread_chk(A8_CALLER, K_PREAD64, fd, buf, n, off, buflen);
}

A8_EXPORT ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen, int flags)
{
    typedef ssize_t (*fn)(int, void *, size_t, size_t, int);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, k_chk[K_RECV]);
    ssize_t r = CHK(K_RECV, fn)(fd, buf, n, buflen, flags);
    after(h);
    return r;
}

A8_EXPORT ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen, int flags,
                                 struct sockaddr *from, socklen_t *fromlen)
{
    typedef ssize_t (*fn)(int, void *, size_t, size_t, int, struct sockaddr *, socklen_t *);
    struct a8_bh *h = before(A8_CALLER, buf, n, KW, k_chk[K_RECVFROM]);
    ssize_t r = CHK(K_RECVFROM, fn)(fd, buf, n, buflen, flags, from, fromlen);
    after(h);
    return r;
}

static size_t fread_chk(const void *ret, int i, void *buf, size_t buflen, size_t size, size_t nmemb,
                        FILE *fp)
{
    typedef size_t (*fn)(void *, size_t, size_t, size_t, FILE *);
    struct a8_bh *h = before(ret, buf, items(size, nmemb), KW, k_chk[i]);
    size_t r = CHK(i, fn)(buf, buflen, size, nmemb, fp);
    after(h);
    return r;
}

A8_EXPORT size_t __fread_chk(void *buf, size_t buflen, size_t size, size_t nmemb, FILE *fp)
{
    return fread_chk(A8_CALLER, K_FREAD, buf, buflen, size, nmemb, fp);
}

A8_EXPORT size_t __fread_unlocked_chk(void *buf, size_t buflen, size_t size, size_t nmemb, FILE *fp)
{
    return fread_chk(A8_CALLER, K_FREAD_UNLOCKED, buf, buflen, size, nmemb, fp);
}

static char *fgets_chk(const void *ret, int i, char *s, size_t size, int n, FILE *fp)
{
    typedef char *(*fn)(char *, size_t, int, FILE *);
    struct a8_bh *h = before(ret, s, n > 0 ? (size_t)n : 0, KW, k_chk[i]);
    char *r = CHK(i, fn)(s, size, n, fp);
    after(h);
    return r;
}

A8_EXPORT char *__fgets_chk(char *s, size_t size, int n, FILE *fp)
{
    return fgets_chk(A8_CALLER, K_FGETS, s, size, n, fp);
}

A8_EXPORT char *__fgets_unlocked_chk(char *s, size_t size, int n, FILE *fp)
{
    return fgets_chk(A8_CALLER, K_FGETS_UNLOCKED, s, size, n, fp);
}

typedef int (*vsn_chk)(char *, size_t, int, size_t, const char *, va_list);
typedef int (*vs_chk)(char *, int, size_t, const char *, va_list);

static int vsn_chk_call(const void *ret, char *s, size_t n, int flag, size_t slen, const char *fmt,
                        va_list ap, const char *name)
{
    struct a8_fmt_srcs srcs;
    a8_printf_check_into(ret, name, A8_FMT(fmt), ap, s, &srcs);
    struct a8_bh *h = before(ret, s, n, KW, name);
    int r = CHK(K_VSNPRINTF, vsn_chk)(s, n, flag, slen, fmt, ap);
    a8_printf_overlap(&srcs, sn_written(n, r), name);
    after(h);
    return r;
}

A8_EXPORT int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, va_list ap)
{
    return vsn_chk_call(A8_CALLER, s, n, flag, slen, fmt, ap, "__vsnprintf_chk");
}

A8_EXPORT int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsn_chk_call(A8_CALLER, s, n, flag, slen, fmt, ap, "__snprintf_chk");
    va_end(ap);
    return r;
}

/* As sprintf: what was written, after (glibc's entry stops the program first
 * when that would pass slen). */
static int vs_chk_call(const void *ret, char *s, int flag, size_t slen, const char *fmt, va_list ap,
                       const char *name)
{
    struct a8_fmt_srcs srcs;
    a8_printf_check_into(ret, name, A8_FMT(fmt), ap, s, &srcs);
    unsigned f = a8_faults_now();
    int r = CHK(K_VSPRINTF, vs_chk)(s, flag, slen, fmt, ap);
    a8_printf_overlap(&srcs, sn_written(SIZE_MAX, r), name);
    if (r >= 0 && a8_faults_now() == f)
        after(before(ret, s, (size_t)r + 1, A8_ACC_WRITE, name));
    return r;
}

A8_EXPORT int __vsprintf_chk(char *s, int flag, size_t slen, const char *fmt, va_list ap)
{
    return vs_chk_call(A8_CALLER, s, flag, slen, fmt, ap, "__vsprintf_chk");
}

A8_EXPORT int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vs_chk_call(A8_CALLER, s, flag, slen, fmt, ap, "__sprintf_chk");
    va_end(ap);
    return r;
}

/* ---- calls that fill a buffer of a size the program gives -------------------- */

/* getcwd, readlink, gethostname and the rest write into a buffer the
 * program sizes: the whole size it gives is checked before the call, as
 * with read (and as their _FORTIFY_SOURCE entries test it against the size
 * the compiler knew).  realpath's buffer must hold PATH_MAX bytes, as its
 * fortified entry requires; ctime_r's and asctime_r's 26, as POSIX says. */
enum {
    B_GETCWD,
    B_READLINK,
    B_READLINKAT,
    B_GETHOSTNAME,
    B_GETLOGIN_R,
    B_TTYNAME_R,
    B_CONFSTR,
    B_REALPATH,
    B_FGETWS,
    B_GETRANDOM,
    B_GETENTROPY,
    B_STRFTIME,
    B_INET_NTOP,
    B_CTIME_R,
    B_ASCTIME_R,
    B_GETCWD_CHK,
    B_READLINK_CHK,
    B_READLINKAT_CHK,
    B_GETHOSTNAME_CHK,
    B_GETLOGIN_R_CHK,
    B_TTYNAME_R_CHK,
    B_CONFSTR_CHK,
    B_REALPATH_CHK,
    B_FGETWS_CHK,
    B_GETDOMAINNAME,
    B_PTSNAME_R,
    B_WCSFTIME,
    B_GETDOMAINNAME_CHK,
    B_PTSNAME_R_CHK,
    B_ICONV,
    B_GETLINE,
    B_GETDELIM,
    B_GETDELIM_INT,
    B_QSORT,
    B_QSORT_R,
    B_STRERROR_R,
    B_XPG_STRERROR_R,
    B_GETPWNAM_R,
    B_GETPWUID_R,
    B_GETGRNAM_R,
    B_GETGRGID_R,
    B_STAT,
    B_LSTAT,
    B_FSTAT,
    B_FSTATAT,
    B_STAT64,
    B_LSTAT64,
    B_FSTAT64,
    B_FSTATAT64,
    B_LOCALTIME_R,
    B_GMTIME_R,
    B_CLOCK_GETTIME,
    B_GETTIMEOFDAY,
    B_POLL,
    B_WAITPID,
    B_WAIT,
    B_GETSOCKNAME,
    B_GETPEERNAME,
    B_ACCEPT,
    B_ACCEPT4,
    B_GETSOCKOPT,
    B_INET_PTON,
    B_PPOLL,
    B_SELECT,
    B_PSELECT,
    B_RECVMMSG,
    B_SENDMMSG,
    B_SETVBUF,
    B_SETBUF,
    B_SETBUFFER,
    B_POLL_CHK,
    B_PPOLL_CHK,
    B_GETHOSTBYNAME_R,
    B_GETHOSTBYNAME2_R,
    B_GETHOSTBYADDR_R,
    B_GETSERVBYNAME_R,
    B_GETSERVBYPORT_R,
    B_GETPROTOBYNAME_R,
    B_GETPROTOBYNUMBER_R,
    B_GETNAMEINFO,
    B_GETADDRINFO,
    B_STATFS,
    B_STATFS64,
    B_FSTATFS,
    B_FSTATFS64,
    B_STATVFS,
    B_STATVFS64,
    B_FSTATVFS,
    B_FSTATVFS64,
    B_STATX,
    B_GETXATTR,
    B_LGETXATTR,
    B_FGETXATTR,
    B_LISTXATTR,
    B_LLISTXATTR,
    B_FLISTXATTR,
    B_SETXATTR,
    B_LSETXATTR,
    B_FSETXATTR,
    B_REMOVEXATTR,
    B_LREMOVEXATTR,
    B_FREMOVEXATTR,
    B_UTIME,
    B_UTIMES,
    B_LUTIMES,
    B_COUNT
};
/* clang-format off */
static const char *const k_buf[] = {
    "getcwd", "readlink", "readlinkat", "gethostname", "getlogin_r", "ttyname_r", "confstr",
    "realpath", "fgetws", "getrandom", "getentropy", "strftime", "inet_ntop", "ctime_r",
    "asctime_r", "__getcwd_chk", "__readlink_chk", "__readlinkat_chk", "__gethostname_chk",
    "__getlogin_r_chk", "__ttyname_r_chk", "__confstr_chk", "__realpath_chk", "__fgetws_chk",
    "getdomainname", "ptsname_r", "wcsftime", "__getdomainname_chk", "__ptsname_r_chk", "iconv",
    "getline", "getdelim", "__getdelim", "qsort", "qsort_r", "strerror_r", "__xpg_strerror_r",
    "getpwnam_r", "getpwuid_r", "getgrnam_r", "getgrgid_r", "stat", "lstat", "fstat", "fstatat",
    "stat64", "lstat64", "fstat64", "fstatat64", "localtime_r", "gmtime_r", "clock_gettime",
    "gettimeofday", "poll", "waitpid", "wait", "getsockname", "getpeername", "accept", "accept4",
    "getsockopt", "inet_pton", "ppoll", "select", "pselect", "recvmmsg", "sendmmsg", "setvbuf",
    "setbuf", "setbuffer", "__poll_chk", "__ppoll_chk", "gethostbyname_r", "gethostbyname2_r",
    "gethostbyaddr_r", "getservbyname_r", "getservbyport_r", "getprotobyname_r",
    "getprotobynumber_r", "getnameinfo", "getaddrinfo", "statfs", "statfs64", "fstatfs",
    "fstatfs64", "statvfs", "statvfs64", "fstatvfs", "fstatvfs64", "statx", "getxattr",
    "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr", "setxattr", "lsetxattr",
    "fsetxattr", "removexattr", "lremovexattr", "fremovexattr", "utime", "utimes", "lutimes",
};
/* clang-format on */
_Static_assert(sizeof k_buf / sizeof k_buf[0] == B_COUNT, "a name for every call");
static void *g_buf[B_COUNT];
#define BUF(i, type) ((type)a8_calls_chk_fn(&g_buf[i], k_buf[i]))

/* Looked up when the checker starts, as the calls above: alloc8's own
 * readlink (core/proc.c) runs during a leak check, when a stopped thread may
 * hold the loader's lock that a first lookup takes. */
static void buf_calls_init(void)
{
    for (int i = 0; i < B_COUNT; i++)
        a8_glibc_fn(&g_buf[i], k_buf[i]);
}

enum { TIME_TEXT = 26 }; /* ctime_r's and asctime_r's buffer, "Www Mmm dd hh:mm:ss yyyy\n" */

/* A buffer of n bytes filled by call i (nothing for a NULL one). */
static struct a8_bh *fill(const void *ret, void *buf, size_t n, int i)
{
    return buf ? before(ret, buf, n, KW, k_buf[i]) : NULL;
}

/* A buffer of n bytes read by call i (nothing for a NULL one); a read
 * leaves nothing to repaint. */
static void taken(const void *ret, const void *buf, size_t n, int i)
{
    if (buf)
        before(ret, buf, n, KR, k_buf[i]);
}

A8_EXPORT char *getcwd(char *buf, size_t size)
{
    struct a8_bh *h = fill(A8_CALLER, buf, size, B_GETCWD);
    char *r = BUF(B_GETCWD, char *(*)(char *, size_t))(buf, size);
    after(h);
    return r;
}

A8_EXPORT char *__getcwd_chk(char *buf, size_t size, size_t buflen)
{
    struct a8_bh *h = fill(A8_CALLER, buf, size, B_GETCWD_CHK);
    char *r = BUF(B_GETCWD_CHK, char *(*)(char *, size_t, size_t))(buf, size, buflen);
    after(h);
    return r;
}

A8_EXPORT ssize_t readlink(const char *path, char *buf, size_t len)
{
    a8_check_cstring(A8_CALLER, path, k_buf[B_READLINK]);
    struct a8_bh *h = fill(A8_CALLER, buf, len, B_READLINK);
    ssize_t r = BUF(B_READLINK, ssize_t(*)(const char *, char *, size_t))(path, buf, len);
    after(h);
    return r;
}

A8_EXPORT ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen)
{
    typedef ssize_t (*fn)(const char *, char *, size_t, size_t);
    a8_check_cstring(A8_CALLER, path, k_buf[B_READLINK_CHK]);
    struct a8_bh *h = fill(A8_CALLER, buf, len, B_READLINK_CHK);
    ssize_t r = BUF(B_READLINK_CHK, fn)(path, buf, len, buflen);
    after(h);
    return r;
}

A8_EXPORT ssize_t readlinkat(int fd, const char *path, char *buf, size_t len)
{
    typedef ssize_t (*fn)(int, const char *, char *, size_t);
    a8_check_cstring(A8_CALLER, path, k_buf[B_READLINKAT]);
    struct a8_bh *h = fill(A8_CALLER, buf, len, B_READLINKAT);
    ssize_t r = BUF(B_READLINKAT, fn)(fd, path, buf, len);
    after(h);
    return r;
}

A8_EXPORT ssize_t __readlinkat_chk(int fd, const char *path, char *buf, size_t len, size_t buflen)
{
    typedef ssize_t (*fn)(int, const char *, char *, size_t, size_t);
    a8_check_cstring(A8_CALLER, path, k_buf[B_READLINKAT_CHK]);
    struct a8_bh *h = fill(A8_CALLER, buf, len, B_READLINKAT_CHK);
    ssize_t r = BUF(B_READLINKAT_CHK, fn)(fd, path, buf, len, buflen);
    after(h);
    return r;
}

/* gethostname, getlogin_r: (buf, len) and an int result. */
static int name_call(const void *ret, int i, char *buf, size_t len)
{
    struct a8_bh *h = fill(ret, buf, len, i);
    int r = BUF(i, int (*)(char *, size_t))(buf, len);
    after(h);
    return r;
}

/* Their fortified entries: (buf, len, buflen). */
static int name_chk_call(const void *ret, int i, char *buf, size_t len, size_t buflen)
{
    struct a8_bh *h = fill(ret, buf, len, i);
    int r = BUF(i, int (*)(char *, size_t, size_t))(buf, len, buflen);
    after(h);
    return r;
}

A8_EXPORT int gethostname(char *buf, size_t len)
{
    return name_call(A8_CALLER, B_GETHOSTNAME, buf, len);
}

A8_EXPORT int __gethostname_chk(char *buf, size_t len, size_t buflen)
{
    return name_chk_call(A8_CALLER, B_GETHOSTNAME_CHK, buf, len, buflen);
}

A8_EXPORT int getlogin_r(char *buf, size_t len)
{
    return name_call(A8_CALLER, B_GETLOGIN_R, buf, len);
}

A8_EXPORT int __getlogin_r_chk(char *buf, size_t len, size_t buflen)
{
    return name_chk_call(A8_CALLER, B_GETLOGIN_R_CHK, buf, len, buflen);
}

A8_EXPORT int getdomainname(char *buf, size_t len)
{
    return name_call(A8_CALLER, B_GETDOMAINNAME, buf, len);
}

A8_EXPORT int __getdomainname_chk(char *buf, size_t len, size_t buflen)
{
    return name_chk_call(A8_CALLER, B_GETDOMAINNAME_CHK, buf, len, buflen);
}

/* ttyname_r (ptsname_r, the same shape) and confstr, plain (buflen NULL) or
 * fortified. */
static int ttyname_call(const void *ret, int i, int fd, char *buf, size_t len, const size_t *buflen)
{
    typedef int (*fn)(int, char *, size_t);
    typedef int (*chk)(int, char *, size_t, size_t);
    struct a8_bh *h = fill(ret, buf, len, i);
    int r = buflen ? BUF(i, chk)(fd, buf, len, *buflen) : BUF(i, fn)(fd, buf, len);
    after(h);
    return r;
}

static size_t confstr_call(const void *ret, int i, int name, char *buf, size_t len,
                           const size_t *buflen)
{
    typedef size_t (*fn)(int, char *, size_t);
    typedef size_t (*chk)(int, char *, size_t, size_t);
    struct a8_bh *h = fill(ret, buf, len, i);
    size_t r = buflen ? BUF(i, chk)(name, buf, len, *buflen) : BUF(i, fn)(name, buf, len);
    after(h);
    return r;
}

A8_EXPORT int ttyname_r(int fd, char *buf, size_t len)
{
    return ttyname_call(A8_CALLER, B_TTYNAME_R, fd, buf, len, NULL);
}

A8_EXPORT int __ttyname_r_chk(int fd, char *buf, size_t len, size_t buflen)
{
    return ttyname_call(A8_CALLER, B_TTYNAME_R_CHK, fd, buf, len, &buflen);
}

A8_EXPORT int ptsname_r(int fd, char *buf, size_t len)
{
    return ttyname_call(A8_CALLER, B_PTSNAME_R, fd, buf, len, NULL);
}

A8_EXPORT int __ptsname_r_chk(int fd, char *buf, size_t len, size_t buflen)
{
    return ttyname_call(A8_CALLER, B_PTSNAME_R_CHK, fd, buf, len, &buflen);
}

A8_EXPORT size_t confstr(int name, char *buf, size_t len)
{
    return confstr_call(A8_CALLER, B_CONFSTR, name, buf, len, NULL);
}

A8_EXPORT size_t __confstr_chk(int name, char *buf, size_t len, size_t buflen)
{
    return confstr_call(A8_CALLER, B_CONFSTR_CHK, name, buf, len, &buflen);
}

A8_EXPORT char *realpath(const char *path, char *resolved)
{
    a8_check_cstring(A8_CALLER, path, k_buf[B_REALPATH]);
    struct a8_bh *h = fill(A8_CALLER, resolved, PATH_MAX, B_REALPATH);
    char *r = BUF(B_REALPATH, char *(*)(const char *, char *))(path, resolved);
    after(h);
    return r;
}

A8_EXPORT char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen)
{
    typedef char *(*fn)(const char *, char *, size_t);
    a8_check_cstring(A8_CALLER, path, k_buf[B_REALPATH_CHK]);
    struct a8_bh *h = fill(A8_CALLER, resolved, PATH_MAX, B_REALPATH_CHK);
    char *r = BUF(B_REALPATH_CHK, fn)(path, resolved, resolvedlen);
    after(h);
    return r;
}

/* fgetws: n wide characters at most, the L'\0' included. */
A8_EXPORT wchar_t *fgetws(wchar_t *ws, int n, FILE *fp)
{
    size_t bytes = items(n > 0 ? (size_t)n : 0, sizeof(wchar_t));
    struct a8_bh *h = fill(A8_CALLER, ws, bytes, B_FGETWS);
    wchar_t *r = BUF(B_FGETWS, wchar_t * (*)(wchar_t *, int, FILE *))(ws, n, fp);
    after(h);
    return r;
}

A8_EXPORT wchar_t *__fgetws_chk(wchar_t *ws, size_t size, int n, FILE *fp)
{
    typedef wchar_t *(*fn)(wchar_t *, size_t, int, FILE *);
    size_t bytes = items(n > 0 ? (size_t)n : 0, sizeof(wchar_t));
    struct a8_bh *h = fill(A8_CALLER, ws, bytes, B_FGETWS_CHK);
    wchar_t *r = BUF(B_FGETWS_CHK, fn)(ws, size, n, fp);
    after(h);
    return r;
}

A8_EXPORT ssize_t getrandom(void *buf, size_t len, unsigned flags)
{
    struct a8_bh *h = fill(A8_CALLER, buf, len, B_GETRANDOM);
    ssize_t r = BUF(B_GETRANDOM, ssize_t(*)(void *, size_t, unsigned))(buf, len, flags);
    after(h);
    return r;
}

A8_EXPORT int getentropy(void *buf, size_t len)
{
    struct a8_bh *h = fill(A8_CALLER, buf, len, B_GETENTROPY);
    int r = BUF(B_GETENTROPY, int (*)(void *, size_t))(buf, len);
    after(h);
    return r;
}

A8_EXPORT size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
    typedef size_t (*fn)(char *, size_t, const char *, const struct tm *);
    struct a8_bh *h = fill(A8_CALLER, s, max, B_STRFTIME);
    size_t r = BUF(B_STRFTIME, fn)(s, max, fmt, tm);
    after(h);
    return r;
}

/* wcsftime: up to max wide characters, the L'\0' included. */
A8_EXPORT size_t wcsftime(wchar_t *s, size_t max, const wchar_t *fmt, const struct tm *tm)
{
    typedef size_t (*fn)(wchar_t *, size_t, const wchar_t *, const struct tm *);
    struct a8_bh *h = fill(A8_CALLER, s, items(max, sizeof(wchar_t)), B_WCSFTIME);
    size_t r = BUF(B_WCSFTIME, fn)(s, max, fmt, tm);
    after(h);
    return r;
}

/* iconv: the input, *inbytesleft bytes at *inbuf, is read whole, and the
 * output buffer must hold the *outbytesleft bytes the program says it has
 * (as for read: however little the conversion writes); both before the
 * call.  The four words that say so are the program's too, each checked
 * before it is read (a closed page left to the fault's report, as
 * mbsrtowcs's *src), as a write: the call moves the pointers on and counts
 * down the sizes (a reset call, *inbuf NULL, only reads *inbuf, and writes
 * the output's shift sequence, if any).  Exactly the words glibc's iconv
 * touches are checked: *inbytesleft when it converts, *outbytesleft when it
 * converts or has an output buffer. */
static struct a8_bh *word(const void *ret, void *w, int i)
{
    return w ? before(ret, w, sizeof(void *), A8_ACC_WRITE, k_buf[i]) : NULL;
}

A8_EXPORT size_t iconv(iconv_t cd, char **inbuf, size_t *inleft, char **outbuf, size_t *outleft)
{
    typedef size_t (*fn)(iconv_t, char **, size_t *, char **, size_t *);
    const void *ret = A8_CALLER;
    struct a8_bh *h[5] = {word(ret, inbuf, B_ICONV), word(ret, outbuf, B_ICONV), NULL, NULL, NULL};
    bool convert = inbuf && *inbuf;
    bool out = outbuf && *outbuf;
    if (convert) {
        h[2] = word(ret, inleft, B_ICONV);
        if (inleft)
            taken(ret, *inbuf, *inleft, B_ICONV);
    }
    if (convert || out)
        h[3] = word(ret, outleft, B_ICONV);
    if (out && outleft)
        h[4] = before(ret, *outbuf, *outleft, KW, k_buf[B_ICONV]);
    size_t r = BUF(B_ICONV, fn)(cd, inbuf, inleft, outbuf, outleft);
    for (int i = 0; i < 5; i++)
        after(h[i]);
    return r;
}

/* getline, getdelim: *lineptr is a buffer of *n bytes that the call fills
 * (growing it with realloc when the line does not fit), so the whole *n
 * counts, as for read: a 16-byte block given with *n = 64 is an overflow
 * however short the line.  The two words are read and written back: checked
 * first, as iconv's.  A NULL *lineptr or a zero *n is a request for a new
 * buffer: nothing to check but the words. */
static ssize_t getdelim_call(const void *ret, int i, char **lineptr, size_t *n, int delim, FILE *fp)
{
    typedef ssize_t (*line_fn)(char **, size_t *, FILE *);
    typedef ssize_t (*delim_fn)(char **, size_t *, int, FILE *);
    struct a8_bh *h[3] = {word(ret, lineptr, i), word(ret, n, i), NULL};
    if (lineptr && n && *lineptr && *n)
        h[2] = before(ret, *lineptr, *n, KW, k_buf[i]);
    ssize_t r =
        i == B_GETLINE ? BUF(i, line_fn)(lineptr, n, fp) : BUF(i, delim_fn)(lineptr, n, delim, fp);
    for (int k = 0; k < 3; k++)
        after(h[k]);
    return r;
}

A8_EXPORT ssize_t getline(char **lineptr, size_t *n, FILE *fp)
{
    return getdelim_call(A8_CALLER, B_GETLINE, lineptr, n, '\n', fp);
}

A8_EXPORT ssize_t getdelim(char **lineptr, size_t *n, int delim, FILE *fp)
{
    return getdelim_call(A8_CALLER, B_GETDELIM, lineptr, n, delim, fp);
}

A8_EXPORT ssize_t __getdelim(char **lineptr, size_t *n, int delim, FILE *fp)
{
    return getdelim_call(A8_CALLER, B_GETDELIM_INT, lineptr, n, delim, fp);
}

/* qsort, qsort_r: every one of the nmemb elements is read and may be moved,
 * so the whole array, nmemb * size bytes, is checked before the call as a
 * write: a count one past the array is an overflow at the call, not a
 * corrupted redzone found at free.  An array of fewer than two elements is
 * not touched. */
A8_EXPORT void qsort(void *base, size_t nmemb, size_t size, int (*cmp)(const void *, const void *))
{
    typedef void (*fn)(void *, size_t, size_t, int (*)(const void *, const void *));
    struct a8_bh *h = nmemb > 1 ? fill(A8_CALLER, base, items(nmemb, size), B_QSORT) : NULL;
    BUF(B_QSORT, fn)(base, nmemb, size, cmp);
    after(h);
}

A8_EXPORT void qsort_r(void *base, size_t nmemb, size_t size,
                       int (*cmp)(const void *, const void *, void *), void *arg)
{
    typedef void (*fn)(void *, size_t, size_t, int (*)(const void *, const void *, void *), void *);
    struct a8_bh *h = nmemb > 1 ? fill(A8_CALLER, base, items(nmemb, size), B_QSORT_R) : NULL;
    BUF(B_QSORT_R, fn)(base, nmemb, size, cmp, arg);
    after(h);
}

/* strerror_r, GNU's (may return a string of its own and leave buf alone)
 * and POSIX's (__xpg_strerror_r, what <string.h> names strerror_r without
 * _GNU_SOURCE): buf must hold the buflen bytes given, as for read. */
A8_EXPORT char *strerror_r(int err, char *buf, size_t buflen)
{
    struct a8_bh *h = fill(A8_CALLER, buf, buflen, B_STRERROR_R);
    char *r = BUF(B_STRERROR_R, char *(*)(int, char *, size_t))(err, buf, buflen);
    after(h);
    return r;
}

A8_EXPORT int __xpg_strerror_r(int err, char *buf, size_t buflen)
{
    struct a8_bh *h = fill(A8_CALLER, buf, buflen, B_XPG_STRERROR_R);
    int r = BUF(B_XPG_STRERROR_R, int (*)(int, char *, size_t))(err, buf, buflen);
    after(h);
    return r;
}

/* getpwnam_r, getpwuid_r, getgrnam_r, getgrgid_r: the entry (a struct
 * passwd or group), the buflen bytes of buf its strings go into (the whole
 * size given, as for read), and the result word, all written; before the
 * call.  The name of getpwnam_r and getgrnam_r is read to its NUL. */
static void user_entry_before(const void *ret, int i, void *ent, size_t size, char *buf,
                              size_t buflen, void *result, struct a8_bh *h[3])
{
    h[0] = fill(ret, ent, size, i);
    h[1] = fill(ret, buf, buflen, i);
    h[2] = fill(ret, result, sizeof(void *), i);
}

static void user_entry_after(struct a8_bh *h[3])
{
    for (int k = 0; k < 3; k++)
        after(h[k]);
    a8_check_lookup_end();
}

A8_EXPORT int getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t buflen,
                         struct passwd **result)
{
    typedef int (*fn)(const char *, struct passwd *, char *, size_t, struct passwd **);
    struct a8_bh *h[3];
    a8_check_lookup_name(A8_CALLER, name, k_buf[B_GETPWNAM_R]);
    user_entry_before(A8_CALLER, B_GETPWNAM_R, pwd, sizeof *pwd, buf, buflen, result, h);
    int r = BUF(B_GETPWNAM_R, fn)(name, pwd, buf, buflen, result);
    user_entry_after(h);
    return r;
}

A8_EXPORT int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
                         struct passwd **result)
{
    typedef int (*fn)(uid_t, struct passwd *, char *, size_t, struct passwd **);
    struct a8_bh *h[3];
    user_entry_before(A8_CALLER, B_GETPWUID_R, pwd, sizeof *pwd, buf, buflen, result, h);
    int r = BUF(B_GETPWUID_R, fn)(uid, pwd, buf, buflen, result);
    user_entry_after(h);
    return r;
}

A8_EXPORT int getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
                         struct group **result)
{
    typedef int (*fn)(const char *, struct group *, char *, size_t, struct group **);
    struct a8_bh *h[3];
    a8_check_lookup_name(A8_CALLER, name, k_buf[B_GETGRNAM_R]);
    user_entry_before(A8_CALLER, B_GETGRNAM_R, grp, sizeof *grp, buf, buflen, result, h);
    int r = BUF(B_GETGRNAM_R, fn)(name, grp, buf, buflen, result);
    user_entry_after(h);
    return r;
}

A8_EXPORT int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
                         struct group **result)
{
    typedef int (*fn)(gid_t, struct group *, char *, size_t, struct group **);
    struct a8_bh *h[3];
    user_entry_before(A8_CALLER, B_GETGRGID_R, grp, sizeof *grp, buf, buflen, result, h);
    int r = BUF(B_GETGRGID_R, fn)(gid, grp, buf, buflen, result);
    user_entry_after(h);
    return r;
}

/* The network database's reentrant lookups, as the user entries above: the
 * entry (struct hostent, servent or protoent), the buflen bytes of buf
 * (the whole size given), the result word and gethost*'s h_errno word, all
 * written; the name and protocol strings read to their NULs, an address
 * its len bytes; before the call. */
static void host_err_before(const void *ret, int i, int *h_errnop, struct a8_bh *h[4])
{
    h[3] = fill(ret, h_errnop, sizeof *h_errnop, i);
}

static void host_entry_after(struct a8_bh *h[4])
{
    user_entry_after(h);
    after(h[3]);
}

A8_EXPORT int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t buflen,
                              struct hostent **result, int *h_errnop)
{
    typedef int (*fn)(const char *, struct hostent *, char *, size_t, struct hostent **, int *);
    struct a8_bh *h[4];
    a8_check_lookup_name(A8_CALLER, name, k_buf[B_GETHOSTBYNAME_R]);
    user_entry_before(A8_CALLER, B_GETHOSTBYNAME_R, ret, sizeof *ret, buf, buflen, result, h);
    host_err_before(A8_CALLER, B_GETHOSTBYNAME_R, h_errnop, h);
    int r = BUF(B_GETHOSTBYNAME_R, fn)(name, ret, buf, buflen, result, h_errnop);
    host_entry_after(h);
    return r;
}

A8_EXPORT int gethostbyname2_r(const char *name, int af, struct hostent *ret, char *buf,
                               size_t buflen, struct hostent **result, int *h_errnop)
{
    typedef int (*fn)(const char *, int, struct hostent *, char *, size_t, struct hostent **,
                      int *);
    struct a8_bh *h[4];
    a8_check_lookup_name(A8_CALLER, name, k_buf[B_GETHOSTBYNAME2_R]);
    user_entry_before(A8_CALLER, B_GETHOSTBYNAME2_R, ret, sizeof *ret, buf, buflen, result, h);
    host_err_before(A8_CALLER, B_GETHOSTBYNAME2_R, h_errnop, h);
    int r = BUF(B_GETHOSTBYNAME2_R, fn)(name, af, ret, buf, buflen, result, h_errnop);
    host_entry_after(h);
    return r;
}

A8_EXPORT int gethostbyaddr_r(const void *addr, socklen_t len, int type, struct hostent *ret,
                              char *buf, size_t buflen, struct hostent **result, int *h_errnop)
{
    typedef int (*fn)(const void *, socklen_t, int, struct hostent *, char *, size_t,
                      struct hostent **, int *);
    struct a8_bh *h[4];
    taken(A8_CALLER, addr, len, B_GETHOSTBYADDR_R);
    user_entry_before(A8_CALLER, B_GETHOSTBYADDR_R, ret, sizeof *ret, buf, buflen, result, h);
    host_err_before(A8_CALLER, B_GETHOSTBYADDR_R, h_errnop, h);
    int r = BUF(B_GETHOSTBYADDR_R, fn)(addr, len, type, ret, buf, buflen, result, h_errnop);
    host_entry_after(h);
    return r;
}

A8_EXPORT int getservbyname_r(const char *name, const char *proto, struct servent *ret, char *buf,
                              size_t buflen, struct servent **result)
{
    typedef int (*fn)(const char *, const char *, struct servent *, char *, size_t,
                      struct servent **);
    struct a8_bh *h[3];
    a8_check_lookup_name(A8_CALLER, name, k_buf[B_GETSERVBYNAME_R]);
    a8_check_lookup_name(A8_CALLER, proto, k_buf[B_GETSERVBYNAME_R]);
    user_entry_before(A8_CALLER, B_GETSERVBYNAME_R, ret, sizeof *ret, buf, buflen, result, h);
    int r = BUF(B_GETSERVBYNAME_R, fn)(name, proto, ret, buf, buflen, result);
    user_entry_after(h);
    return r;
}

A8_EXPORT int getservbyport_r(int port, const char *proto, struct servent *ret, char *buf,
                              size_t buflen, struct servent **result)
{
    typedef int (*fn)(int, const char *, struct servent *, char *, size_t, struct servent **);
    struct a8_bh *h[3];
    a8_check_lookup_name(A8_CALLER, proto, k_buf[B_GETSERVBYPORT_R]);
    user_entry_before(A8_CALLER, B_GETSERVBYPORT_R, ret, sizeof *ret, buf, buflen, result, h);
    int r = BUF(B_GETSERVBYPORT_R, fn)(port, proto, ret, buf, buflen, result);
    user_entry_after(h);
    return r;
}

A8_EXPORT int getprotobyname_r(const char *name, struct protoent *ret, char *buf, size_t buflen,
                               struct protoent **result)
{
    typedef int (*fn)(const char *, struct protoent *, char *, size_t, struct protoent **);
    struct a8_bh *h[3];
    a8_check_lookup_name(A8_CALLER, name, k_buf[B_GETPROTOBYNAME_R]);
    user_entry_before(A8_CALLER, B_GETPROTOBYNAME_R, ret, sizeof *ret, buf, buflen, result, h);
    int r = BUF(B_GETPROTOBYNAME_R, fn)(name, ret, buf, buflen, result);
    user_entry_after(h);
    return r;
}

A8_EXPORT int getprotobynumber_r(int proto, struct protoent *ret, char *buf, size_t buflen,
                                 struct protoent **result)
{
    typedef int (*fn)(int, struct protoent *, char *, size_t, struct protoent **);
    struct a8_bh *h[3];
    user_entry_before(A8_CALLER, B_GETPROTOBYNUMBER_R, ret, sizeof *ret, buf, buflen, result, h);
    int r = BUF(B_GETPROTOBYNUMBER_R, fn)(proto, ret, buf, buflen, result);
    user_entry_after(h);
    return r;
}

/* getnameinfo: the address, salen bytes, read; the host and service
 * buffers, their whole sizes given, written (as for read: a 16-byte block
 * passed with hostlen NI_MAXHOST is an overflow however short the name). */
A8_EXPORT int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
                          char *serv, socklen_t servlen, int flags)
{
    typedef int (*fn)(const struct sockaddr *, socklen_t, char *, socklen_t, char *, socklen_t,
                      int);
    taken(A8_CALLER, sa, salen, B_GETNAMEINFO);
    struct a8_bh *hh = fill(A8_CALLER, host, hostlen, B_GETNAMEINFO);
    struct a8_bh *hs = fill(A8_CALLER, serv, servlen, B_GETNAMEINFO);
    int r = BUF(B_GETNAMEINFO, fn)(sa, salen, host, hostlen, serv, servlen, flags);
    after(hh);
    after(hs);
    return r;
}

/* getaddrinfo: the node and service strings to their NULs and the hints
 * (a struct addrinfo) read; the result word written.  The list it makes is
 * the C library's own allocation. */
A8_EXPORT int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                          struct addrinfo **res)
{
    typedef int (*fn)(const char *, const char *, const struct addrinfo *, struct addrinfo **);
    a8_check_lookup_name(A8_CALLER, node, k_buf[B_GETADDRINFO]);
    a8_check_lookup_name(A8_CALLER, service, k_buf[B_GETADDRINFO]);
    taken(A8_CALLER, hints, sizeof *hints, B_GETADDRINFO);
    struct a8_bh *h = fill(A8_CALLER, res, sizeof *res, B_GETADDRINFO);
    int r = BUF(B_GETADDRINFO, fn)(node, service, hints, res);
    after(h);
    a8_check_lookup_end();
    return r;
}

/* Calls that fill a struct (or an array) whose size the call fixes: stat's
 * struct stat, localtime_r's struct tm, poll's nfds struct pollfd (read and
 * written), the clocks' timespec and timeval, waitpid's status, and a
 * socket address as long as *addrlen says (accept, getsockname,
 * getpeername; getsockopt's value as long as *optlen), whose length word is
 * written back.  All before the call, as writes (the kernel's write would
 * not fault on a closed page, it would fail the call): a struct stat put in
 * a block sized for a pointer (malloc(sizeof st)) is an overflow at the
 * call, not a corrupted redzone found at free. */
static int stat_call(const void *ret, int i, int dirfd, const char *path, void *st, int flags)
{
    typedef int (*path_fn)(const char *, void *);
    typedef int (*at_fn)(int, const char *, void *, int);
    a8_check_cstring(ret, path, k_buf[i]);
    struct a8_bh *h = fill(ret, st, sizeof(struct stat), i);
    int r = i == B_FSTATAT || i == B_FSTATAT64 ? BUF(i, at_fn)(dirfd, path, st, flags)
                                               : BUF(i, path_fn)(path, st);
    after(h);
    return r;
}

A8_EXPORT int stat(const char *path, struct stat *st)
{
    return stat_call(A8_CALLER, B_STAT, 0, path, st, 0);
}

A8_EXPORT int lstat(const char *path, struct stat *st)
{
    return stat_call(A8_CALLER, B_LSTAT, 0, path, st, 0);
}

A8_EXPORT int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return stat_call(A8_CALLER, B_FSTATAT, dirfd, path, st, flags);
}

A8_EXPORT int stat64(const char *path, struct stat64 *st)
{
    return stat_call(A8_CALLER, B_STAT64, 0, path, st, 0);
}

A8_EXPORT int lstat64(const char *path, struct stat64 *st)
{
    return stat_call(A8_CALLER, B_LSTAT64, 0, path, st, 0);
}

A8_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
    return stat_call(A8_CALLER, B_FSTATAT64, dirfd, path, st, flags);
}

_Static_assert(sizeof(struct stat) == sizeof(struct stat64), "one size for both");

A8_EXPORT int fstat(int fd, struct stat *st)
{
    struct a8_bh *h = fill(A8_CALLER, st, sizeof *st, B_FSTAT);
    int r = BUF(B_FSTAT, int (*)(int, struct stat *))(fd, st);
    after(h);
    return r;
}

A8_EXPORT int fstat64(int fd, struct stat64 *st)
{
    struct a8_bh *h = fill(A8_CALLER, st, sizeof *st, B_FSTAT64);
    int r = BUF(B_FSTAT64, int (*)(int, struct stat64 *))(fd, st);
    after(h);
    return r;
}

/* The file system's numbers: statfs's struct statfs, statvfs's struct
 * statvfs, statx's struct statx, each written whole (the kernel's, or glibc's
 * conversion), and the path read to its NUL. */
static int fs_call(const void *ret, int i, const char *path, int fd, void *buf, size_t size)
{
    typedef int (*path_fn)(const char *, void *);
    typedef int (*fd_fn)(int, void *);
    if (path)
        a8_check_cstring(ret, path, k_buf[i]);
    struct a8_bh *h = fill(ret, buf, size, i);
    int r = path ? BUF(i, path_fn)(path, buf) : BUF(i, fd_fn)(fd, buf);
    after(h);
    return r;
}

A8_EXPORT int statfs(const char *path, struct statfs *buf)
{
    return fs_call(A8_CALLER, B_STATFS, path, -1, buf, sizeof *buf);
}

A8_EXPORT int statfs64(const char *path, struct statfs64 *buf)
{
    return fs_call(A8_CALLER, B_STATFS64, path, -1, buf, sizeof *buf);
}

A8_EXPORT int fstatfs(int fd, struct statfs *buf)
{
    return fs_call(A8_CALLER, B_FSTATFS, NULL, fd, buf, sizeof *buf);
}

A8_EXPORT int fstatfs64(int fd, struct statfs64 *buf)
{
    return fs_call(A8_CALLER, B_FSTATFS64, NULL, fd, buf, sizeof *buf);
}

A8_EXPORT int statvfs(const char *path, struct statvfs *buf)
{
    return fs_call(A8_CALLER, B_STATVFS, path, -1, buf, sizeof *buf);
}

A8_EXPORT int statvfs64(const char *path, struct statvfs64 *buf)
{
    return fs_call(A8_CALLER, B_STATVFS64, path, -1, buf, sizeof *buf);
}

A8_EXPORT int fstatvfs(int fd, struct statvfs *buf)
{
    return fs_call(A8_CALLER, B_FSTATVFS, NULL, fd, buf, sizeof *buf);
}

A8_EXPORT int fstatvfs64(int fd, struct statvfs64 *buf)
{
    return fs_call(A8_CALLER, B_FSTATVFS64, NULL, fd, buf, sizeof *buf);
}

A8_EXPORT int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)
{
    typedef int (*fn)(int, const char *, int, unsigned, struct statx *);
    a8_check_cstring(A8_CALLER, path, k_buf[B_STATX]);
    struct a8_bh *h = fill(A8_CALLER, buf, sizeof *buf, B_STATX);
    int r = BUF(B_STATX, fn)(dirfd, path, flags, mask, buf);
    after(h);
    return r;
}

/* utime's struct utimbuf and utimes' two struct timevals are read, the
 * path to its NUL. */
A8_EXPORT int utime(const char *path, const struct utimbuf *times)
{
    a8_check_cstring(A8_CALLER, path, k_buf[B_UTIME]);
    taken(A8_CALLER, times, sizeof *times, B_UTIME);
    return BUF(B_UTIME, int (*)(const char *, const struct utimbuf *))(path, times);
}

static int utimes_call(const void *ret, int i, const char *path, const struct timeval tv[2])
{
    a8_check_cstring(ret, path, k_buf[i]);
    taken(ret, tv, 2 * sizeof tv[0], i);
    return BUF(i, int (*)(const char *, const struct timeval *))(path, tv);
}

A8_EXPORT int utimes(const char *path, const struct timeval tv[2])
{
    return utimes_call(A8_CALLER, B_UTIMES, path, tv);
}

A8_EXPORT int lutimes(const char *path, const struct timeval tv[2])
{
    return utimes_call(A8_CALLER, B_LUTIMES, path, tv);
}

/* Extended attributes: the path (or fd) and the attribute's name read to
 * their NULs; getxattr's value and listxattr's list written for the size
 * given (0 asks for the size: nothing written), setxattr's value read. */
static ssize_t xattr_get(const void *ret, int i, const char *path, int fd, const char *name,
                         void *buf, size_t size)
{
    typedef ssize_t (*path_fn)(const char *, const char *, void *, size_t);
    typedef ssize_t (*fd_fn)(int, const char *, void *, size_t);
    typedef ssize_t (*list_fn)(const char *, char *, size_t);
    typedef ssize_t (*flist_fn)(int, char *, size_t);
    if (path)
        a8_check_cstring(ret, path, k_buf[i]);
    if (name)
        a8_check_cstring(ret, name, k_buf[i]);
    struct a8_bh *h = size ? fill(ret, buf, size, i) : NULL;
    ssize_t r;
    if (i == B_LISTXATTR || i == B_LLISTXATTR)
        r = BUF(i, list_fn)(path, buf, size);
    else if (i == B_FLISTXATTR)
        r = BUF(i, flist_fn)(fd, buf, size);
    else if (path)
        r = BUF(i, path_fn)(path, name, buf, size);
    else
        r = BUF(i, fd_fn)(fd, name, buf, size);
    after(h);
    return r;
}

A8_EXPORT ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
    return xattr_get(A8_CALLER, B_GETXATTR, path, -1, name, value, size);
}

A8_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
    return xattr_get(A8_CALLER, B_LGETXATTR, path, -1, name, value, size);
}

A8_EXPORT ssize_t fgetxattr(int fd, const char *name, void *value, size_t size)
{
    return xattr_get(A8_CALLER, B_FGETXATTR, NULL, fd, name, value, size);
}

A8_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
    return xattr_get(A8_CALLER, B_LISTXATTR, path, -1, NULL, list, size);
}

A8_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
    return xattr_get(A8_CALLER, B_LLISTXATTR, path, -1, NULL, list, size);
}

A8_EXPORT ssize_t flistxattr(int fd, char *list, size_t size)
{
    return xattr_get(A8_CALLER, B_FLISTXATTR, NULL, fd, NULL, list, size);
}

static int xattr_set(const void *ret, int i, const char *path, int fd, const char *name,
                     const void *value, size_t size, int flags)
{
    typedef int (*path_fn)(const char *, const char *, const void *, size_t, int);
    typedef int (*fd_fn)(int, const char *, const void *, size_t, int);
    if (path)
        a8_check_cstring(ret, path, k_buf[i]);
    a8_check_cstring(ret, name, k_buf[i]);
    if (size)
        taken(ret, value, size, i);
    return path ? BUF(i, path_fn)(path, name, value, size, flags)
                : BUF(i, fd_fn)(fd, name, value, size, flags);
}

A8_EXPORT int setxattr(const char *path, const char *name, const void *value, size_t size,
                       int flags)
{
    return xattr_set(A8_CALLER, B_SETXATTR, path, -1, name, value, size, flags);
}

A8_EXPORT int lsetxattr(const char *path, const char *name, const void *value, size_t size,
                        int flags)
{
    return xattr_set(A8_CALLER, B_LSETXATTR, path, -1, name, value, size, flags);
}

A8_EXPORT int fsetxattr(int fd, const char *name, const void *value, size_t size, int flags)
{
    return xattr_set(A8_CALLER, B_FSETXATTR, NULL, fd, name, value, size, flags);
}

static int xattr_remove(const void *ret, int i, const char *path, int fd, const char *name)
{
    if (path)
        a8_check_cstring(ret, path, k_buf[i]);
    a8_check_cstring(ret, name, k_buf[i]);
    return path ? BUF(i, int (*)(const char *, const char *))(path, name)
                : BUF(i, int (*)(int, const char *))(fd, name);
}

A8_EXPORT int removexattr(const char *path, const char *name)
{
    return xattr_remove(A8_CALLER, B_REMOVEXATTR, path, -1, name);
}

A8_EXPORT int lremovexattr(const char *path, const char *name)
{
    return xattr_remove(A8_CALLER, B_LREMOVEXATTR, path, -1, name);
}

A8_EXPORT int fremovexattr(int fd, const char *name)
{
    return xattr_remove(A8_CALLER, B_FREMOVEXATTR, NULL, fd, name);
}

/* localtime_r, gmtime_r: read the time_t, write the struct tm. */
static struct tm *tm_call(const void *ret, int i, const time_t *t, struct tm *tm)
{
    taken(ret, t, sizeof *t, i);
    struct a8_bh *h = fill(ret, tm, sizeof *tm, i);
    struct tm *r = BUF(i, struct tm * (*)(const time_t *, struct tm *))(t, tm);
    after(h);
    return r;
}

A8_EXPORT struct tm *localtime_r(const time_t *t, struct tm *tm)
{
    return tm_call(A8_CALLER, B_LOCALTIME_R, t, tm);
}

A8_EXPORT struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
    return tm_call(A8_CALLER, B_GMTIME_R, t, tm);
}

A8_EXPORT int clock_gettime(clockid_t clk, struct timespec *ts)
{
    struct a8_bh *h = fill(A8_CALLER, ts, sizeof *ts, B_CLOCK_GETTIME);
    int r = BUF(B_CLOCK_GETTIME, int (*)(clockid_t, struct timespec *))(clk, ts);
    after(h);
    return r;
}

A8_EXPORT int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    struct a8_bh *h[2] = {fill(A8_CALLER, tv, sizeof *tv, B_GETTIMEOFDAY),
                          fill(A8_CALLER, tz, sizeof(struct timezone), B_GETTIMEOFDAY)};
    int r = BUF(B_GETTIMEOFDAY, int (*)(struct timeval *, void *))(tv, tz);
    after(h[0]);
    after(h[1]);
    return r;
}

/* poll's and ppoll's array: nfds entries, read and written. */
static struct a8_bh *pollfds_before(const void *ret, struct pollfd *fds, nfds_t nfds, int i)
{
    return nfds ? fill(ret, fds, items(nfds, sizeof *fds), i) : NULL;
}

A8_EXPORT int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    struct a8_bh *h = pollfds_before(A8_CALLER, fds, nfds, B_POLL);
    int r = BUF(B_POLL, int (*)(struct pollfd *, nfds_t, int))(fds, nfds, timeout);
    after(h);
    return r;
}

A8_EXPORT pid_t waitpid(pid_t pid, int *status, int options)
{
    struct a8_bh *h = fill(A8_CALLER, status, sizeof *status, B_WAITPID);
    pid_t r = BUF(B_WAITPID, pid_t(*)(pid_t, int *, int))(pid, status, options);
    after(h);
    return r;
}

A8_EXPORT pid_t wait(int *status)
{
    struct a8_bh *h = fill(A8_CALLER, status, sizeof *status, B_WAIT);
    pid_t r = BUF(B_WAIT, pid_t(*)(int *))(status);
    after(h);
    return r;
}

/* A buffer whose length the call reads from a word it then writes back
 * (addrlen, optlen): the word, then that many bytes of the buffer. */
static void sized_before(const void *ret, int i, void *buf, socklen_t *len, struct a8_bh *h[2])
{
    h[0] = buf ? fill(ret, len, sizeof *len, i) : NULL;
    h[1] = buf && len ? fill(ret, buf, *len, i) : NULL;
}

static void sized_after(struct a8_bh *h[2])
{
    after(h[0]);
    after(h[1]);
}

typedef int (*sockaddr_fn)(int, struct sockaddr *, socklen_t *);

static int sockaddr_call(const void *ret, int i, int fd, struct sockaddr *addr, socklen_t *len)
{
    struct a8_bh *h[2];
    sized_before(ret, i, addr, len, h);
    int r = BUF(i, sockaddr_fn)(fd, addr, len);
    sized_after(h);
    return r;
}

A8_EXPORT int getsockname(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
    return sockaddr_call(A8_CALLER, B_GETSOCKNAME, fd, addr, len);
}

A8_EXPORT int getpeername(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
    return sockaddr_call(A8_CALLER, B_GETPEERNAME, fd, addr, len);
}

A8_EXPORT int accept(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
    return sockaddr_call(A8_CALLER, B_ACCEPT, fd, addr, len);
}

A8_EXPORT int accept4(int fd, struct sockaddr *restrict addr, socklen_t *restrict len, int flags)
{
    typedef int (*fn)(int, struct sockaddr *, socklen_t *, int);
    struct a8_bh *h[2];
    sized_before(A8_CALLER, B_ACCEPT4, addr, len, h);
    int r = BUF(B_ACCEPT4, fn)(fd, addr, len, flags);
    sized_after(h);
    return r;
}

A8_EXPORT int getsockopt(int fd, int level, int name, void *restrict val, socklen_t *restrict len)
{
    typedef int (*fn)(int, int, int, void *, socklen_t *);
    struct a8_bh *h[2];
    sized_before(A8_CALLER, B_GETSOCKOPT, val, len, h);
    int r = BUF(B_GETSOCKOPT, fn)(fd, level, name, val, len);
    sized_after(h);
    return r;
}

/* inet_pton: writes 4 (AF_INET) or 16 (AF_INET6) bytes. */
A8_EXPORT int inet_pton(int af, const char *restrict src, void *restrict dst)
{
    size_t n = af == AF_INET ? 4 : af == AF_INET6 ? 16 : 0;
    struct a8_bh *h = n ? fill(A8_CALLER, dst, n, B_INET_PTON) : NULL;
    int r = BUF(B_INET_PTON, int (*)(int, const char *, void *))(af, src, dst);
    after(h);
    return r;
}

/* ppoll: poll's array, the timeout read, and the signal mask as the kernel
 * reads it (_NSIG / 8 bytes, not glibc's 128-byte sigset_t); pselect's
 * timeout and mask the same. */
enum { KERNEL_SIGSET = 8 };

static void tmo_mask_before(const void *ret, const struct timespec *tmo, const sigset_t *mask,
                            int i)
{
    taken(ret, tmo, sizeof *tmo, i);
    taken(ret, mask, KERNEL_SIGSET, i);
}

A8_EXPORT int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo,
                    const sigset_t *mask)
{
    typedef int (*fn)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
    struct a8_bh *h = pollfds_before(A8_CALLER, fds, nfds, B_PPOLL);
    tmo_mask_before(A8_CALLER, tmo, mask, B_PPOLL);
    int r = BUF(B_PPOLL, fn)(fds, nfds, tmo, mask);
    after(h);
    return r;
}

/* The fortified entries (poll's and ppoll's when the compiler knew the
 * array's size): as the plain calls, then glibc's own test of nfds against
 * that size. */
A8_EXPORT int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout, size_t fdslen)
{
    struct a8_bh *h = pollfds_before(A8_CALLER, fds, nfds, B_POLL_CHK);
    int r =
        BUF(B_POLL_CHK, int (*)(struct pollfd *, nfds_t, int, size_t))(fds, nfds, timeout, fdslen);
    after(h);
    return r;
}

A8_EXPORT int __ppoll_chk(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo,
                          const sigset_t *mask, size_t fdslen)
{
    typedef int (*fn)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *, size_t);
    struct a8_bh *h = pollfds_before(A8_CALLER, fds, nfds, B_PPOLL_CHK);
    tmo_mask_before(A8_CALLER, tmo, mask, B_PPOLL_CHK);
    int r = BUF(B_PPOLL_CHK, fn)(fds, nfds, tmo, mask, fdslen);
    after(h);
    return r;
}

/* select and pselect: each set given is read and written for nfds bits, in
 * whole longs, as the kernel does (so a set allocated for more than
 * FD_SETSIZE descriptors is checked for what the call uses of it). */
static void fdsets_before(const void *ret, int nfds, fd_set *sets[3], int i, struct a8_bh *h[3])
{
    size_t bytes = nfds > 0 ? ((size_t)nfds + 63) / 64 * 8 : 0;
    for (int k = 0; k < 3; k++)
        h[k] = bytes && sets[k] ? fill(ret, sets[k], bytes, i) : NULL;
}

A8_EXPORT int select(int nfds, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e,
                     struct timeval *restrict tmo)
{
    typedef int (*fn)(int, fd_set *, fd_set *, fd_set *, struct timeval *);
    struct a8_bh *h[4];
    fdsets_before(A8_CALLER, nfds, (fd_set *[3]){r, w, e}, B_SELECT, h);
    h[3] = fill(A8_CALLER, tmo, sizeof *tmo, B_SELECT); /* Linux writes the time left */
    int ret = BUF(B_SELECT, fn)(nfds, r, w, e, tmo);
    for (int k = 0; k < 4; k++)
        after(h[k]);
    return ret;
}

A8_EXPORT int pselect(int nfds, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e,
                      const struct timespec *restrict tmo, const sigset_t *restrict mask)
{
    typedef int (*fn)(int, fd_set *, fd_set *, fd_set *, const struct timespec *, const sigset_t *);
    struct a8_bh *h[3];
    fdsets_before(A8_CALLER, nfds, (fd_set *[3]){r, w, e}, B_PSELECT, h);
    tmo_mask_before(A8_CALLER, tmo, mask, B_PSELECT);
    int ret = BUF(B_PSELECT, fn)(nfds, r, w, e, tmo, mask);
    for (int k = 0; k < 3; k++)
        after(h[k]);
    return ret;
}

A8_EXPORT int recvmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags, struct timespec *tmo)
{
    typedef int (*fn)(int, struct mmsghdr *, unsigned, int, struct timespec *);
    struct a8_bh *hs[IOV_REPAINT];
    int nh = mmsg_before(A8_CALLER, vec, vlen, KW, k_buf[B_RECVMMSG], hs);
    taken(A8_CALLER, tmo, sizeof *tmo, B_RECVMMSG);
    int r = BUF(B_RECVMMSG, fn)(fd, vec, vlen, flags, tmo);
    iov_after(hs, nh);
    return r;
}

A8_EXPORT int sendmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags)
{
    typedef int (*fn)(int, struct mmsghdr *, unsigned, int);
    struct a8_bh *hs[IOV_REPAINT];
    int nh = mmsg_before(A8_CALLER, vec, vlen, KR, k_buf[B_SENDMMSG], hs);
    int r = BUF(B_SENDMMSG, fn)(fd, vec, vlen, flags);
    iov_after(hs, nh);
    return r;
}

/* setvbuf, setbuffer, setbuf: stdio writes into the buffer later, from
 * inside itself; the buffer must hold its size (setbuf's: BUFSIZ) from the
 * call on. */
A8_EXPORT int setvbuf(FILE *restrict stream, char *restrict buf, int mode, size_t size)
{
    struct a8_bh *h = mode != _IONBF ? fill(A8_CALLER, buf, size, B_SETVBUF) : NULL;
    int r = BUF(B_SETVBUF, int (*)(FILE *, char *, int, size_t))(stream, buf, mode, size);
    after(h);
    return r;
}

A8_EXPORT void setbuffer(FILE *restrict stream, char *restrict buf, size_t size)
{
    struct a8_bh *h = fill(A8_CALLER, buf, size, B_SETBUFFER);
    BUF(B_SETBUFFER, void (*)(FILE *, char *, size_t))(stream, buf, size);
    after(h);
}

A8_EXPORT void setbuf(FILE *restrict stream, char *restrict buf)
{
    struct a8_bh *h = fill(A8_CALLER, buf, BUFSIZ, B_SETBUF);
    BUF(B_SETBUF, void (*)(FILE *, char *))(stream, buf);
    after(h);
}

/* inet_ntop: reads the address (4 or 16 bytes), writes up to size. */
A8_EXPORT const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
    typedef const char *(*fn)(int, const void *, char *, socklen_t);
    size_t alen = af == AF_INET ? 4 : af == AF_INET6 ? 16 : 0;
    if (alen)
        taken(A8_CALLER, src, alen, B_INET_NTOP);
    struct a8_bh *h = fill(A8_CALLER, dst, size, B_INET_NTOP);
    const char *r = BUF(B_INET_NTOP, fn)(af, src, dst, size);
    after(h);
    return r;
}

A8_EXPORT char *ctime_r(const time_t *t, char *buf)
{
    taken(A8_CALLER, t, sizeof *t, B_CTIME_R);
    struct a8_bh *h = fill(A8_CALLER, buf, TIME_TEXT, B_CTIME_R);
    char *r = BUF(B_CTIME_R, char *(*)(const time_t *, char *))(t, buf);
    after(h);
    return r;
}

A8_EXPORT char *asctime_r(const struct tm *tm, char *buf)
{
    taken(A8_CALLER, tm, sizeof *tm, B_ASCTIME_R);
    struct a8_bh *h = fill(A8_CALLER, buf, TIME_TEXT, B_ASCTIME_R);
    char *r = BUF(B_ASCTIME_R, char *(*)(const struct tm *, char *))(tm, buf);
    after(h);
    return r;
}
