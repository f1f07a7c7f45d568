/* passthru.c — the pass-through heap: glibc's allocator, no checks.  The fast
 * library's entry points call __libc_* directly; this heap serves the same
 * calls when they go through the generic path (tracing, prefixed mode, a
 * heap that failed to initialise).  Functions glibc exports under no
 * __libc_ alias (malloc_usable_size, mallinfo2, malloc_trim, malloc_stats,
 * malloc_info) are looked up on first use in the objects after alloc8's
 * (elfsym.c), as dlsym(RTLD_NEXT) would find them.  Runs inside malloc. */
#include "interpose.h"

#include <dlfcn.h>

#if A8_STATIC
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <threads.h>

/* A static program has no objects after alloc8's and no dlsym: libc.a
 * defines these entry points weak, beside a strong internal name that is
 * the original. */
int __pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
void __pthread_exit(void *) __attribute__((noreturn));
int __thrd_create(thrd_t *, thrd_start_t, void *);
int __sigaction(int, const struct sigaction *, struct sigaction *);
sighandler_t __bsd_signal(int, sighandler_t);

void *a8_glibc_sym(const char *name)
{
    static const struct {
        const char *name;
        void *fn;
    } orig[] = {
        {"pthread_create", (void *)__pthread_create},
        {"pthread_exit", (void *)__pthread_exit},
        {"thrd_create", (void *)__thrd_create},
        {"sigaction", (void *)__sigaction},
        {"signal", (void *)__bsd_signal},
    };
    for (size_t i = 0; i < A8_ARRAY_LEN(orig); i++)
        if (!a8_strcmp(name, orig[i].name))
            return orig[i].fn;
    size_t lo = 0, hi = a8_static_nreal; /* the checked calls' originals */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = a8_strcmp(name, a8_static_real[mid].name);
        if (!c)
            return a8_static_real[mid].fn;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL; /* glibc's malloc statistics: not linked */
}
#else
void *a8_glibc_sym(const char *name)
{
    /* Not dlsym first: it frees the program's last dlerror() message
     * (elfsym.c says why that matters). */
    void *p = a8_elf_next_sym(name);
    if (p)
        return p;
    a8_guard_enter();
#if A8_PREFIXED
    p = dlsym(RTLD_DEFAULT, name); /* our names are alloc8_*: no clash */
#else
    p = dlsym(RTLD_NEXT, name);
#endif
    a8_guard_leave();
    return p;
}
#endif

void *a8_glibc_fn(void **slot, const char *name)
{
    void *f = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (A8_UNLIKELY(!f)) {
        f = a8_glibc_sym(name);
        __atomic_store_n(slot, f, __ATOMIC_RELEASE);
    }
    return f;
}

size_t a8_glibc_usable_size(const void *ptr)
{
    static void *slot;
    size_t (*f)(const void *) = (size_t(*)(const void *))a8_glibc_fn(&slot, "malloc_usable_size");
    return f ? f(ptr) : 0;
}

#if A8_STATIC
/* No glibc heap is linked: a heap that failed to start leaves the process
 * on the internal arena. */
static void *pt_alloc(const struct alloc8_req *r)
{
    void *p = a8_int_alloc(r->size, r->align > 16 ? r->align : 16);
    if (p && (r->flags & ALLOC8_F_ZERO))
        memset(p, 0, r->size);
    return p;
}

static void pt_free(void *p, const struct alloc8_req *r) { a8_int_free(p); }

static void *pt_realloc(void *p, const struct alloc8_req *r) { return a8_int_realloc(p, r->size); }

static size_t pt_usable(const void *p) { return p ? a8_int_usable(p) : 0; }
#else
static void *pt_alloc(const struct alloc8_req *r)
{
    if (r->align > 16)
        return __libc_memalign(r->align, r->size);
    if (r->flags & ALLOC8_F_ZERO)
        return __libc_calloc(1, r->size);
    return __libc_malloc(r->size);
}

static void pt_free(void *p, const struct alloc8_req *r) { __libc_free(p); }

static void *pt_realloc(void *p, const struct alloc8_req *r) { return __libc_realloc(p, r->size); }

static size_t pt_usable(const void *p) { return a8_glibc_usable_size(p); }
#endif

const struct alloc8_heap a8_heap_passthru = {
    .name = A8_FAST ? "fast" : "glibc",
    .alloc = pt_alloc,
    .free = pt_free,
    .realloc = pt_realloc,
    .usable_size = pt_usable,
};
