/* entry.c — the C allocation entry points: malloc, free, calloc, realloc,
 * reallocarray, memalign, posix_memalign, aligned_alloc, valloc, pvalloc,
 * malloc_usable_size, cfree, free_sized, free_aligned_sized.
 *
 * Every entry point builds an alloc8_req on its stack and hands it to the
 * active heap, except:
 *   - while alloc8's re-entrancy guard is raised on this thread, or before
 *     initialisation completes, requests go to the internal arena (the
 *     bootstrap), and free/realloc recognise its blocks at any depth;
 *   - in the fast build, entry points call glibc's __libc_* directly unless
 *     tracing is on (one predictable test).
 * glibc semantics kept here, once, for every heap: alignment rules, errno
 * (ENOMEM/EINVAL where the standard says, otherwise the caller's value),
 * calloc/reallocarray overflow, realloc(p, 0) frees and returns NULL,
 * realloc(NULL, n) allocates.
 * Runs inside malloc by definition; takes no lock itself. */
#include "interpose.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static const bool g_fast = A8_FAST;

enum { DEFAULT_ALIGN = 16 };

#define CALLER() __builtin_return_address(0)

/* The fast build's entry points are one test and a tail call into glibc;
 * everything else sits in a cold function that gets the caller's address, so
 * the fast path needs no stack frame (bench/README.md has the figures). */
#if A8_FAST
#define ENTRY_SLOW A8_COLD
#else
#define ENTRY_SLOW inline __attribute__((always_inline))
#endif
/* a8_state.slow only goes from true to false, once, during start-up: a plain
 * read is enough and folds into one cmpb. */
#define FAST_PATH() (g_fast && A8_LIKELY(!*(const bool *)&a8_state.slow))

/* ---- the slow paths --------------------------------------------------------- */

/* Internal arena service for guarded / not-yet-initialised requests. */
static void *internal_alloc(const struct alloc8_req *r)
{
    if (g_fast) { /* the fast build never needs the arena: glibc cannot recurse */
        if (r->align > DEFAULT_ALIGN)
            return __libc_memalign(r->align, r->size);
        return (r->flags & ALLOC8_F_ZERO) ? __libc_calloc(1, r->size) : __libc_malloc(r->size);
    }
    void *p = a8_int_alloc(r->size, r->align);
    if (p && (r->flags & ALLOC8_F_ZERO))
        memset(p, 0, r->size);
    return p;
}

static void *heap_alloc(const struct alloc8_req *r)
{
    int saved_errno = errno;
    void *p = a8_state.heap->alloc(r);
    errno = saved_errno;
    if (A8_UNLIKELY(a8_state.trace))
        a8_trace_call(r, NULL, p);
    return p;
}

A8_COLD static void *alloc_slow(const struct alloc8_req *r)
{
    if (a8_state.ready != A8_READY && !a8_guarded())
        a8_init();
    if (a8_state.ready == A8_READY && !a8_guarded())
        return heap_alloc(r);
    return internal_alloc(r);
}

/* Under a C++ operator of alloc8's that runs the program's own (cxx.c), the
 * free the program's operator makes of the pointer it was given is recorded
 * as the operator's request as it stands (a sized delete's claim included). */
A8_COLD static const struct alloc8_req *fwd_free_req(struct alloc8_req *out)
{
    *out = *a8_tls.fwd.free_req;
    out->flags |= ALLOC8_F_FORWARDED;
    a8_tls.fwd.free_p = NULL;
    return out;
}

static inline void *alloc_plain(const struct alloc8_req *r)
{
    if (A8_UNLIKELY(a8_state.ready != A8_READY || a8_guarded() || a8_state.trace))
        return alloc_slow(r);
    int saved_errno = errno;
    void *p = a8_state.heap->alloc(r);
    errno = saved_errno;
    return p;
}

/* Under such an operator's new, the allocations the program's operator
 * makes are its own, but the block it returns is the operator's: note them
 * (a8_entry_fwd_returned then looks the result up). */
void a8_entry_fwd_note(void *p);
void a8_entry_fwd_note(void *p)
{
    if (p && a8_tls.fwd.new_req)
        a8_tls.fwd.got[a8_tls.fwd.ngot++ % A8_FWD_GOT] = p;
}

A8_COLD static void *fwd_alloc(const struct alloc8_req *r)
{
    void *p = alloc_plain(r);
    a8_entry_fwd_note(p);
    return p;
}

/* The program's operator run under op returned p: if p is one of the blocks
 * it allocated meanwhile (not a piece of a pool, not an older block), the
 * heap records it as op's call with the stack of op's call. */
void a8_entry_fwd_returned(void *p, const struct alloc8_req *op);
void a8_entry_fwd_returned(void *p, const struct alloc8_req *op)
{
    unsigned n = a8_tls.fwd.ngot < A8_FWD_GOT ? a8_tls.fwd.ngot : A8_FWD_GOT;
    if (!p || a8_state.ready != A8_READY || !a8_state.heap->retag)
        return;
    for (unsigned i = 0; i < n; i++) {
        if (a8_tls.fwd.got[i] == p) {
            struct alloc8_req r = *op;
            r.flags |= ALLOC8_F_FORWARDED;
            a8_state.heap->retag(p, &r);
            return;
        }
    }
}

static inline void *do_alloc(const struct alloc8_req *r)
{
    if (A8_UNLIKELY(a8_tls.fwd.new_req != NULL) && !a8_guarded())
        return fwd_alloc(r);
    return alloc_plain(r);
}

A8_COLD static void free_slow(void *p, const struct alloc8_req *r)
{
    if (a8_int_owns(p)) {
        a8_int_free(p);
        return;
    }
    if (a8_state.ready != A8_READY) {
        /* Nothing but the arena has handed out memory yet: a foreign pointer
         * (e.g. from ld.so's start-up allocator).  Leaking it is safe. */
        return;
    }
    int saved_errno = errno;
    a8_state.heap->free(p, r);
    errno = saved_errno;
    if (a8_state.trace)
        a8_trace_call(r, p, NULL);
}

static inline void do_free(void *p, const struct alloc8_req *r)
{
    if (A8_UNLIKELY(!p))
        return;
    struct alloc8_req fr;
    if (A8_UNLIKELY(a8_tls.fwd.free_p == p) && !a8_guarded())
        r = fwd_free_req(&fr);
    if (A8_UNLIKELY(a8_int_owns(p) || a8_state.ready != A8_READY || a8_state.trace)) {
        free_slow(p, r);
        return;
    }
    int saved_errno = errno;
    a8_state.heap->free(p, r);
    errno = saved_errno;
}

static size_t usable_size(const void *p)
{
    if (!p)
        return 0;
    if (a8_int_owns(p))
        return a8_int_usable(p);
    if (a8_state.ready != A8_READY)
        a8_init();
    if (a8_state.ready != A8_READY)
        return 0;
    int saved_errno = errno;
    size_t n = a8_state.heap->usable_size(p);
    errno = saved_errno;
    return n;
}

/* Moves a block to the heap (or within the arena) keeping its bytes.  Not
 * traced here: the realloc it serves is traced once, as a realloc of p. */
static void *move_block(void *p, size_t old_usable, const struct alloc8_req *r,
                        bool internal_target)
{
    void *q;
    if (internal_target) {
        q = internal_alloc(r);
    } else {
        int saved_errno = errno;
        q = a8_state.heap->alloc(r);
        errno = saved_errno;
    }
    if (!q)
        return NULL;
    memcpy(q, p, old_usable < r->size ? old_usable : r->size);
    return q;
}

A8_COLD static void *realloc_slow(void *p, const struct alloc8_req *r)
{
    bool internal_route = a8_guarded() || a8_state.ready != A8_READY;
    if (internal_route && a8_state.ready != A8_READY && !a8_guarded()) {
        a8_init();
        internal_route = a8_state.ready != A8_READY;
    }
    if (a8_int_owns(p) && !g_fast) {
        if (internal_route)
            return a8_int_realloc(p, r->size);
        /* A bootstrap block the program now resizes: move it to the heap. */
        void *q = move_block(p, a8_int_usable(p), r, false);
        if (q)
            a8_int_free(p);
        if (a8_state.trace)
            a8_trace_call(r, p, q);
        return q;
    }
    if (a8_state.ready != A8_READY)
        return NULL; /* a foreign pointer before initialisation: refuse */
    int saved_errno = errno;
    void *q;
    if (a8_state.heap->realloc) {
        q = a8_state.heap->realloc(p, r);
    } else {
        q = move_block(p, a8_state.heap->usable_size(p), r, false);
        if (q) {
            struct alloc8_req fr = *r;
            fr.call = ALLOC8_CALL_REALLOC;
            a8_state.heap->free(p, &fr);
        }
    }
    errno = saved_errno;
    if (a8_state.trace)
        a8_trace_call(r, p, q);
    return q;
}

static void *do_realloc(void *p, const struct alloc8_req *r)
{
    if (!p)
        return do_alloc(r);
    if (A8_UNLIKELY(r->size == 0)) {
        /* glibc: realloc(p, 0) frees p and returns NULL. */
        do_free(p, r);
        return NULL;
    }
    if (A8_UNLIKELY(a8_int_owns(p) || a8_state.ready != A8_READY || a8_guarded() ||
                    a8_state.trace || !a8_state.heap->realloc))
        return realloc_slow(p, r);
    int saved_errno = errno;
    void *q = a8_state.heap->realloc(p, r);
    errno = saved_errno;
    return q;
}

/* Tells the heap about a call refused (or corrected) for its arguments. */
A8_COLD static void invalid_call(enum alloc8_call call, size_t size, size_t align, size_t nmemb,
                                 const void *caller)
{
    if (a8_state.ready != A8_READY && !a8_guarded())
        a8_init();
    if (a8_state.ready != A8_READY || a8_guarded() || !a8_state.heap->invalid_call)
        return;
    struct alloc8_req r = {call, 0, size, align, caller};
    int saved_errno = errno;
    a8_state.heap->invalid_call(&r, nmemb);
    errno = saved_errno;
}

static inline void *nomem(void *p)
{
    if (A8_UNLIKELY(!p))
        errno = ENOMEM;
    return p;
}

/* glibc's _mid_memalign rules, shared by memalign, aligned_alloc (an alias of
 * memalign in glibc 2.36), valloc, pvalloc and posix_memalign. */
static void *aligned(enum alloc8_call call, size_t align, size_t size, const void *caller, int *err)
{
    if (A8_UNLIKELY(align & (align - 1)) && !g_fast)
        invalid_call(call, size, align, 0, caller);
    if (align <= DEFAULT_ALIGN) {
        align = DEFAULT_ALIGN;
    } else {
        if (align > SIZE_MAX / 2 + 1) {
            *err = EINVAL;
            return NULL;
        }
        if (align & (align - 1)) { /* glibc rounds up to a power of two */
            size_t a = 32;
            while (a < align)
                a <<= 1;
            align = a;
        }
    }
    struct alloc8_req r = {call, ALLOC8_F_ALIGNED, size, align, caller};
    if (g_fast && A8_LIKELY(!a8_state.slow)) {
        void *p = __libc_memalign(align, size);
        *err = p ? 0 : ENOMEM;
        return p;
    }
    void *p = do_alloc(&r);
    *err = p ? 0 : ENOMEM;
    return p;
}

/* ---- malloc & friends ----------------------------------------------------- */

static ENTRY_SLOW void *malloc_slow(size_t size, const void *caller)
{
    struct alloc8_req r = {ALLOC8_CALL_MALLOC, 0, size, 0, caller};
    return nomem(do_alloc(&r));
}

A8_EXPORT void *A8_ENTRY(malloc)(size_t size)
{
    if (FAST_PATH())
        return __libc_malloc(size);
    return malloc_slow(size, CALLER());
}

static ENTRY_SLOW void free_slow_entry(void *ptr, const void *caller)
{
    struct alloc8_req r = {ALLOC8_CALL_FREE, 0, 0, 0, caller};
    do_free(ptr, &r);
}

/* The fast build never hands out internal-arena blocks (internal_alloc goes
 * to glibc there), so its fast free needs no a8_int_owns() test. */
A8_EXPORT void A8_ENTRY(free)(void *ptr)
{
    if (FAST_PATH()) {
        __libc_free(ptr);
        return;
    }
    free_slow_entry(ptr, CALLER());
}

static ENTRY_SLOW void *calloc_slow(size_t total, const void *caller)
{
    struct alloc8_req r = {ALLOC8_CALL_CALLOC, ALLOC8_F_ZERO, total, 0, caller};
    return nomem(do_alloc(&r));
}

A8_EXPORT void *A8_ENTRY(calloc)(size_t nmemb, size_t size)
{
    size_t total;
    if (A8_UNLIKELY(__builtin_mul_overflow(nmemb, size, &total))) {
        if (!g_fast)
            invalid_call(ALLOC8_CALL_CALLOC, size, 0, nmemb, CALLER());
        errno = ENOMEM;
        return NULL;
    }
    if (FAST_PATH())
        return __libc_calloc(nmemb, size);
    return calloc_slow(total, CALLER());
}

static ENTRY_SLOW void *realloc_slow_entry(void *ptr, size_t size, const void *caller)
{
    struct alloc8_req r = {ALLOC8_CALL_REALLOC, 0, size, 0, caller};
    void *q = do_realloc(ptr, &r);
    if (A8_UNLIKELY(!q && (size || !ptr)))
        errno = ENOMEM;
    return q;
}

A8_EXPORT void *A8_ENTRY(realloc)(void *ptr, size_t size)
{
    if (FAST_PATH())
        return __libc_realloc(ptr, size);
    return realloc_slow_entry(ptr, size, CALLER());
}

A8_EXPORT void *A8_ENTRY(reallocarray)(void *ptr, size_t nmemb, size_t size)
{
    size_t total;
    if (A8_UNLIKELY(__builtin_mul_overflow(nmemb, size, &total))) {
        if (!g_fast)
            invalid_call(ALLOC8_CALL_REALLOCARRAY, size, 0, nmemb, CALLER());
        errno = ENOMEM;
        return NULL;
    }
    if (g_fast && A8_LIKELY(!a8_state.slow) && A8_LIKELY(!a8_int_owns(ptr)))
        return __libc_realloc(ptr, total);
    struct alloc8_req r = {ALLOC8_CALL_REALLOCARRAY, 0, total, 0, CALLER()};
    void *q = do_realloc(ptr, &r);
    if (A8_UNLIKELY(!q && (total || !ptr)))
        errno = ENOMEM;
    return q;
}

A8_EXPORT void *A8_ENTRY(memalign)(size_t alignment, size_t size)
{
    int err;
    void *p = aligned(ALLOC8_CALL_MEMALIGN, alignment, size, CALLER(), &err);
    if (!p)
        errno = err;
    return p;
}

A8_EXPORT void *A8_ENTRY(aligned_alloc)(size_t alignment, size_t size)
{
    int err;
    void *p = aligned(ALLOC8_CALL_ALIGNED_ALLOC, alignment, size, CALLER(), &err);
    if (!p)
        errno = err;
    return p;
}

A8_EXPORT int A8_ENTRY(posix_memalign)(void **memptr, size_t alignment, size_t size)
{
    /* Only powers of two that are multiples of sizeof(void *); errno untouched. */
    if (alignment % sizeof(void *) != 0 || alignment == 0 ||
        ((alignment / sizeof(void *)) & (alignment / sizeof(void *) - 1))) {
        if (!g_fast)
            invalid_call(ALLOC8_CALL_POSIX_MEMALIGN, size, alignment, 0, CALLER());
        return EINVAL;
    }
    int err, saved_errno = errno;
    void *p = aligned(ALLOC8_CALL_POSIX_MEMALIGN, alignment, size, CALLER(), &err);
    errno = saved_errno;
    if (!p)
        return err;
    *memptr = p;
    return 0;
}

A8_EXPORT void *A8_ENTRY(valloc)(size_t size)
{
    int err;
    void *p = aligned(ALLOC8_CALL_VALLOC, (size_t)getpagesize(), size, CALLER(), &err);
    if (!p)
        errno = err;
    return p;
}

A8_EXPORT void *A8_ENTRY(pvalloc)(size_t size)
{
    size_t page = (size_t)getpagesize();
    /* glibc's limit: room for the rounding and a minimal chunk. */
    if (size > SIZE_MAX - 2 * page - 32) {
        errno = ENOMEM;
        return NULL;
    }
    size_t rounded = (size + page - 1) & ~(page - 1);
    int err;
    void *p = aligned(ALLOC8_CALL_PVALLOC, page, rounded, CALLER(), &err);
    if (!p)
        errno = err;
    return p;
}

A8_EXPORT size_t A8_ENTRY(malloc_usable_size)(void *ptr)
{
    if (g_fast && A8_LIKELY(!a8_state.slow) && A8_LIKELY(!a8_int_owns(ptr)))
        return ptr ? a8_glibc_usable_size(ptr) : 0;
    return usable_size(ptr);
}

#if !A8_PREFIXED
/* cfree: removed from glibc's API in 2.26, still exported for old binaries. */
A8_EXPORT void cfree(void *ptr)
{
    if (g_fast && A8_LIKELY(!a8_state.slow) && A8_LIKELY(!a8_int_owns(ptr))) {
        __libc_free(ptr);
        return;
    }
    struct alloc8_req r = {ALLOC8_CALL_CFREE, 0, 0, 0, CALLER()};
    do_free(ptr, &r);
}
#endif

/* C23 sized deallocation. */
A8_EXPORT void A8_ENTRY(free_sized)(void *ptr, size_t size)
{
    if (g_fast && A8_LIKELY(!a8_state.slow) && A8_LIKELY(!a8_int_owns(ptr))) {
        __libc_free(ptr);
        return;
    }
    struct alloc8_req r = {ALLOC8_CALL_FREE_SIZED, ALLOC8_F_SIZED, size, 0, CALLER()};
    do_free(ptr, &r);
}

A8_EXPORT void A8_ENTRY(free_aligned_sized)(void *ptr, size_t alignment, size_t size)
{
    if (g_fast && A8_LIKELY(!a8_state.slow) && A8_LIKELY(!a8_int_owns(ptr))) {
        __libc_free(ptr);
        return;
    }
    struct alloc8_req r = {ALLOC8_CALL_FREE_ALIGNED_SIZED, ALLOC8_F_SIZED | ALLOC8_F_ALIGNED, size,
                           alignment, CALLER()};
    do_free(ptr, &r);
}

/* ---- shared with interpose/cxx.c -------------------------------------------- */

void *a8_entry_alloc(const struct alloc8_req *r);
void a8_entry_invalid(const struct alloc8_req *r);

void a8_entry_invalid(const struct alloc8_req *r)
{
    if (!g_fast)
        invalid_call(r->call, r->size, r->align, 0, r->caller);
}

void a8_entry_free(void *p, const struct alloc8_req *r);

void *a8_entry_alloc(const struct alloc8_req *r)
{
    if (g_fast && A8_LIKELY(!a8_state.slow)) {
        if (r->flags & ALLOC8_F_ALIGNED)
            return __libc_memalign(r->align, r->size);
        return __libc_malloc(r->size);
    }
    return do_alloc(r);
}

void a8_entry_free(void *p, const struct alloc8_req *r)
{
    if (g_fast && A8_LIKELY(!a8_state.slow) && A8_LIKELY(!a8_int_owns(p))) {
        __libc_free(p);
        return;
    }
    do_free(p, r);
}
