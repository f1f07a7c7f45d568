/* cxx.c — the 20 libstdc++ operator new/delete symbols, written in C under
 * their mangled names so that liballoc8 does not depend on libstdc++.
 *
 * operator new: retries through the new-handler loop and throws
 * std::bad_alloc (libstdc++'s std::__throw_bad_alloc, looked up when first
 * needed) — this file is built with -fexceptions so the exception unwinds
 * through these frames.  The nothrow variants return NULL instead of
 * throwing; they also call the new-handler, and when one is installed (it
 * may throw) they run libstdc++'s own nothrow form, which catches.
 * An aligned new with an alignment that is not a power of two throws
 * bad_alloc, as libstdc++ does.
 *
 * A program may replace some of these operators itself (groff defines
 * operator new and delete, say, but not the sized or array forms).  Its
 * definitions come first in symbol lookup, so alloc8's are called only for
 * the forms it left alone, and those must then do what libstdc++'s defaults
 * do: forward to the form they are defined by (operator delete(void*,
 * size_t) calls operator delete(void*), operator new[] calls operator new,
 * the nothrow forms call the throwing ones ...), which may be the program's.
 * Where a program replaced only one side of a pair (new without delete, or
 * the reverse), its side calls malloc or free and alloc8's the defaults,
 * which are malloc and free too: alloc8's side then tells the heap that a
 * malloc-family call matches it (ALLOC8_F_FREE_OK), so a valid program gets
 * no alloc-dealloc-mismatch report.  The block a forwarded new returns is
 * recorded as that new's only if the program's operator allocated it during
 * the call (it may allocate records of its own first).  A nothrow new whose
 * throwing form is the program's runs libstdc++'s own nothrow form, which
 * catches what the program's operator throws (without libstdc++, the
 * exception would get through: alloc8 cannot catch in C).  Not built in the
 * prefixed mode. */
#include "interpose.h"

#if !A8_PREFIXED

#include <dlfcn.h>

void *a8_entry_alloc(const struct alloc8_req *r);
void a8_entry_free(void *p, const struct alloc8_req *r);
void a8_entry_invalid(const struct alloc8_req *r);
void a8_entry_fwd_note(void *p);
void a8_entry_fwd_returned(void *p, const struct alloc8_req *op);

typedef void (*new_handler_fn)(void);

static struct {
    new_handler_fn (*get_new_handler)(void);
    void (*throw_bad_alloc)(void); /* never returns */
} g_cxx;

A8_COLD static void *cxx_sym_in(void *handle, const char *name)
{
    if (A8_STATIC) /* no dlsym in a static program: libstdc++'s are not seen */
        return NULL;
    a8_guard_enter(); /* dlsym may allocate */
    void *p = dlsym(handle, name);
    a8_guard_leave();
    return p;
}

static void *cxx_sym(const char *name) { return cxx_sym_in(RTLD_DEFAULT, name); }

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

/* ---- the program's own operators ------------------------------------------ */

/* The twenty operators, and two tables in their order. */
/* clang-format off */
enum op {
    NWM, NAM, NWM_NT, NAM_NT, NWM_AL, NAM_AL, NWM_AL_NT, NAM_AL_NT,
    DLV, DAV, DLVM, DAVM, DLV_NT, DAV_NT, DLV_AL, DAV_AL, DLVM_AL, DAVM_AL, DLV_AL_NT, DAV_AL_NT,
    NOPS
};
static const char *const op_name[NOPS] = {
    "_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t", "_ZnamRKSt9nothrow_t",
    "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t",
    "_ZnwmSt11align_val_tRKSt9nothrow_t", "_ZnamSt11align_val_tRKSt9nothrow_t",
    "_ZdlPv", "_ZdaPv", "_ZdlPvm", "_ZdaPvm", "_ZdlPvRKSt9nothrow_t", "_ZdaPvRKSt9nothrow_t",
    "_ZdlPvSt11align_val_t", "_ZdaPvSt11align_val_t",
    "_ZdlPvmSt11align_val_t", "_ZdaPvmSt11align_val_t",
    "_ZdlPvSt11align_val_tRKSt9nothrow_t", "_ZdaPvSt11align_val_tRKSt9nothrow_t"};
/* The form libstdc++ defines each one by (-1: none, it allocates or frees). */
static const signed char op_next[NOPS] = {
    -1,  NWM, NWM, NAM, -1,     NWM_AL, NWM_AL, NAM_AL,
    -1,  DLV, DLV, DAV, DLV,    DAV,    -1,     DLV_AL, DLV_AL, DAV_AL, DLV_AL, DAV_AL};
/* The same-shape partner on the other side (new <-> delete, array <-> array). */
static const signed char op_partner[NOPS] = {
    DLV, DAV, DLV, DAV, DLV_AL, DAV_AL, DLV_AL, DAV_AL,
    NWM, NAM, NWM, NAM, NWM,    NAM,    NWM_AL, NAM_AL, NWM_AL, NAM_AL, NWM_AL, NAM_AL};
/* clang-format on */

/* libstdc++'s own definition of nothrow new form i (NULL: none loaded).  Its
 * nothrow forms call the throwing form (through symbol lookup: the
 * program's, or alloc8's) and catch what that throws, which alloc8, written
 * in C, cannot; so where a throw may happen under a nothrow new, alloc8 runs
 * libstdc++'s form. */
A8_COLD static void *libstdcxx_nothrow_form(int i)
{
    static void *found[NOPS];
    static bool looked[NOPS];
    if (__atomic_load_n(&looked[i], __ATOMIC_ACQUIRE))
        return found[i];
    Dl_info self, it;
    void *f = cxx_sym_in(RTLD_NEXT, op_name[i]);
    if (!f || !dladdr(f, &it) || !dladdr((void *)(uintptr_t)libstdcxx_nothrow_form, &self) ||
        it.dli_fbase == self.dli_fbase)
        f = NULL;
    found[i] = f; /* threads that get here together store the same */
    __atomic_store_n(&looked[i], true, __ATOMIC_RELEASE);
    return f;
}

typedef void *(*new1nt_fn)(size_t, const void *);
typedef void *(*new2nt_fn)(size_t, size_t, const void *);
static const char nothrow_tag; /* std::nothrow_t is an empty tag */

static void *call_nothrow_form(void *f, size_t size, size_t align)
{
    return align ? ((new2nt_fn)f)(size, align, &nothrow_tag) : ((new1nt_fn)f)(size, &nothrow_tag);
}

/* The new-handler loop of [new.delete.single]. */
A8_COLD static void *new_failed(struct alloc8_req *r)
{
    if ((r->flags & ALLOC8_F_NOTHROW) && current_handler()) {
        /* The handler may throw: libstdc++'s nothrow form runs the loop in
         * alloc8's throwing form and turns a throw into NULL. */
        bool array = r->call == ALLOC8_CALL_NEW_ARRAY;
        int i = (r->flags & ALLOC8_F_ALIGNED) ? (array ? NAM_AL_NT : NWM_AL_NT)
                                              : (array ? NAM_NT : NWM_NT);
        void *f = libstdcxx_nothrow_form(i);
        if (f) {
            /* Its first try fails as this one did: one warning is enough. */
            a8_tls.quiet_size = r->size;
            void *p = call_nothrow_form(f, r->size, (r->flags & ALLOC8_F_ALIGNED) ? r->align : 0);
            a8_tls.quiet_size = 0;
            return p;
        }
    }
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

static struct {
    int ready;          /* 0 not looked at, 1 done */
    void *fwd[NOPS];    /* the program's form to call instead, or NULL */
    bool free_ok[NOPS]; /* the partner side is the program's */
    bool nt_tag[NOPS];  /* fwd[i] is libstdc++'s own nothrow form: pass the tag */
} g_repl;

A8_COLD static void resolve_replacements(void)
{
    Dl_info self, it;
    bool replaced[NOPS] = {false};
    void *where[NOPS] = {NULL};
    /* A static program that defines an operator does not link with
     * alloc8's (both are strong): none to look for. */
    if (A8_STATIC || !dladdr((void *)(uintptr_t)resolve_replacements, &self)) {
        __atomic_store_n(&g_repl.ready, 1, __ATOMIC_RELEASE); /* cannot tell: none */
        return;
    }
    for (int i = 0; i < NOPS; i++) {
        void *f = cxx_sym(op_name[i]);
        where[i] = f;
        replaced[i] = f && dladdr(f, &it) && it.dli_fbase != self.dli_fbase;
    }
    for (int i = 0; i < NOPS; i++) {
        void *fwd = NULL;
        for (int k = op_next[i]; k >= 0 && !fwd; k = op_next[k])
            if (replaced[k])
                fwd = where[k];
        bool nothrow_new = i == NWM_NT || i == NAM_NT || i == NWM_AL_NT || i == NAM_AL_NT;
        void *lib = fwd && nothrow_new ? libstdcxx_nothrow_form(i) : NULL;
        g_repl.fwd[i] = lib ? lib : fwd;
        g_repl.nt_tag[i] = lib != NULL;
        /* The partner as called is the program's own (not alloc8's, which
         * would mark its call): its malloc or free then goes unmarked. */
        g_repl.free_ok[i] = replaced[op_partner[i]];
    }
    int n = 0;
    for (int i = 0; i < NOPS; i++)
        n += replaced[i];
    /* Threads that get here together write the same values; one notes. */
    if (!__atomic_exchange_n(&g_repl.ready, 1, __ATOMIC_ACQ_REL) && n && a8_opt.verbosity >= 1)
        a8_note("the program defines %d of the C++ allocation operators itself: alloc8's "
                "others follow libstdc++'s defaults around them",
                n);
}

static inline void repl_ready(void)
{
    if (A8_UNLIKELY(!__atomic_load_n(&g_repl.ready, __ATOMIC_ACQUIRE)))
        resolve_replacements();
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

typedef void *(*new1_fn)(size_t);
typedef void *(*new2_fn)(size_t, size_t);
typedef void (*del1_fn)(void *);
typedef void (*del2_fn)(void *, size_t);

/* The program's form to call instead of op (NULL: none), once known. */
static inline void *fwd_of(int op)
{
    repl_ready();
    return g_repl.fwd[op];
}
#define FREE_OK(op) (g_repl.free_ok[op] ? ALLOC8_F_FREE_OK : 0u)

/* Running the program's form: the block it returns, if it allocated that
 * block meanwhile, and the free it makes of the pointer it was given, are
 * recorded as this operator's call (entry.c), so a new[] is still a new[]
 * and a malloc'd block given to delete[] is still a mismatch.  The marks are
 * put back however the call ends (cleanup runs when an exception unwinds:
 * this file is built with -fexceptions). */
static void fwd_restore(struct a8_fwd *saved) { a8_tls.fwd = *saved; }
#define FWD_MARK struct a8_fwd mark_ __attribute__((cleanup(fwd_restore))) = a8_tls.fwd

A8_NOINLINE static void *fwd_new_run(void *f, const struct alloc8_req *r, bool tag)
{
    FWD_MARK;
    a8_tls.fwd.new_req = r;
    a8_tls.fwd.ngot = 0;
    void *p;
    if (tag)
        p = call_nothrow_form(f, r->size, r->align);
    else
        p = r->align ? ((new2_fn)f)(r->size, r->align) : ((new1_fn)f)(r->size);
    a8_entry_fwd_returned(p, r);
    return p;
}

/* An operator run under another's (the program's new calls a form of
 * alloc8's that runs the program's again) is an allocation of the outer one. */
static void *fwd_new(void *f, const struct alloc8_req *r, bool tag)
{
    void *p = fwd_new_run(f, r, tag);
    a8_entry_fwd_note(p);
    return p;
}

A8_NOINLINE static void fwd_delete(void *f, void *p, const struct alloc8_req *r)
{
    FWD_MARK;
    a8_tls.fwd.free_req = r;
    a8_tls.fwd.free_p = p;
    if (r->align)
        ((del2_fn)f)(p, r->align);
    else
        ((del1_fn)f)(p);
}

/* A new of shape (n) or (n, al) and a delete of shape (p) or (p, al):
 * forward when the program has the form it is defined by, else allocate or
 * free here. */
#define NEW1(op, call, n, fl) NEW2(op, call, n, 0, fl)
#define NEW2(op, call, n, al, fl)                                                                  \
    do {                                                                                           \
        void *f_ = fwd_of(op);                                                                     \
        if (A8_UNLIKELY(f_)) {                                                                     \
            struct alloc8_req r_ = {call, (fl) | FREE_OK(op) | ((al) ? ALLOC8_F_ALIGNED : 0u), n,  \
                                    al, CALLER()};                                                 \
            return fwd_new(f_, &r_, g_repl.nt_tag[op]);                                            \
        }                                                                                          \
        return new_common(call, n, al, (fl) | FREE_OK(op), CALLER());                              \
    } while (0)
#define DEL1(op, call, p, n, fl) DEL2(op, call, p, n, 0, fl)
#define DEL2(op, call, p, n, al, fl)                                                               \
    do {                                                                                           \
        void *f_ = fwd_of(op);                                                                     \
        if (A8_UNLIKELY(f_)) {                                                                     \
            struct alloc8_req r_ = {call, (fl) | FREE_OK(op) | ((al) ? ALLOC8_F_ALIGNED : 0u), n,  \
                                    al, CALLER()};                                                 \
            fwd_delete(f_, p, &r_);                                                                \
        } else {                                                                                   \
            delete_common(p, call, n, al, (fl) | FREE_OK(op), CALLER());                           \
        }                                                                                          \
    } while (0)

/* Declarations keep -Wmissing-declarations quiet and document the C++ name. */
/* operator new(size_t) */
A8_EXPORT void *_Znwm(size_t n) { NEW1(NWM, NEW, n, 0); }
/* operator new[](size_t) */
A8_EXPORT void *_Znam(size_t n) { NEW1(NAM, NEW_A, n, 0); }
/* operator new(size_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnwmRKSt9nothrow_t(size_t n, const void *nt) { NEW1(NWM_NT, NEW, n, NT); }
/* operator new[](size_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnamRKSt9nothrow_t(size_t n, const void *nt) { NEW1(NAM_NT, NEW_A, n, NT); }
/* operator new(size_t, std::align_val_t) */
A8_EXPORT void *_ZnwmSt11align_val_t(size_t n, size_t al) { NEW2(NWM_AL, NEW, n, al, 0); }
/* operator new[](size_t, std::align_val_t) */
A8_EXPORT void *_ZnamSt11align_val_t(size_t n, size_t al) { NEW2(NAM_AL, NEW_A, n, al, 0); }
/* operator new(size_t, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t n, size_t al, const void *nt)
{
    NEW2(NWM_AL_NT, NEW, n, al, NT);
}
/* operator new[](size_t, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t n, size_t al, const void *nt)
{
    NEW2(NAM_AL_NT, NEW_A, n, al, NT);
}

/* operator delete(void*) */
A8_EXPORT void _ZdlPv(void *p) { DEL1(DLV, DEL, p, 0, 0); }
/* operator delete[](void*) */
A8_EXPORT void _ZdaPv(void *p) { DEL1(DAV, DEL_A, p, 0, 0); }
/* operator delete(void*, size_t) */
A8_EXPORT void _ZdlPvm(void *p, size_t n) { DEL1(DLVM, DEL, p, n, SZ); }
/* operator delete[](void*, size_t) */
A8_EXPORT void _ZdaPvm(void *p, size_t n) { DEL1(DAVM, DEL_A, p, n, SZ); }
/* operator delete(void*, const std::nothrow_t&) */
A8_EXPORT void _ZdlPvRKSt9nothrow_t(void *p, const void *nt) { DEL1(DLV_NT, DEL, p, 0, NT); }
/* operator delete[](void*, const std::nothrow_t&) */
A8_EXPORT void _ZdaPvRKSt9nothrow_t(void *p, const void *nt) { DEL1(DAV_NT, DEL_A, p, 0, NT); }
/* operator delete(void*, std::align_val_t) */
A8_EXPORT void _ZdlPvSt11align_val_t(void *p, size_t al) { DEL2(DLV_AL, DEL, p, 0, al, 0); }
/* operator delete[](void*, std::align_val_t) */
A8_EXPORT void _ZdaPvSt11align_val_t(void *p, size_t al) { DEL2(DAV_AL, DEL_A, p, 0, al, 0); }
/* operator delete(void*, size_t, std::align_val_t) */
A8_EXPORT void _ZdlPvmSt11align_val_t(void *p, size_t n, size_t al)
{
    DEL2(DLVM_AL, DEL, p, n, al, SZ);
}
/* operator delete[](void*, size_t, std::align_val_t) */
A8_EXPORT void _ZdaPvmSt11align_val_t(void *p, size_t n, size_t al)
{
    DEL2(DAVM_AL, DEL_A, p, n, al, SZ);
}
/* operator delete(void*, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *nt)
{
    DEL2(DLV_AL_NT, DEL, p, 0, al, NT);
}
/* operator delete[](void*, std::align_val_t, const std::nothrow_t&) */
A8_EXPORT void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *nt)
{
    DEL2(DAV_AL_NT, DEL_A, p, 0, al, NT);
}

#endif /* !A8_PREFIXED */
