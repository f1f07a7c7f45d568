/* entry.c — the C allocation entry points: malloc, free, calloc, realloc,
 * reallocarray, memalign, posix_memalign, aligned_alloc, valloc, pvalloc,
 * malloc_usable_size, cfree, free_sized, free_aligned_sized.
 *
 * Every entry point builds an alloc8_req on its stack and hands it to the
 * active heap, except:
 *   - while alloc8's re-entrancy guard is raised on this thread, or before
 *     initialisation completes, requests go to the internal arena (the
 *     bootstrap), and free/realloc recognise its blocks at any depth;
 *   - a signal handler's call on a thread that is inside the heap already
 *     does not enter it (sig_alloc, sig_free: below);
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

static void *sig_refused(const struct alloc8_req *r);

/* Internal arena service for guarded / not-yet-initialised requests. */
static void *internal_alloc(const struct alloc8_req *r)
{
    if (!g_fast && A8_UNLIKELY(a8_tls.int_locked))
        return sig_refused(r);
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

/* ---- a signal handler's call inside a heap operation ------------------------
 * A heap operation may hold the heap's locks.  A signal handler that calls
 * malloc or free on the same thread meanwhile (they are not
 * async-signal-safe; glibc's own malloc corrupts its lists or aborts there)
 * would wait forever for a lock its own thread holds.  a8_tls.in_heap marks
 * the thread's heap operations; a call that comes in while it is set, with
 * the re-entrancy guard down, is a handler's and does not enter the heap:
 *   - an allocation comes from the internal arena (unchecked; free and
 *     realloc know its blocks anywhere), or fails with ENOMEM when this
 *     thread holds that arena's lock itself;
 *   - a free of a heap block is queued, and made (checked, as a free) when
 *     the interrupted operation returns (sig_drain);
 *   - the heap is then told of the first such call (signal_reentry).
 * The queue is the thread's own, mapped at its first use; a handler claims
 * an entry with one xadd, and the drain empties it with a cmpxchg, single
 * instructions that the thread's own handlers cannot split. */
enum { SIGQ_MAX = 100 };

/* checker/deadly.c (weak: not in the interposition archive). */
void a8_deadly_deferred(void) __attribute__((weak));

struct a8_sigq {
    unsigned n;     /* entries claimed; those past SIGQ_MAX were not stored */
    unsigned calls; /* handler calls since the last signal_reentry */
    struct alloc8_signal_call first;
    struct {
        void *p;
        struct alloc8_req r;
    } q[SIGQ_MAX];
};

static unsigned long g_sigq_mapped, g_sigq_unmapped; /* verbosity=2's exit note */

static struct a8_sigq *sigq_get(void)
{
    struct a8_sigq *s = a8_tls.sigq;
    if (A8_LIKELY(s != NULL))
        return s;
    s = a8_pages_map(sizeof *s);
    if (!s)
        return NULL;
    struct a8_sigq *had = NULL; /* a nested handler may have mapped one meanwhile */
    if (!__atomic_compare_exchange_n(&a8_tls.sigq, &had, s, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST)) {
        a8_pages_unmap(s, sizeof *s);
        s = had;
    } else {
        __atomic_add_fetch(&g_sigq_mapped, 1, __ATOMIC_RELAXED);
    }
    return s;
}

/* The thread is ending (threads.c): its queue goes.  Outside a heap
 * operation no handler of this thread uses it (they queue only while
 * in_heap is set), and it is empty (each operation drains it).  A handler
 * that comes later, in a TLS destructor's free, maps a new one. */
void a8_sigq_thread_end(void)
{
    struct a8_sigq *s = a8_tls.sigq;
    if (!s || a8_tls.in_heap || a8_tls.sig_pending)
        return;
    a8_tls.sigq = NULL;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    a8_pages_unmap(s, sizeof *s);
    __atomic_add_fetch(&g_sigq_unmapped, 1, __ATOMIC_RELAXED);
}

void a8_sigq_stats(unsigned long *mapped, unsigned long *unmapped)
{
    *mapped = __atomic_load_n(&g_sigq_mapped, __ATOMIC_RELAXED);
    *unmapped = __atomic_load_n(&g_sigq_unmapped, __ATOMIC_RELAXED);
}

/* Counts a handler's call; the first since the last report is kept whole. */
static struct a8_sigq *sig_note(const struct alloc8_req *r, const void *p)
{
    struct a8_sigq *s = sigq_get();
    if (s && __atomic_fetch_add(&s->calls, 1, __ATOMIC_RELAXED) == 0) {
        s->first.call = *r;
        s->first.ptr = p;
        s->first.interrupted = a8_tls.in_heap ? a8_tls.in_heap_call : -1;
    }
    a8_tls.sig_pending = 1;
    return s;
}

static void sig_queue(struct a8_sigq *s, void *p, const struct alloc8_req *r)
{
    if (!s)
        return; /* no queue: the block stays allocated */
    unsigned k = __atomic_fetch_add(&s->n, 1, __ATOMIC_RELAXED);
    if (k < SIGQ_MAX) {
        s->q[k].p = p;
        s->q[k].r = *r;
    }
}

/* A handler's allocation while this thread holds the internal arena's lock
 * (it interrupted alloc8's own work there): refused (ENOMEM), not waited
 * for.  That lock is never held across a call that could allocate, so only
 * a handler gets here. */
A8_COLD static void *sig_refused(const struct alloc8_req *r)
{
    sig_note(r, NULL);
    return NULL;
}

A8_COLD static void *sig_alloc(const struct alloc8_req *r)
{
    if (a8_tls.int_locked)
        return sig_refused(r);
    sig_note(r, NULL);
    return internal_alloc(r);
}

A8_COLD static void sig_free(void *p, const struct alloc8_req *r)
{
    struct a8_sigq *s = sig_note(r, p);
    if (a8_int_owns(p) && !a8_tls.int_locked)
        a8_int_free(p);
    else
        sig_queue(s, p, r);
}

A8_COLD static void *sig_realloc(void *p, const struct alloc8_req *r)
{
    struct a8_sigq *s = sig_note(r, p);
    bool internal = a8_int_owns(p);
    if (internal && !a8_tls.int_locked)
        return a8_int_realloc(p, r->size);
    size_t old = internal ? a8_int_usable(p) : a8_state.heap->usable_size(p);
    void *q = a8_tls.int_locked ? NULL : internal_alloc(r); /* noted above */
    if (q) {
        memcpy(q, p, old < r->size ? old : r->size);
        sig_queue(s, p, r);
    }
    return q;
}

/* The outermost heap operation of the thread returned, and a handler's call
 * came in meanwhile: make the queued frees, then tell the heap.  Marked as
 * a heap operation itself, so that handlers meanwhile queue again. */
A8_COLD static void sig_drain(void)
{
    struct a8_sigq *s = a8_tls.sigq;
    int saved_errno = errno;
    while (s && a8_tls.sig_pending) {
        a8_tls.sig_pending = 0;
        a8_tls.in_heap = 1;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        unsigned i = 0, dropped = 0;
        for (;;) {
            unsigned n = __atomic_load_n(&s->n, __ATOMIC_RELAXED);
            for (; i < n && i < SIGQ_MAX; i++) {
                struct alloc8_req r = s->q[i].r;
                if (a8_int_owns(s->q[i].p))
                    a8_int_free(s->q[i].p);
                else
                    a8_state.heap->free(s->q[i].p, &r);
            }
            if (__atomic_compare_exchange_n(&s->n, &n, 0, false, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED)) {
                dropped = n > SIGQ_MAX ? n - SIGQ_MAX : 0;
                break;
            }
        }
        struct alloc8_signal_call c = s->first;
        c.calls = __atomic_exchange_n(&s->calls, 0, __ATOMIC_RELAXED);
        c.dropped = dropped;
        if (c.calls && a8_state.heap->signal_reentry)
            a8_state.heap->signal_reentry(&c);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        a8_tls.in_heap = 0;
    }
    if (!s)
        a8_tls.sig_pending = 0;
    errno = saved_errno;
    /* A signal that ends the process came meanwhile (checker/deadly.c). */
    if (a8_deadly_deferred)
        a8_deadly_deferred();
}

/* Around every call into the heap (not in the fast build: glibc's malloc
 * serves it, as natively). */
static inline __attribute__((always_inline)) void heap_enter(const struct alloc8_req *r)
{
    if (g_fast)
        return;
    if (a8_tls.in_heap++ == 0)
        a8_tls.in_heap_call = (int)r->call;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static inline __attribute__((always_inline)) void heap_leave(void)
{
    if (g_fast)
        return;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (--a8_tls.in_heap == 0 && A8_UNLIKELY(a8_tls.sig_pending))
        sig_drain();
}

/* A call the heap must not see: a handler's, inside a heap operation. */
static inline bool in_handler(void) { return !g_fast && a8_tls.in_heap && !a8_guarded(); }

/* The same for a free or realloc of p.  With the guard raised too (the
 * heap operation was walking a stack, whose libraries allocate) a call may
 * be theirs; but they only ever free the internal arena's blocks, so a heap
 * block is a handler's.  And with the internal arena's lock held, any call
 * is a handler's. */
static inline bool handler_release(const void *p)
{
    if (g_fast)
        return false;
    return a8_tls.int_locked || (a8_tls.in_heap && (!a8_guarded() || !a8_int_owns(p)));
}

static void *heap_alloc(const struct alloc8_req *r)
{
    int saved_errno = errno;
    heap_enter(r);
    void *p = a8_state.heap->alloc(r);
    heap_leave();
    errno = saved_errno;
    if (A8_UNLIKELY(a8_state.trace))
        a8_trace_call(r, NULL, p);
    return p;
}

A8_COLD static void *alloc_slow(const struct alloc8_req *r)
{
    if (a8_state.ready != A8_READY && !a8_guarded())
        a8_init();
    if (a8_state.ready == A8_READY && in_handler())
        return sig_alloc(r);
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
    if (A8_UNLIKELY(a8_state.ready != A8_READY || a8_guarded() || a8_state.trace ||
                    (!g_fast && a8_tls.in_heap)))
        return alloc_slow(r);
    int saved_errno = errno;
    heap_enter(r);
    void *p = a8_state.heap->alloc(r);
    heap_leave();
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
            heap_enter(&r);
            a8_state.heap->retag(p, &r);
            heap_leave();
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
    if (handler_release(p)) {
        sig_free(p, r);
        return;
    }
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
    heap_enter(r);
    a8_state.heap->free(p, r);
    heap_leave();
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
    if (A8_UNLIKELY(a8_int_owns(p) || a8_state.ready != A8_READY || a8_state.trace ||
                    (!g_fast && a8_tls.in_heap))) {
        free_slow(p, r);
        return;
    }
    int saved_errno = errno;
    heap_enter(r);
    a8_state.heap->free(p, r);
    heap_leave();
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
        heap_enter(r);
        q = a8_state.heap->alloc(r);
        heap_leave();
        errno = saved_errno;
    }
    if (!q)
        return NULL;
    memcpy(q, p, old_usable < r->size ? old_usable : r->size);
    return q;
}

A8_COLD static void *realloc_slow(void *p, const struct alloc8_req *r)
{
    if (handler_release(p))
        return sig_realloc(p, r);
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
        heap_enter(r);
        q = a8_state.heap->realloc(p, r);
        heap_leave();
    } else {
        q = move_block(p, a8_state.heap->usable_size(p), r, false);
        if (q) {
            struct alloc8_req fr = *r;
            fr.call = ALLOC8_CALL_REALLOC;
            heap_enter(&fr);
            a8_state.heap->free(p, &fr);
            heap_leave();
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
                    a8_state.trace || !a8_state.heap->realloc || (!g_fast && a8_tls.in_heap)))
        return realloc_slow(p, r);
    int saved_errno = errno;
    heap_enter(r);
    void *q = a8_state.heap->realloc(p, r);
    heap_leave();
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
    if (in_handler()) { /* its report would take locks the thread may hold */
        sig_note(&r, NULL);
        return;
    }
    int saved_errno = errno;
    heap_enter(&r);
    a8_state.heap->invalid_call(&r, nmemb);
    heap_leave();
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
