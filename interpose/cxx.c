/* cxx.c — the 20 libstdc++ operator new/delete symbols, written in C under
 * their mangled names so that liballoc8 does not depend on libstdc++.
 *
 * operator new: retries through the new-handler loop and throws
 * std::bad_alloc (libstdc++'s std::__throw_bad_alloc, looked up when first
 * needed) — this file is built with -fexceptions so the exception unwinds
 * through these frames.  The nothrow variants return NULL instead of
 * throwing; they also call the new-handler, and (unlike libstdc++, which
 * catches) a handler that throws from a nothrow new propagates its exception.
 * An aligned new with an alignment that is not a power of two throws
 * bad_alloc, as libstdc++ does.  Not built in the prefixed mode. */
#include "interpose.h"

#if !A8_PREFIXED

#include <dlfcn.h>

void *a8_entry_alloc(const struct alloc8_req *r);
void a8_entry_free(void *p, const struct alloc8_req *r);
void a8_entry_invalid(const struct alloc8_req *r);

typedef void (*new_handler_fn)(void);

static struct {
    new_handler_fn (*get_new_handler)(void);
    void (*throw_bad_alloc)(void); /* never returns */
} g_cxx;

A8_COLD static void *cxx_sym(const char *name)
{
    a8_guard_enter(); /* dlsym may allocate */
    void *p = dlsym(RTLD_DEFAULT, name);
    a8_guard_leave();
    return p;
}

A8_COLD static new_handler_fn current_handler(void)
{
    if (!g_cxx.get_new_handler)
        g_cxx.get_new_handler = (new_handler_fn(*)(void))cxx_sym("_ZSt15get_new_handlerv");
    return g_cxx.get_new_handler ? g_cxx.get_new_handler() : NULL;
}

A8_COLD __attribute__((noreturn)) static void throw_bad_alloc(void)
{
    if (!g_cxx.throw_bad_alloc)
        g_cxx.throw_bad_alloc = (void (*)(void))(uintptr_t)cxx_sym("_ZSt17__throw_bad_allocv");
    if (g_cxx.throw_bad_alloc)
        g_cxx.throw_bad_alloc();
    a8_note("operator new: out of memory and libstdc++ is not loaded; aborting");
    __builtin_trap();
}

/* The new-handler loop of [new.delete.single]. */
A8_COLD static void *new_failed(struct alloc8_req *r)
{
    for (;;) {
        new_handler_fn h = current_handler();
        if (!h) {
            if (r->flags & ALLOC8_F_NOTHROW)
                return NULL;
            throw_bad_alloc();
        }
        h();
        void *p = a8_entry_alloc(r);
        if (p)
            return p;
    }
}

static inline void *new_common(enum alloc8_call call, size_t size, size_t align, unsigned flags,
                               const void *caller)
{
    if (align) {
        if (A8_UNLIKELY(align & (align - 1))) {
            struct alloc8_req bad = {call, flags, size, align, caller};
            a8_entry_invalid(&bad);
            if (flags & ALLOC8_F_NOTHROW)
                return NULL;
            throw_bad_alloc();
        }
        flags |= ALLOC8_F_ALIGNED;
        if (align < 16)
            align = 16;
    }
    struct alloc8_req r = {call, flags, size, align, caller};
    void *p = a8_entry_alloc(&r);
    if (A8_UNLIKELY(!p))
        return new_failed(&r);
    return p;
}

static inline void delete_common(void *p, enum alloc8_call call, size_t size, size_t align,
                                 unsigned flags, const void *caller)
{
    if (align)
        flags |= ALLOC8_F_ALIGNED;
    struct alloc8_req r = {call, flags, size, align, caller};
    a8_entry_free(p, &r);
}

#define CALLER() __builtin_return_address(0)
#define NEW ALLOC8_CALL_NEW
#define NEW_A ALLOC8_CALL_NEW_ARRAY
#define DEL ALLOC8_CALL_DELETE
#define DEL_A ALLOC8_CALL_DELETE_ARRAY
#define NT ALLOC8_F_NOTHROW
#define SZ ALLOC8_F_SIZED

/* Declarations keep -Wmissing-declarations quiet and document the C++ name. */
/* operator new(size_t) */
A8_EXPORT void *_Znwm(size_t n) { return new_common(NEW, n, 0, 0, CALLER()); }
/* operator new[](size_t) */
A8_EXPORT void *_Znam(size_t n) { return new_common(NEW_A, n, 0, 0, CALLER()); }
/* operator new(size_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnwmRKSt9nothrow_t(size_t n, const void *nt)
{
    return new_common(NEW, n, 0, NT, CALLER());
}
/* operator new[](size_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnamRKSt9nothrow_t(size_t n, const void *nt)
{
    return new_common(NEW_A, n, 0, NT, CALLER());
}
/* operator new(size_t, std::align_val_t) */
A8_EXPORT void *_ZnwmSt11align_val_t(size_t n, size_t al)
{
    return new_common(NEW, n, al, 0, CALLER());
}
/* operator new[](size_t, std::align_val_t) */
A8_EXPORT void *_ZnamSt11align_val_t(size_t n, size_t al)
{
    return new_common(NEW_A, n, al, 0, CALLER());
}
/* operator new(size_t, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t n, size_t al, const void *nt)
{
    return new_common(NEW, n, al, NT, CALLER());
}
/* operator new[](size_t, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t n, size_t al, const void *nt)
{
    return new_common(NEW_A, n, al, NT, CALLER());
}

/* operator delete(void*) */
A8_EXPORT void _ZdlPv(void *p) { delete_common(p, DEL, 0, 0, 0, CALLER()); }
/* operator delete[](void*) */
A8_EXPORT void _ZdaPv(void *p) { delete_common(p, DEL_A, 0, 0, 0, CALLER()); }
/* operator delete(void*, size_t) */
A8_EXPORT void _ZdlPvm(void *p, size_t n) { delete_common(p, DEL, n, 0, SZ, CALLER()); }
/* operator delete[](void*, size_t) */
A8_EXPORT void _ZdaPvm(void *p, size_t n) { delete_common(p, DEL_A, n, 0, SZ, CALLER()); }
/* operator delete(void*, const std::nothrow_t&) */
A8_EXPORT void _ZdlPvRKSt9nothrow_t(void *p, const void *nt)
{
    delete_common(p, DEL, 0, 0, NT, CALLER());
}
/* operator delete[](void*, const std::nothrow_t&) */
A8_EXPORT void _ZdaPvRKSt9nothrow_t(void *p, const void *nt)
{
    delete_common(p, DEL_A, 0, 0, NT, CALLER());
}
/* operator delete(void*, std::align_val_t) */
A8_EXPORT void _ZdlPvSt11align_val_t(void *p, size_t al)
{
    delete_common(p, DEL, 0, al, 0, CALLER());
}
/* operator delete[](void*, std::align_val_t) */
A8_EXPORT void _ZdaPvSt11align_val_t(void *p, size_t al)
{
    delete_common(p, DEL_A, 0, al, 0, CALLER());
}
/* operator delete(void*, size_t, std::align_val_t) */
A8_EXPORT void _ZdlPvmSt11align_val_t(void *p, size_t n, size_t al)
{
    delete_common(p, DEL, n, al, SZ, CALLER());
}
/* operator delete[](void*, size_t, std::align_val_t) */
A8_EXPORT void _ZdaPvmSt11align_val_t(void *p, size_t n, size_t al)
{
    delete_common(p, DEL_A, n, al, SZ, CALLER());
}
/* operator delete(void*, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *nt)
{
    delete_common(p, DEL, 0, al, NT, CALLER());
}
/* operator delete[](void*, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *nt)
{
    delete_common(p, DEL_A, 0, al, NT, CALLER());
}

#endif /* !A8_PREFIXED */
