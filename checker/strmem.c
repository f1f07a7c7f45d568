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
 * The C library's functions are looked up with dlsym(RTLD_NEXT) once the
 * checker starts (a8_strmem_init); before that (the first calls of the
 * dynamic loader's and libc's start-up) simple byte loops do the work.
 */
#include "checker.h"

#include <dlfcn.h>
#include <string.h>

extern const char __ehdr_start[]; /* this library's first byte ... */
extern const char __etext[];      /* ... and the end of its text */

typedef void *(*cpy_fn)(void *, const void *, size_t);
typedef void *(*set_fn)(void *, int, size_t);
typedef char *(*str_fn)(char *, const char *);
typedef char *(*strn_fn)(char *, const char *, size_t);

void *(*a8_libc_memset)(void *, int, size_t);
void *(*a8_libc_memcpy)(void *, const void *, size_t);

static struct {
    cpy_fn memcpy, mempcpy, memmove;
    set_fn memset;
    str_fn strcpy, stpcpy, strcat;
    strn_fn strncpy;
    bool on;
} g_real;

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

void a8_strmem_init(void)
{
    a8_guard_enter(); /* dlsym may allocate */
    g_real.memcpy = (cpy_fn)dlsym(RTLD_NEXT, "memcpy");
    g_real.mempcpy = (cpy_fn)dlsym(RTLD_NEXT, "mempcpy");
    g_real.memmove = (cpy_fn)dlsym(RTLD_NEXT, "memmove");
    g_real.memset = (set_fn)dlsym(RTLD_NEXT, "memset");
    g_real.strcpy = (str_fn)dlsym(RTLD_NEXT, "strcpy");
    g_real.stpcpy = (str_fn)dlsym(RTLD_NEXT, "stpcpy");
    g_real.strcat = (str_fn)dlsym(RTLD_NEXT, "strcat");
    g_real.strncpy = (strn_fn)dlsym(RTLD_NEXT, "strncpy");
    a8_guard_leave();
    a8_libc_memset = g_real.memset;
    a8_libc_memcpy = g_real.memcpy;
    g_real.on = a8_opt.check_calls;
}

/* ---- the checks ------------------------------------------------------------------ */

/* Whether the call comes from the program (not from alloc8's own code), and
 * checks are on. */
static inline bool checked(const void *ret)
{
    return g_real.on && !((const char *)ret >= __ehdr_start && (const char *)ret < __etext);
}

/* Checks a read of n bytes at s and a write of n at d; returns the block to
 * repaint after the write (or NULL). */
static inline struct a8_bh *check_rw(const void *d, const void *s, size_t n, const char *fn)
{
    if (s)
        a8_checker_access(s, n, false, fn);
    return a8_checker_access(d, n, true, fn);
}

static inline void done(struct a8_bh *h)
{
    if (A8_UNLIKELY(h != NULL))
        a8_checker_access_done(h);
}

A8_EXPORT void *memcpy(void *d, const void *s, size_t n)
{
    struct a8_bh *h = checked(__builtin_return_address(0)) ? check_rw(d, s, n, "memcpy") : NULL;
    void *r = g_real.memcpy ? g_real.memcpy(d, s, n) : slow_move(d, s, n);
    done(h);
    return r;
}

A8_EXPORT void *mempcpy(void *d, const void *s, size_t n)
{
    struct a8_bh *h = checked(__builtin_return_address(0)) ? check_rw(d, s, n, "mempcpy") : NULL;
    void *r = g_real.mempcpy ? g_real.mempcpy(d, s, n) : (char *)slow_move(d, s, n) + n;
    done(h);
    return r;
}

A8_EXPORT void *memmove(void *d, const void *s, size_t n)
{
    struct a8_bh *h = checked(__builtin_return_address(0)) ? check_rw(d, s, n, "memmove") : NULL;
    void *r = g_real.memmove ? g_real.memmove(d, s, n) : slow_move(d, s, n);
    done(h);
    return r;
}

A8_EXPORT void *memset(void *d, int c, size_t n)
{
    struct a8_bh *h = checked(__builtin_return_address(0)) ? check_rw(d, NULL, n, "memset") : NULL;
    void *r = g_real.memset ? g_real.memset(d, c, n) : slow_set(d, c, n);
    done(h);
    return r;
}

A8_EXPORT char *strcpy(char *d, const char *s)
{
    struct a8_bh *h = NULL;
    if (checked(__builtin_return_address(0)))
        h = check_rw(d, s, strlen(s) + 1, "strcpy");
    char *r = g_real.strcpy ? g_real.strcpy(d, s) : slow_move(d, s, slow_len(s) + 1);
    done(h);
    return r;
}

A8_EXPORT char *stpcpy(char *d, const char *s)
{
    struct a8_bh *h = NULL;
    size_t n = 0;
    if (checked(__builtin_return_address(0)))
        h = check_rw(d, s, (n = strlen(s)) + 1, "stpcpy");
    char *r;
    if (g_real.stpcpy) {
        r = g_real.stpcpy(d, s);
    } else {
        n = slow_len(s);
        r = (char *)slow_move(d, s, n + 1) + n;
    }
    done(h);
    return r;
}

A8_EXPORT char *strcat(char *d, const char *s)
{
    struct a8_bh *h = NULL;
    if (checked(__builtin_return_address(0))) {
        size_t dl = strlen(d), sl = strlen(s) + 1;
        a8_checker_access(s, sl, false, "strcat");
        h = a8_checker_access(d, dl + sl, true, "strcat");
    }
    char *r =
        g_real.strcat ? g_real.strcat(d, s) : (slow_move(d + slow_len(d), s, slow_len(s) + 1), d);
    done(h);
    return r;
}

A8_EXPORT char *strncpy(char *d, const char *s, size_t n)
{
    struct a8_bh *h = NULL;
    if (checked(__builtin_return_address(0)) && n) {
        /* reads up to the NUL or n bytes; writes all n (pads with NULs) */
        size_t sl = strnlen(s, n);
        a8_checker_access(s, sl < n ? sl + 1 : n, false, "strncpy");
        h = a8_checker_access(d, n, true, "strncpy");
    }
    char *r;
    if (g_real.strncpy) {
        r = g_real.strncpy(d, s, n);
    } else {
        size_t i = 0;
        for (; i < n && s[i]; i++)
            d[i] = s[i];
        slow_set(d + i, 0, n - i);
        r = d;
    }
    done(h);
    return r;
}
