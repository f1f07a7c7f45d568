/* strmem.c — the C library's memory and string copies, checked at the call.
 *
 * A write past a block through memcpy, strcpy or memset is otherwise found
 * when the block is checked (free, eviction, exit), with no stack of the
 * write; a read past it or out of a freed block is not found at all.  The
 * program's calls to these functions come here instead (liballoc8.so exports
 * them; calls inside libc itself do not, they never go through the PLT),
 * and the ranges they read and write are checked against the block they
 * start in before the call goes ahead (a8_checker_access: O(1) from the
 * address, no lock unless something is wrong).  What is reported is what
 * valgrind and ASan report for these calls: an overflow or underflow (READ
 * or WRITE, how many bytes, how many of them outside), or a use after free,
 * with the caller's stack.  The call then does what it does natively, and a
 * write's damage to the redzones is repainted so that free does not report
 * it again.
 *
 * alloc8's heap fills and realloc's copy call the C library's functions
 * directly (a8_memset/a8_memcpy, checker.h).  Its other calls of these
 * names (and the ones GCC emits) come here, since this library exports
 * them: they are told by their return address, inside this library's text,
 * and go straight on.
 * check_calls=0 turns every check off.
 *
 * The reads (strlen, memcmp, strchr, …) learn how far they read as they
 * run: the program's call goes first, then the bytes it read are checked
 * against the block they start in, and only when they may leave it
 * (a8_checker_room, lock-free) does anything more happen.  A read that
 * faulted in a guard page meanwhile was reported by the fault handler: the
 * thread's fault count (a8_tls.faults) tells, and the call's check then
 * stays quiet.  strxfrm's write is learnt the same way, from its result,
 * and checked after the call (a8_write_done).
 *
 * The C library's functions are looked up with dlsym(RTLD_NEXT) once the
 * checker starts (a8_strmem_init); before that (the first calls of the
 * dynamic loader's and libc's start-up) simple byte loops do the work.
 * Linked into a static program (A8_STATIC), these files' entries are
 * __wrap_memcpy & co. (the Makefile renames them) and the originals are
 * libc.a's, __real_memcpy & co. (a8_static_real).
 * iocalls.c checks the system calls and stdio functions that take a buffer,
 * printfs.c the strings printf, syslog, warn and puts are given, wcs.c the
 * wide-character functions, mbconv.c the multibyte conversions.
 */
#include "checker.h"
#include "interpose.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *(*cpy_fn)(void *, const void *, size_t);
typedef void *(*set_fn)(void *, int, size_t);
typedef char *(*str_fn)(char *, const char *);
typedef char *(*strn_fn)(char *, const char *, size_t);
typedef size_t (*len_fn)(const char *);
typedef size_t (*nlen_fn)(const char *, size_t);
typedef int (*mcmp_fn)(const void *, const void *, size_t);
typedef int (*scmp_fn)(const char *, const char *);
typedef int (*sncmp_fn)(const char *, const char *, size_t);
typedef char *(*chr_fn)(const char *, int);
typedef void *(*mchr_fn)(const void *, int, size_t);
typedef char *(*dup_fn)(const char *);
typedef char *(*sstr_fn)(const char *, const char *);
typedef size_t (*span_fn)(const char *, const char *);
typedef char *(*ndup_fn)(const char *, size_t);

void *(*a8_libc_memset)(void *, int, size_t);
void *(*a8_libc_memcpy)(void *, const void *, size_t);

static struct {
    cpy_fn memcpy, mempcpy, memmove;
    set_fn memset;
    void (*explicit_bzero)(void *, size_t);
    str_fn strcpy, stpcpy, strcat;
    strn_fn strncpy, stpncpy, strncat;
    len_fn strlen;
    nlen_fn strnlen;
    mcmp_fn memcmp, bcmp;
    scmp_fn strcmp, strcasecmp;
    sncmp_fn strncmp, strncasecmp;
    sstr_fn strstr, strpbrk, strcasestr;
    span_fn strspn, strcspn;
    chr_fn strchr, strrchr, strchrnul;
    mchr_fn memchr, memrchr;
    void *(*rawmemchr)(const void *, int);
    void *(*memmem)(const void *, size_t, const void *, size_t);
    char *(*strtok_r)(char *, const char *, char **);
    char *(*strsep)(char **, const char *);
    dup_fn strdup;
    ndup_fn strndup;
} g_real;

bool a8_calls_on;

/* ---- before the C library's are known ---------------------------------------- */

/* Byte loops GCC must not turn back into memcpy/memset calls. */
#define PLAIN __attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))

PLAIN static void *slow_move(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp < sp)
        for (size_t i = 0; i < n; i++)
            dp[i] = sp[i];
    else
        for (size_t i = n; i-- > 0;)
            dp[i] = sp[i];
    return d;
}

PLAIN static void *slow_set(void *d, int c, size_t n)
{
    unsigned char *dp = d;
    for (size_t i = 0; i < n; i++)
        dp[i] = (unsigned char)c;
    return d;
}

PLAIN static size_t slow_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

#if A8_STATIC
/* A static program has no dlsym: its link --wrap's these names, and the
 * originals are libc.a's (a8_static_real). */
#define NEXT_SYM(name) a8_glibc_sym(name)

uintptr_t a8_libc_text_lo, a8_libc_text_len;
extern const char __etext[];
extern const char a8_program_main[] __asm__("main");

/* Where the C library's code starts in the program's text (a8_call_checked):
 * libc.a is linked after the program's objects and the other libraries, so
 * from the lowest of its functions the link took for a8_static_real up to
 * the text's end is the C library's (and libgcc's, linked with it).  The
 * addresses below main, and past the text, are the IFUNCs' PLT slots. */
static void find_libc_text(void)
{
    uintptr_t from = (uintptr_t)a8_program_main, end = (uintptr_t)__etext, lo = end;
    for (size_t i = 0; i < a8_static_nreal; i++) {
        uintptr_t a = (uintptr_t)a8_static_real[i].fn;
        if (a > from && a < lo)
            lo = a;
    }
    a8_libc_text_lo = lo;
    a8_libc_text_len = end - lo;
}
#else
#define NEXT_SYM(name) dlsym(RTLD_NEXT, name)
#endif

void a8_strmem_init(void)
{
#if A8_STATIC
    find_libc_text();
#endif
    a8_guard_enter(); /* dlsym may allocate */
    g_real.memcpy = (cpy_fn)NEXT_SYM("memcpy");
    g_real.mempcpy = (cpy_fn)NEXT_SYM("mempcpy");
    g_real.memmove = (cpy_fn)NEXT_SYM("memmove");
    g_real.memset = (set_fn)NEXT_SYM("memset");
    g_real.explicit_bzero = (void (*)(void *, size_t))NEXT_SYM("explicit_bzero");
    g_real.strcpy = (str_fn)NEXT_SYM("strcpy");
    g_real.stpcpy = (str_fn)NEXT_SYM("stpcpy");
    g_real.strcat = (str_fn)NEXT_SYM("strcat");
    g_real.strncpy = (strn_fn)NEXT_SYM("strncpy");
    g_real.stpncpy = (strn_fn)NEXT_SYM("stpncpy");
    g_real.strncat = (strn_fn)NEXT_SYM("strncat");
    g_real.strlen = (len_fn)NEXT_SYM("strlen");
    g_real.strnlen = (nlen_fn)NEXT_SYM("strnlen");
    g_real.memcmp = (mcmp_fn)NEXT_SYM("memcmp");
    g_real.bcmp = (mcmp_fn)NEXT_SYM("bcmp");
    g_real.strcmp = (scmp_fn)NEXT_SYM("strcmp");
    g_real.strncmp = (sncmp_fn)NEXT_SYM("strncmp");
    g_real.strcasecmp = (scmp_fn)NEXT_SYM("strcasecmp");
    g_real.strncasecmp = (sncmp_fn)NEXT_SYM("strncasecmp");
    g_real.strstr = (sstr_fn)NEXT_SYM("strstr");
    g_real.strpbrk = (sstr_fn)NEXT_SYM("strpbrk");
    g_real.strspn = (span_fn)NEXT_SYM("strspn");
    g_real.strcspn = (span_fn)NEXT_SYM("strcspn");
    g_real.strchr = (chr_fn)NEXT_SYM("strchr");
    g_real.strrchr = (chr_fn)NEXT_SYM("strrchr");
    g_real.memchr = (mchr_fn)NEXT_SYM("memchr");
    g_real.strcasestr = (sstr_fn)NEXT_SYM("strcasestr");
    g_real.strchrnul = (chr_fn)NEXT_SYM("strchrnul");
    g_real.memrchr = (mchr_fn)NEXT_SYM("memrchr");
    g_real.rawmemchr = (void *(*)(const void *, int))NEXT_SYM("rawmemchr");
    g_real.memmem = (void *(*)(const void *, size_t, const void *, size_t))NEXT_SYM("memmem");
    g_real.strtok_r = (char *(*)(char *, const char *, char **))NEXT_SYM("strtok_r");
    g_real.strsep = (char *(*)(char **, const char *))NEXT_SYM("strsep");
    g_real.strdup = (dup_fn)NEXT_SYM("strdup");
    g_real.strndup = (ndup_fn)NEXT_SYM("strndup");
    a8_guard_leave();
    a8_iocalls_init();
    a8_pathcalls_init();
    a8_wcs_init();
    a8_mbconv_init();
    a8_libc_memset = g_real.memset;
    a8_libc_memcpy = g_real.memcpy;
    a8_calls_on = a8_opt.check_calls;
}

/* ---- the checks ------------------------------------------------------------------ */

/* Checks a read of n bytes at s and a write of n at d (how: the write's
 * flags); returns the block to repaint after the write (or NULL). */
static inline struct a8_bh *check_rw(const void *d, const void *s, size_t n, unsigned how,
                                     const char *fn)
{
    if (s)
        a8_checker_access(s, n, 0, fn);
    return a8_checker_access(d, n, how, fn);
}

static size_t real_strlen(const char *s) { return g_real.strlen ? g_real.strlen(s) : slow_len(s); }

PLAIN static size_t slow_nlen(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i])
        i++;
    return i;
}

static size_t real_strnlen(const char *s, size_t n)
{
    return g_real.strnlen ? g_real.strnlen(s, n) : slow_nlen(s, n);
}

/* What each copy reads and writes, checked before it runs (NULL unless a
 * write was reported: the block to repaint after).  Shared by the plain
 * entries and the fortified ones; ret is the entry's return address, dlen
 * the destination's size a fortified entry was given (NOLEN: none).  When
 * the write is longer, glibc's entry stops the program instead of making
 * it, so a guard page in its way will not fault: the check reports that
 * too (A8_ACC_NOFAULT). */
#define NOLEN SIZE_MAX

static inline unsigned dest_how(size_t n, size_t dlen)
{
    return A8_ACC_WRITE | (A8_UNLIKELY(n > dlen) ? A8_ACC_NOFAULT : 0);
}

static struct a8_bh *check_copy(const void *ret, const void *d, const void *s, size_t n,
                                size_t dlen, const char *fn)
{
    return a8_call_checked(ret) ? check_rw(d, s, n, dest_how(n, dlen), fn) : NULL;
}

struct a8_bh *a8_check_copy(const void *ret, const void *d, const void *s, size_t n, size_t dlen,
                            const char *fn)
{
    return check_copy(ret, d, s, n, dlen, fn);
}

/* memcpy and mempcpy: also whether the two ranges overlap (memmove's may).
 * A copy onto itself (d == s) is let be, as ASan does: GCC emits one for a
 * struct assigned to itself. */
static struct a8_bh *check_memcpy(const void *ret, const void *d, const void *s, size_t n,
                                  size_t dlen, const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    if (d != s)
        a8_check_overlap(d, n, s, n, fn);
    return check_rw(d, s, n, dest_how(n, dlen), fn);
}

static struct a8_bh *check_strcpy(const void *ret, const char *d, const char *s, size_t dlen,
                                  const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    size_t n = real_strlen(s) + 1;
    a8_check_overlap(d, n, s, n, fn);
    return check_rw(d, s, n, dest_how(n, dlen), fn);
}

/* strcat: reads d's string and all of s; writes s and its NUL after d's.
 * The string it makes, d's and s's, must not overlap s (unless s is empty:
 * then only a NUL is written, as ASan counts). */
static struct a8_bh *check_strcat(const void *ret, const char *d, const char *s, size_t dlen,
                                  const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    size_t dl = real_strlen(d), sl = real_strlen(s) + 1;
    if (sl > 1)
        a8_check_overlap(d, dl + sl, s, sl, fn);
    a8_checker_access(s, sl, 0, fn);
    return a8_checker_access(d, dl + sl, dest_how(dl + sl, dlen), fn);
}

/* strncpy: reads up to the NUL or n bytes; writes all n (pads with NULs).
 * What it copies must not overlap: that many bytes at s and at d (the NULs
 * padding d after them copy nothing, as ASan counts; valgrind counts n). */
static struct a8_bh *check_strncpy(const void *ret, const char *d, const char *s, size_t n,
                                   size_t dlen, const char *fn)
{
    if (!a8_call_checked(ret) || !n)
        return NULL;
    size_t sl = real_strnlen(s, n), m = sl < n ? sl + 1 : n;
    a8_check_overlap(d, m, s, m, fn);
    a8_checker_access(s, m, 0, fn);
    return a8_checker_access(d, n, dest_how(n, dlen), fn);
}

/* strncat: reads d's string and up to n bytes of s; writes after d's string
 * what it took of s and a NUL.  As strcat, the string it makes must not
 * overlap what it read of s. */
static struct a8_bh *check_strncat(const void *ret, const char *d, const char *s, size_t n,
                                   size_t dlen, const char *fn)
{
    if (!a8_call_checked(ret))
        return NULL;
    size_t dl = real_strlen(d), sl = real_strnlen(s, n), m = sl < n ? sl + 1 : n;
    if (sl)
        a8_check_overlap(d, dl + sl + 1, s, m, fn);
    a8_checker_access(s, m, 0, fn);
    return a8_checker_access(d, dl + sl + 1, dest_how(dl + sl + 1, dlen), fn);
}

A8_EXPORT void *memcpy(void *d, const void *s, size_t n)
{
    struct a8_bh *h = check_memcpy(A8_CALLER, d, s, n, NOLEN, "memcpy");
    void *r = g_real.memcpy ? g_real.memcpy(d, s, n) : slow_move(d, s, n);
    a8_call_done(h);
    return r;
}

A8_EXPORT void *mempcpy(void *d, const void *s, size_t n)
{
    struct a8_bh *h = check_memcpy(A8_CALLER, d, s, n, NOLEN, "mempcpy");
    void *r = g_real.mempcpy ? g_real.mempcpy(d, s, n) : (char *)slow_move(d, s, n) + n;
    a8_call_done(h);
    return r;
}

A8_EXPORT void *memmove(void *d, const void *s, size_t n)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, s, n, NOLEN, "memmove");
    void *r = g_real.memmove ? g_real.memmove(d, s, n) : slow_move(d, s, n);
    a8_call_done(h);
    return r;
}

A8_EXPORT void *memset(void *d, int c, size_t n)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, NOLEN, "memset");
    void *r = g_real.memset ? g_real.memset(d, c, n) : slow_set(d, c, n);
    a8_call_done(h);
    return r;
}

A8_EXPORT char *strcpy(char *d, const char *s)
{
    struct a8_bh *h = check_strcpy(A8_CALLER, d, s, NOLEN, "strcpy");
    char *r = g_real.strcpy ? g_real.strcpy(d, s) : slow_move(d, s, slow_len(s) + 1);
    a8_call_done(h);
    return r;
}

A8_EXPORT char *stpcpy(char *d, const char *s)
{
    struct a8_bh *h = check_strcpy(A8_CALLER, d, s, NOLEN, "stpcpy");
    char *r;
    if (g_real.stpcpy) {
        r = g_real.stpcpy(d, s);
    } else {
        size_t n = slow_len(s);
        r = (char *)slow_move(d, s, n + 1) + n;
    }
    a8_call_done(h);
    return r;
}

A8_EXPORT char *strcat(char *d, const char *s)
{
    struct a8_bh *h = check_strcat(A8_CALLER, d, s, NOLEN, "strcat");
    char *r =
        g_real.strcat ? g_real.strcat(d, s) : (slow_move(d + slow_len(d), s, slow_len(s) + 1), d);
    a8_call_done(h);
    return r;
}

PLAIN static char *slow_ncpy(char *d, const char *s, size_t n, bool stp)
{
    size_t i = 0;
    for (; i < n && s[i]; i++)
        d[i] = s[i];
    char *end = d + i;
    for (; i < n; i++)
        d[i] = '\0';
    return stp ? end : d;
}

A8_EXPORT char *strncpy(char *d, const char *s, size_t n)
{
    struct a8_bh *h = check_strncpy(A8_CALLER, d, s, n, NOLEN, "strncpy");
    char *r = g_real.strncpy ? g_real.strncpy(d, s, n) : slow_ncpy(d, s, n, false);
    a8_call_done(h);
    return r;
}

A8_EXPORT char *stpncpy(char *d, const char *s, size_t n)
{
    struct a8_bh *h = check_strncpy(A8_CALLER, d, s, n, NOLEN, "stpncpy");
    char *r = g_real.stpncpy ? g_real.stpncpy(d, s, n) : slow_ncpy(d, s, n, true);
    a8_call_done(h);
    return r;
}

A8_EXPORT char *strncat(char *d, const char *s, size_t n)
{
    struct a8_bh *h = check_strncat(A8_CALLER, d, s, n, NOLEN, "strncat");
    char *r;
    if (g_real.strncat) {
        r = g_real.strncat(d, s, n);
    } else {
        size_t dl = slow_len(d), sl = slow_nlen(s, n);
        slow_move(d + dl, s, sl);
        d[dl + sl] = '\0';
        r = d;
    }
    a8_call_done(h);
    return r;
}

/* ---- reads: the call first, then what it read ------------------------------------- */

/* How far a comparison of a and b reads: to the first byte that differs
 * (CMP_FOLD: with the locale's case folded, as strcasecmp), or (CMP_STR)
 * the first NUL, at most n bytes. */
enum { CMP_STR = 1, CMP_FOLD = 2, CMP_BOUND = 4 };

static inline int fold(int c, unsigned how) { return (how & CMP_FOLD) ? tolower(c) : c; }

PLAIN static size_t cmp_extent(const unsigned char *a, const unsigned char *b, size_t n,
                               unsigned how)
{
    size_t i = 0;
    while (i < n && fold(a[i], how) == fold(b[i], how) && !((how & CMP_STR) && a[i] == 0))
        i++;
    return i < n ? i + 1 : n;
}

PLAIN static int slow_cmp(const unsigned char *a, const unsigned char *b, size_t n, unsigned how)
{
    size_t k = cmp_extent(a, b, n, how);
    return k && k <= n ? fold(a[k - 1], how) - fold(b[k - 1], how) : 0;
}

A8_EXPORT size_t strlen(const char *s)
{
    if (!a8_call_checked(A8_CALLER))
        return real_strlen(s);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    size_t n = real_strlen(s);
    a8_read_done(s, n + 1, room, f, "strlen");
    return n;
}

A8_EXPORT size_t strnlen(const char *s, size_t max)
{
    if (!a8_call_checked(A8_CALLER))
        return real_strnlen(s, max);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    size_t n = real_strnlen(s, max);
    a8_read_done(s, n < max ? n + 1 : max, room, f, "strnlen");
    return n;
}

/* memcmp and bcmp: all n bytes of both, before the call, as ASan counts
 * them (its strict_memcmp): glibc's versions may read past the first
 * difference, and what lies past a block is no more theirs to read. */
static int mem_compare(mcmp_fn real, const void *a, const void *b, size_t n, const void *ret,
                       const char *fn)
{
    if (a8_call_checked(ret) && n) {
        a8_checker_access(a, n, 0, fn);
        a8_checker_access(b, n, 0, fn);
    }
    return real ? real(a, b, n) : slow_cmp(a, b, n, 0);
}

A8_EXPORT int memcmp(const void *a, const void *b, size_t n)
{
    return mem_compare(g_real.memcmp, a, b, n, A8_CALLER, "memcmp");
}

A8_EXPORT int bcmp(const void *a, const void *b, size_t n)
{
    return mem_compare(g_real.bcmp, a, b, n, A8_CALLER, "bcmp");
}

static int str_compare_real(const char *a, const char *b, size_t n, unsigned how)
{
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    size_t bound = (how & CMP_BOUND) ? n : SIZE_MAX;
    sncmp_fn nf = (how & CMP_FOLD) ? g_real.strncasecmp : g_real.strncmp;
    scmp_fn f = (how & CMP_FOLD) ? g_real.strcasecmp : g_real.strcmp;
    if ((how & CMP_BOUND) ? !nf : !f)
        return slow_cmp(ua, ub, bound, how);
    return (how & CMP_BOUND) ? nf(a, b, n) : f(a, b);
}

/* strcmp, strncmp, strcasecmp and strncasecmp: to the first difference or
 * NUL (or the bound). */
static int str_compare(const char *a, const char *b, size_t n, unsigned how, const void *ret,
                       const char *fn)
{
    how |= CMP_STR;
    if (!a8_call_checked(ret))
        return str_compare_real(a, b, n, how);
    size_t ra = a8_checker_room(a), rb = a8_checker_room(b);
    unsigned f = a8_faults_now();
    int r = str_compare_real(a, b, n, how);
    if (ra != SIZE_MAX || rb != SIZE_MAX) { /* a heap string: how far did it read? */
        size_t k = cmp_extent((const unsigned char *)a, (const unsigned char *)b,
                              (how & CMP_BOUND) ? n : SIZE_MAX, how);
        a8_read_done(a, k, ra, f, fn);
        a8_read_done(b, k, rb, f, fn);
    }
    return r;
}

A8_EXPORT int strcmp(const char *a, const char *b)
{
    return str_compare(a, b, 0, 0, A8_CALLER, "strcmp");
}

A8_EXPORT int strncmp(const char *a, const char *b, size_t n)
{
    return str_compare(a, b, n, CMP_BOUND, A8_CALLER, "strncmp");
}

A8_EXPORT int strcasecmp(const char *a, const char *b)
{
    return str_compare(a, b, 0, CMP_FOLD, A8_CALLER, "strcasecmp");
}

A8_EXPORT int strncasecmp(const char *a, const char *b, size_t n)
{
    return str_compare(a, b, n, CMP_BOUND | CMP_FOLD, A8_CALLER, "strncasecmp");
}

/* What the character searches look for: the first c (strchr, index), the
 * last (strrchr, rindex), or the first c or else the NUL (strchrnul). */
enum find { FIND_FIRST, FIND_LAST, FIND_NUL };

PLAIN static char *slow_chr(const char *s, int c, enum find how)
{
    const char *hit = NULL;
    for (;; s++) {
        if (*s == (char)c) {
            hit = s;
            if (how != FIND_LAST || !c)
                break;
        }
        if (!*s)
            return how == FIND_NUL ? (char *)s : (char *)hit;
    }
    return (char *)hit;
}

/* strchr and strchrnul read to the byte they find (or the NUL), strrchr
 * always the whole string. */
static char *str_find(const char *s, int c, enum find how, const void *ret, const char *fn)
{
    chr_fn real = how == FIND_FIRST  ? g_real.strchr
                  : how == FIND_LAST ? g_real.strrchr
                                     : g_real.strchrnul;
    if (!a8_call_checked(ret))
        return real ? real(s, c) : slow_chr(s, c, how);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    char *r = real ? real(s, c) : slow_chr(s, c, how);
    if (room != SIZE_MAX)
        a8_read_done(s, r && how != FIND_LAST ? (size_t)(r - s) + 1 : real_strlen(s) + 1, room, f,
                     fn);
    return r;
}

A8_EXPORT char *strchr(const char *s, int c)
{
    return str_find(s, c, FIND_FIRST, A8_CALLER, "strchr");
}

A8_EXPORT char *strrchr(const char *s, int c)
{
    return str_find(s, c, FIND_LAST, A8_CALLER, "strrchr");
}

A8_EXPORT char *strchrnul(const char *s, int c)
{
    return str_find(s, c, FIND_NUL, A8_CALLER, "strchrnul");
}

/* The BSD names: symbols of their own in glibc, which a program calling
 * them binds to instead of strchr's. */
A8_EXPORT char *index(const char *s, int c)
{
    return str_find(s, c, FIND_FIRST, A8_CALLER, "index");
}

A8_EXPORT char *rindex(const char *s, int c)
{
    return str_find(s, c, FIND_LAST, A8_CALLER, "rindex");
}

PLAIN static void *slow_mchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (unsigned char)c)
            return (void *)(p + i);
    return NULL;
}

A8_EXPORT void *memchr(const void *s, int c, size_t n)
{
    if (!a8_call_checked(A8_CALLER))
        return g_real.memchr ? g_real.memchr(s, c, n) : slow_mchr(s, c, n);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    void *r = g_real.memchr ? g_real.memchr(s, c, n) : slow_mchr(s, c, n);
    if (A8_UNLIKELY(room < n)) /* to the byte found, or all n */
        a8_read_done(s, r ? (size_t)((const char *)r - (const char *)s) + 1 : n, room, f, "memchr");
    return r;
}

/* rawmemchr reads to the byte it finds (there is no bound); memrchr, from
 * the end down, all n bytes unless it finds one: all n are checked before
 * the call, as memcmp's are. */
A8_EXPORT void *rawmemchr(const void *s, int c)
{
    if (!a8_call_checked(A8_CALLER) || !g_real.rawmemchr)
        return g_real.rawmemchr ? g_real.rawmemchr(s, c) : slow_mchr(s, c, SIZE_MAX);
    size_t room = a8_checker_room(s);
    unsigned f = a8_faults_now();
    void *r = g_real.rawmemchr(s, c);
    a8_read_done(s, (size_t)((const char *)r - (const char *)s) + 1, room, f, "rawmemchr");
    return r;
}

PLAIN static void *slow_mrchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    while (n--)
        if (p[n] == (unsigned char)c)
            return (void *)(p + n);
    return NULL;
}

A8_EXPORT void *memrchr(const void *s, int c, size_t n)
{
    if (a8_call_checked(A8_CALLER) && n)
        a8_checker_access(s, n, 0, "memrchr");
    return g_real.memrchr ? g_real.memrchr(s, c, n) : slow_mrchr(s, c, n);
}

/* ---- searches: strstr, strspn, strcspn, strpbrk, strcasestr, memmem ---- */

PLAIN static bool in_set(const char *set, char c)
{
    for (; *set; set++)
        if (*set == c)
            return true;
    return false;
}

/* Before the C library's are known: how many leading bytes of s are (in)
 * in set, and the first occurrence of needle. */
PLAIN static size_t slow_span(const char *s, const char *set, bool in)
{
    size_t i = 0;
    while (s[i] && in_set(set, s[i]) == in)
        i++;
    return i;
}

PLAIN static char *slow_str(const char *h, const char *nd, unsigned how)
{
    size_t n = slow_len(nd);
    for (; *h; h++)
        if (slow_cmp((const unsigned char *)h, (const unsigned char *)nd, n, CMP_STR | how) == 0)
            return (char *)h;
    return n ? NULL : (char *)h;
}

/* What a search read: the whole of the second string (the needle, the
 * set), and the first up to where it stopped (hit: its byte there, or the
 * NUL it ran to; for strstr the end of the match). */
static void search_done(const char *s, size_t s_used, size_t rs, const char *t, size_t rt,
                        unsigned f, const char *fn)
{
    a8_read_done(t, real_strlen(t) + 1, rt, f, fn);
    a8_read_done(s, s_used, rs, f, fn);
}

/* strstr and strcasestr (how: CMP_FOLD) */
static char *str_search(const char *h, const char *nd, unsigned how, const void *ret,
                        const char *fn)
{
    sstr_fn real = how ? g_real.strcasestr : g_real.strstr;
    if (!a8_call_checked(ret))
        return real ? real(h, nd) : slow_str(h, nd, how);
    size_t rh = a8_checker_room(h), rn = a8_checker_room(nd);
    unsigned f = a8_faults_now();
    char *r = real ? real(h, nd) : slow_str(h, nd, how);
    if (rh != SIZE_MAX || rn != SIZE_MAX)
        search_done(h, r ? (size_t)(r - h) + real_strlen(nd) : real_strlen(h) + 1, rh, nd, rn, f,
                    fn);
    return r;
}

A8_EXPORT char *strstr(const char *h, const char *nd)
{
    return str_search(h, nd, 0, A8_CALLER, "strstr");
}

A8_EXPORT char *strcasestr(const char *h, const char *nd)
{
    return str_search(h, nd, CMP_FOLD, A8_CALLER, "strcasestr");
}

PLAIN static void *slow_mem(const void *h, size_t hl, const void *nd, size_t nl)
{
    if (!nl)
        return (void *)h;
    for (size_t i = 0; i + nl <= hl; i++)
        if (slow_cmp((const unsigned char *)h + i, nd, nl, 0) == 0)
            return (char *)h + i;
    return NULL;
}

/* memmem: the needle's nl bytes, and the haystack to the end of the match
 * or all hl bytes, as ASan counts them: a bound given is the program's
 * claim that the bytes are there. */
A8_EXPORT void *memmem(const void *h, size_t hl, const void *nd, size_t nl)
{
    if (!a8_call_checked(A8_CALLER))
        return g_real.memmem ? g_real.memmem(h, hl, nd, nl) : slow_mem(h, hl, nd, nl);
    size_t rh = a8_checker_room(h), rn = a8_checker_room(nd);
    unsigned f = a8_faults_now();
    void *r = g_real.memmem ? g_real.memmem(h, hl, nd, nl) : slow_mem(h, hl, nd, nl);
    a8_read_done(nd, nl, rn, f, "memmem");
    a8_read_done(h, r ? (size_t)((const char *)r - (const char *)h) + nl : hl, rh, f, "memmem");
    return r;
}

static size_t span(const char *s, const char *set, bool in, const void *ret)
{
    span_fn real = in ? g_real.strspn : g_real.strcspn;
    if (!a8_call_checked(ret))
        return real ? real(s, set) : slow_span(s, set, in);
    size_t rs = a8_checker_room(s), rt = a8_checker_room(set);
    unsigned f = a8_faults_now();
    size_t r = real ? real(s, set) : slow_span(s, set, in);
    if (rs != SIZE_MAX || rt != SIZE_MAX) /* to the byte that stopped it */
        search_done(s, r + 1, rs, set, rt, f, in ? "strspn" : "strcspn");
    return r;
}

A8_EXPORT size_t strspn(const char *s, const char *set) { return span(s, set, true, A8_CALLER); }

A8_EXPORT size_t strcspn(const char *s, const char *set) { return span(s, set, false, A8_CALLER); }

static char *real_pbrk(const char *s, const char *set)
{
    if (g_real.strpbrk)
        return g_real.strpbrk(s, set);
    size_t k = slow_span(s, set, false);
    return s[k] ? (char *)s + k : NULL;
}

A8_EXPORT char *strpbrk(const char *s, const char *set)
{
    if (!a8_call_checked(A8_CALLER))
        return real_pbrk(s, set);
    size_t rs = a8_checker_room(s), rt = a8_checker_room(set);
    unsigned f = a8_faults_now();
    char *r = real_pbrk(s, set);
    if (rs != SIZE_MAX || rt != SIZE_MAX)
        search_done(s, r ? (size_t)(r - s) + 1 : real_strlen(s) + 1, rs, set, rt, f, "strpbrk");
    return r;
}

/* ---- tokens: strtok, strtok_r, strsep ---- */

PLAIN static char *slow_tok(char *s, const char *delim, char **save)
{
    if (!s)
        s = *save;
    s += slow_span(s, delim, true);
    if (!*s) {
        *save = s;
        return NULL;
    }
    char *end = s + slow_span(s, delim, false);
    if (*end)
        *end++ = '\0';
    *save = end;
    return s;
}

/* What a token call read: the delimiters whole, and the string from where
 * it started to the end of the token it returned (the delimiter it wrote a
 * NUL over, or the string's NUL), or to the NUL when none was left. */
static char *tok(char *s, const char *delim, char **save, const void *ret, const char *fn)
{
    char *(*real)(char *, const char *, char **) = g_real.strtok_r ? g_real.strtok_r : slow_tok;
    if (!a8_call_checked(ret))
        return real(s, delim, save);
    char *str = s ? s : *save;
    size_t rs = a8_checker_room(str), rd = a8_checker_room(delim);
    unsigned f = a8_faults_now();
    char *r = real(s, delim, save);
    if (rs != SIZE_MAX || rd != SIZE_MAX)
        search_done(str, r ? (size_t)(r - str) + real_strlen(r) + 1 : real_strlen(str) + 1, rs,
                    delim, rd, f, fn);
    return r;
}

A8_EXPORT char *strtok_r(char *s, const char *delim, char **save)
{
    return tok(s, delim, save, A8_CALLER, "strtok_r");
}

/* strtok keeps its place here, as the C library's keeps it in a static of
 * its own (every program call of strtok comes here). */
static char *g_strtok_save;

A8_EXPORT char *strtok(char *s, const char *delim)
{
    return tok(s, delim, &g_strtok_save, A8_CALLER, "strtok");
}

PLAIN static char *slow_sep(char **sp, const char *delim)
{
    char *s = *sp;
    if (!s)
        return NULL;
    char *end = s + slow_span(s, delim, false);
    *sp = *end ? end + 1 : NULL;
    *end = '\0';
    return s;
}

A8_EXPORT char *strsep(char **sp, const char *delim)
{
    char *(*real)(char **, const char *) = g_real.strsep ? g_real.strsep : slow_sep;
    char *str = *sp;
    if (!a8_call_checked(A8_CALLER) || !str)
        return real(sp, delim);
    size_t rs = a8_checker_room(str), rd = a8_checker_room(delim);
    unsigned f = a8_faults_now();
    char *r = real(sp, delim);
    if (rs != SIZE_MAX || rd != SIZE_MAX) /* the token now ends where it stopped */
        search_done(str, real_strlen(str) + 1, rs, delim, rd, f, "strsep");
    return r;
}

/* ---- collation: strcoll, strxfrm ---- */

/* glibc's own, looked up at first use, as the number conversions' are
 * (the unchecked calls before the checker starts look them up too). */
enum { L_STRCOLL, L_STRXFRM, L_COUNT };
static const char *const k_coll[L_COUNT] = {"strcoll", "strxfrm"};
static void *g_coll[L_COUNT];
#define COLL(i, type) ((type)a8_calls_chk_fn(&g_coll[i], k_coll[i]))

/* strcoll: both strings whole, to their NULs.  A locale's collation weighs
 * every character before it decides (glibc's stops at the first difference
 * only in the C locale, where it is strcmp): a string that is not one is
 * the program's bug in any locale, not only in the one it runs in.  errno
 * is the call's (the lengths are taken after it, and a report may write). */
A8_EXPORT int strcoll(const char *a, const char *b)
{
    typedef int (*fn)(const char *, const char *);
    if (!a8_call_checked(A8_CALLER))
        return COLL(L_STRCOLL, fn)(a, b);
    size_t ra = a8_checker_room(a), rb = a8_checker_room(b);
    unsigned f = a8_faults_now();
    int r = COLL(L_STRCOLL, fn)(a, b);
    if (ra != SIZE_MAX || rb != SIZE_MAX) {
        int saved = errno;
        if (ra != SIZE_MAX)
            a8_read_done(a, real_strlen(a) + 1, ra, f, "strcoll");
        if (rb != SIZE_MAX)
            a8_read_done(b, real_strlen(b) + 1, rb, f, "strcoll");
        errno = saved;
    }
    return r;
}

/* strxfrm: reads the source whole, to its NUL, and writes into d the
 * transformed string and its NUL when they fit in n (its result r < n):
 * r + 1 bytes, as ASan's interceptor counts them.  When they do not, ASan
 * counts no write, but glibc has still filled all n bytes (the C locale's
 * copy is stpncpy's of min(r + 1, n)): n is counted, the size the program
 * claimed d has.  So min(n, r + 1), after the call, when the result is
 * known; n = 0 (strxfrm(NULL, s, 0), to learn the size) writes nothing.
 * What it writes must not overlap the source (C leaves that undefined):
 * the source's length is taken before the call, which may overwrite it
 * (then its NUL, and a length measured after would run on). */
A8_EXPORT size_t strxfrm(char *d, const char *s, size_t n)
{
    typedef size_t (*fn)(char *, const char *, size_t);
    if (!a8_call_checked(A8_CALLER))
        return COLL(L_STRXFRM, fn)(d, s, n);
    size_t rs = a8_checker_room(s), rd = n ? a8_checker_room(d) : SIZE_MAX;
    unsigned f = a8_faults_now();
    size_t sl = real_strlen(s) + 1; /* before the call: d's bytes may be s's */
    size_t r = COLL(L_STRXFRM, fn)(d, s, n);
    a8_check_overlap(d, r < n ? r + 1 : n, s, sl, "strxfrm");
    if (rs != SIZE_MAX || rd != SIZE_MAX) {
        int saved = errno;
        if (rs != SIZE_MAX)
            a8_read_done(s, sl, rs, f, "strxfrm");
        a8_write_done(d, r < n ? r + 1 : n, rd, f, "strxfrm");
        errno = saved;
    }
    return r;
}

/* strdup and strndup: the C library copies with its own calls; the source
 * is checked here, before.  (Their malloc is alloc8's, as any other.) */
A8_EXPORT char *strdup(const char *s)
{
    if (a8_call_checked(A8_CALLER)) {
        size_t room = a8_checker_room(s);
        unsigned f = a8_faults_now();
        if (!a8_string_closed(s, room, 1, "strdup"))
            a8_read_done(s, real_strlen(s) + 1, room, f, "strdup");
    }
    if (g_real.strdup)
        return g_real.strdup(s);
    size_t n = slow_len(s) + 1;
    char *d = malloc(n);
    return d ? slow_move(d, s, n) : NULL;
}

A8_EXPORT char *strndup(const char *s, size_t n)
{
    if (a8_call_checked(A8_CALLER)) {
        size_t room = a8_checker_room(s);
        unsigned f = a8_faults_now();
        if (n && !a8_string_closed(s, room, 1, "strndup")) {
            size_t k = real_strnlen(s, n);
            a8_read_done(s, k < n ? k + 1 : n, room, f, "strndup");
        }
    }
    if (g_real.strndup)
        return g_real.strndup(s, n);
    size_t k = slow_nlen(s, n);
    char *d = malloc(k + 1);
    if (d) {
        slow_move(d, s, k);
        d[k] = '\0';
    }
    return d;
}

/* The BSD names: bzero as memset with 0, bcopy as memmove (its source
 * first).  A compiler turns most calls into memset/memmove; a call through
 * a pointer, or built with -fno-builtin, comes here. */
A8_EXPORT void bzero(void *d, size_t n)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, NOLEN, "bzero");
    if (g_real.memset)
        g_real.memset(d, 0, n);
    else
        slow_set(d, 0, n);
    a8_call_done(h);
}

/* A checked move of n bytes, for bcopy and memccpy. */
static void checked_move(const void *ret, void *d, const void *s, size_t n, const char *fn)
{
    struct a8_bh *h = check_copy(ret, d, s, n, NOLEN, fn);
    if (g_real.memmove)
        g_real.memmove(d, s, n);
    else
        slow_move(d, s, n);
    a8_call_done(h);
}

A8_EXPORT void bcopy(const void *s, void *d, size_t n)
{
    checked_move(A8_CALLER, d, s, n, "bcopy");
}

/* memccpy: copies up to and including the first byte c of s, or n bytes;
 * what it copies is read and written, and must not overlap (C and POSIX
 * leave that undefined; it is carried out as a memmove here). */
A8_EXPORT void *memccpy(void *d, const void *s, int c, size_t n)
{
    const unsigned char *hit = g_real.memchr ? g_real.memchr(s, c, n) : slow_mchr(s, c, n);
    size_t k = hit ? (size_t)(hit - (const unsigned char *)s) + 1 : n;
    if (a8_call_checked(A8_CALLER))
        a8_check_overlap(d, k, s, k, "memccpy");
    checked_move(A8_CALLER, d, s, k, "memccpy");
    return hit ? (char *)d + k : NULL;
}

/* explicit_bzero: a write of n bytes that the compiler may not drop. */
A8_EXPORT void explicit_bzero(void *d, size_t n)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, NOLEN, "explicit_bzero");
    if (g_real.explicit_bzero)
        g_real.explicit_bzero(d, n);
    else
        slow_set(d, 0, n);
    a8_call_done(h);
}

/* swab: swaps each pair of bytes of the first n & ~1 at from into to (an odd
 * last byte is left alone, a negative n does nothing), as glibc does: from
 * the end backwards.  What it reads and writes is checked before the call,
 * and the two must not overlap (POSIX leaves that undefined).  The copy is
 * alloc8's own: two byte moves a pair, the C library's loop. */
A8_EXPORT void swab(const void *from, void *to, ssize_t n)
{
    const unsigned char *s = from;
    unsigned char *d = to;
    size_t m = n > 1 ? (size_t)n & ~(size_t)1 : 0;
    struct a8_bh *h = NULL;
    if (m && a8_call_checked(A8_CALLER)) {
        a8_check_overlap(d, m, s, m, "swab");
        h = check_rw(d, s, m, A8_ACC_WRITE, "swab");
    }
    while (m > 1) {
        unsigned char hi = s[--m], lo = s[--m];
        d[m] = hi;
        d[m + 1] = lo;
    }
    a8_call_done(h);
}

/* ---- number conversions: strtol & co., atoi & co. -------------------------- */

/* A conversion reads the string to the first byte it could not use: what
 * it stopped at is *end, or with nothing converted (*end == s) the blanks
 * and sign it skipped first.  That byte is counted too, as ASan counts it.
 * glibc's own functions are looked up at first use. */
enum {
    N_STRTOL,
    N_STRTOUL,
    N_STRTOLL,
    N_STRTOULL,
    N_STRTOIMAX,
    N_STRTOUMAX,
    N_STRTOD,
    N_STRTOF,
    N_STRTOLD,
    N_COUNT
};
static const char *const k_conv[N_COUNT] = {"strtol",   "strtoul",   "strtoll",
                                            "strtoull", "strtoimax", "strtoumax",
                                            "strtod",   "strtof",    "strtold"};
static void *g_conv[N_COUNT];
#define CONV(i, type) ((type)a8_calls_chk_fn(&g_conv[i], k_conv[i]))

PLAIN static size_t num_lead(const char *s)
{
    size_t i = 0;
    while (isspace((unsigned char)s[i]))
        i++;
    return i + (s[i] == '+' || s[i] == '-');
}

/* One checked conversion: conv_start before the C library's call (false:
 * not checked, call it as given), which then stores its end in c->e;
 * conv_end checks what it read and hands the end on. */
struct conv {
    const char *s;
    char **end; /* the program's, or NULL */
    char *e;
    size_t room;
    unsigned faults;
};

static inline bool conv_start(struct conv *c, const char *s, char **end, const void *ret)
{
    if (!a8_call_checked(ret))
        return false;
    c->s = s;
    c->end = end;
    c->room = a8_checker_room(s);
    c->faults = a8_faults_now();
    return true;
}

static void conv_end(const struct conv *c, const char *fn)
{
    if (c->room != SIZE_MAX) {
        int saved = errno;
        size_t used = c->e > c->s ? (size_t)(c->e - c->s) : num_lead(c->s);
        a8_read_done(c->s, used + 1, c->room, c->faults, fn);
        errno = saved;
    }
    if (c->end)
        *c->end = c->e;
}

/* INT_CONV(name, index, type) defines name(s, end, base); FLOAT_CONV the
 * same without the base. */
#define INT_CONV(name, i, type)                                                                    \
    A8_EXPORT type name(const char *s, char **end, int base)                                       \
    {                                                                                              \
        typedef type (*fn)(const char *, char **, int);                                            \
        struct conv c;                                                                             \
        if (!conv_start(&c, s, end, A8_CALLER))                                                    \
            return CONV(i, fn)(s, end, base);                                                      \
        type r = CONV(i, fn)(s, &c.e, base);                                                       \
        conv_end(&c, #name);                                                                       \
        return r;                                                                                  \
    }
INT_CONV(strtol, N_STRTOL, long)
INT_CONV(strtoul, N_STRTOUL, unsigned long)
INT_CONV(strtoll, N_STRTOLL, long long)
INT_CONV(strtoull, N_STRTOULL, unsigned long long)
INT_CONV(strtoimax, N_STRTOIMAX, intmax_t)
INT_CONV(strtoumax, N_STRTOUMAX, uintmax_t)

#define FLOAT_CONV(name, i, type)                                                                  \
    A8_EXPORT type name(const char *s, char **end)                                                 \
    {                                                                                              \
        typedef type (*fn)(const char *, char **);                                                 \
        struct conv c;                                                                             \
        if (!conv_start(&c, s, end, A8_CALLER))                                                    \
            return CONV(i, fn)(s, end);                                                            \
        type r = CONV(i, fn)(s, &c.e);                                                             \
        conv_end(&c, #name);                                                                       \
        return r;                                                                                  \
    }
FLOAT_CONV(strtod, N_STRTOD, double)
FLOAT_CONV(strtof, N_STRTOF, float)
FLOAT_CONV(strtold, N_STRTOLD, long double)

/* atoi, atol, atoll and atof: glibc's are strtol's, strtoll's and strtod's
 * with no end pointer (the headers inline them so when optimising). */
static long long ato(const char *s, const void *ret, int i, const char *fn)
{
    typedef long long (*fn_t)(const char *, char **, int);
    struct conv c;
    if (!conv_start(&c, s, NULL, ret))
        return CONV(i, fn_t)(s, NULL, 10);
    long long r = CONV(i, fn_t)(s, &c.e, 10);
    conv_end(&c, fn);
    return r;
}

A8_EXPORT int atoi(const char *s) { return (int)ato(s, A8_CALLER, N_STRTOL, "atoi"); }

A8_EXPORT long atol(const char *s) { return (long)ato(s, A8_CALLER, N_STRTOL, "atol"); }

A8_EXPORT long long atoll(const char *s) { return ato(s, A8_CALLER, N_STRTOLL, "atoll"); }

A8_EXPORT double atof(const char *s)
{
    typedef double (*fn)(const char *, char **);
    struct conv c;
    if (!conv_start(&c, s, NULL, A8_CALLER))
        return CONV(N_STRTOD, fn)(s, NULL);
    double r = CONV(N_STRTOD, fn)(s, &c.e);
    conv_end(&c, "atof");
    return r;
}

/* ---- the fortified entries --------------------------------------------------------- */

/* A program built with _FORTIFY_SOURCE (as Debian builds nearly everything:
 * git, python3 and perl call these) calls __memcpy_chk & co. wherever the
 * compiler knows the size of the destination object.  They get the same
 * checks as the plain calls, then glibc's own entry runs, with its own test
 * against that size (which aborts the program, natively as here, with
 * "buffer overflow detected").  The compiler's size is the object's, which
 * may be larger than the block (a struct allocated short), and it knows
 * nothing of the source or of a block already freed: those are alloc8's to
 * find.  Reports name the fortified entry, as the program calls it. */
void *a8_calls_chk_fn(void **slot, const char *name)
{
    void *f = a8_glibc_fn(slot, name);
    if (A8_UNLIKELY(!f)) { /* the program was built for a newer C library */
        a8_note("%s: not in this C library", name);
        abort();
    }
    return f;
}

enum {
    C_MEMCPY,
    C_MEMPCPY,
    C_MEMMOVE,
    C_MEMSET,
    C_STRCPY,
    C_STPCPY,
    C_STRCAT,
    C_STRNCPY,
    C_STPNCPY,
    C_STRNCAT,
    C_BZERO,
    C_COUNT
};
static const char *const k_chk[C_COUNT] = {"__memcpy_chk",  "__mempcpy_chk",       "__memmove_chk",
                                           "__memset_chk",  "__strcpy_chk",        "__stpcpy_chk",
                                           "__strcat_chk",  "__strncpy_chk",       "__stpncpy_chk",
                                           "__strncat_chk", "__explicit_bzero_chk"};
static void *g_chk[C_COUNT];
#define CHK(i, type) ((type)a8_calls_chk_fn(&g_chk[i], k_chk[i]))

typedef void *(*cpy_chk)(void *, const void *, size_t, size_t);
typedef void *(*set_chk)(void *, int, size_t, size_t);
typedef char *(*str_chk)(char *, const char *, size_t);
typedef char *(*strn_chk)(char *, const char *, size_t, size_t);

static void *copy_chk(const void *ret, int i, void *d, const void *s, size_t n, size_t dlen)
{
    struct a8_bh *h = i == C_MEMMOVE ? check_copy(ret, d, s, n, dlen, k_chk[i])
                                     : check_memcpy(ret, d, s, n, dlen, k_chk[i]);
    void *r = CHK(i, cpy_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT void *__memcpy_chk(void *d, const void *s, size_t n, size_t dlen)
{
    return copy_chk(A8_CALLER, C_MEMCPY, d, s, n, dlen);
}

A8_EXPORT void *__mempcpy_chk(void *d, const void *s, size_t n, size_t dlen)
{
    return copy_chk(A8_CALLER, C_MEMPCPY, d, s, n, dlen);
}

A8_EXPORT void *__memmove_chk(void *d, const void *s, size_t n, size_t dlen)
{
    return copy_chk(A8_CALLER, C_MEMMOVE, d, s, n, dlen);
}

A8_EXPORT void *__memset_chk(void *d, int c, size_t n, size_t dlen)
{
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, dlen, k_chk[C_MEMSET]);
    void *r = CHK(C_MEMSET, set_chk)(d, c, n, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT void __explicit_bzero_chk(void *d, size_t n, size_t dlen)
{
    typedef void (*fn)(void *, size_t, size_t);
    struct a8_bh *h = check_copy(A8_CALLER, d, NULL, n, dlen, k_chk[C_BZERO]);
    CHK(C_BZERO, fn)(d, n, dlen);
    a8_call_done(h);
}

static char *strcpy_chk(const void *ret, int i, char *d, const char *s, size_t dlen)
{
    struct a8_bh *h = check_strcpy(ret, d, s, dlen, k_chk[i]);
    char *r = CHK(i, str_chk)(d, s, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT char *__strcpy_chk(char *d, const char *s, size_t dlen)
{
    return strcpy_chk(A8_CALLER, C_STRCPY, d, s, dlen);
}

A8_EXPORT char *__stpcpy_chk(char *d, const char *s, size_t dlen)
{
    return strcpy_chk(A8_CALLER, C_STPCPY, d, s, dlen);
}

A8_EXPORT char *__strcat_chk(char *d, const char *s, size_t dlen)
{
    struct a8_bh *h = check_strcat(A8_CALLER, d, s, dlen, k_chk[C_STRCAT]);
    char *r = CHK(C_STRCAT, str_chk)(d, s, dlen);
    a8_call_done(h);
    return r;
}

static char *strncpy_chk(const void *ret, int i, char *d, const char *s, size_t n, size_t dlen)
{
    struct a8_bh *h = check_strncpy(ret, d, s, n, dlen, k_chk[i]);
    char *r = CHK(i, strn_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}

A8_EXPORT char *__strncpy_chk(char *d, const char *s, size_t n, size_t dlen)
{
    return strncpy_chk(A8_CALLER, C_STRNCPY, d, s, n, dlen);
}

A8_EXPORT char *__stpncpy_chk(char *d, const char *s, size_t n, size_t dlen)
{
    return strncpy_chk(A8_CALLER, C_STPNCPY, d, s, n, dlen);
}

A8_EXPORT char *__strncat_chk(char *d, const char *s, size_t n, size_t dlen)
{
    struct a8_bh *h = check_strncat(A8_CALLER, d, s, n, dlen, k_chk[C_STRNCAT]);
    char *r = CHK(C_STRNCAT, strn_chk)(d, s, n, dlen);
    a8_call_done(h);
    return r;
}
