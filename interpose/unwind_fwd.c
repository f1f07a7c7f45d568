/* unwind_fwd.c — the two unwinder entry points alloc8's own frames name,
 * defined here so that the preloaded libraries do not load libgcc_s.so.1.
 *
 * The library is built with -fexceptions: an exception or a thread's
 * cancellation that unwinds through alloc8's frames runs their cleanups
 * (threads.c's thread_end, cxx.c's FWD_MARK).  Those frames name
 * __gcc_personality_v0 (in their unwind tables) and _Unwind_Resume (at the
 * end of each cleanup), both in libgcc_s.so.1; linked, it is loaded into
 * every process at start-up, and its constructor's CPU probe
 * (__cpu_indicator_init, CPUID: a trap to the hypervisor in a virtual
 * machine) was a quarter of what the checker added to `/bin/true` here.
 * Nothing else of it is used.
 *
 * So both are defined here, hidden, and forward to the unwinder's own the
 * first time one is called.  Either is called only while something unwinds
 * the stack, which means an unwinder is loaded already: libgcc_s (C++ and
 * pthread_cancel bring it; glibc dlopens it for cancellation), found by
 * dlopen(RTLD_NOLOAD), whatever scope it was loaded in; else the global
 * scope's (LLVM's libunwind with compiler-rt); else libgcc_s is loaded now.
 * Without any, the personality lets the unwinding go on without the cleanup
 * (as a frame without one), and a resume has nowhere to go: abort.
 *
 * Only in the shared libraries (liballoc8.so, liballoc8-fast.so): a static
 * or prefixed library is linked into a program, whose libgcc defines them.
 * Locks: the loader's, inside dlopen and dlsym, once.  Allocation: theirs,
 * under the guard (the internal arena). */
#include "interpose.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

/* The Itanium C++ ABI's unwinder interface (its level 1), as <unwind.h>
 * declares it; that header's name is taken here by checker/unwind.h. */
struct _Unwind_Exception;
struct _Unwind_Context;
typedef int unw_reason;   /* _Unwind_Reason_Code */
typedef int unw_action;   /* _Unwind_Action */
typedef uint64_t unw_cls; /* _Unwind_Exception_Class */
enum { URC_CONTINUE_UNWIND = 8 };

typedef unw_reason (*personality_fn)(int, unw_action, unw_cls, struct _Unwind_Exception *,
                                     struct _Unwind_Context *);
typedef void (*resume_fn)(struct _Unwind_Exception *);

static struct {
    personality_fn personality;
    resume_fn resume;
    int looked; /* 1 once both were looked up (found or not) */
} g_unw;

static A8_COLD void unwinder_lookup(void)
{
    a8_guard_enter(); /* dlopen and dlsym may allocate */
    void *h = dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    void *p = h ? dlsym(h, "__gcc_personality_v0") : NULL;
    void *r = h ? dlsym(h, "_Unwind_Resume") : NULL;
    if (!p || !r) {
        p = dlsym(RTLD_DEFAULT, "__gcc_personality_v0");
        r = dlsym(RTLD_DEFAULT, "_Unwind_Resume");
    }
    if (!p || !r) {
        h = dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_LOCAL);
        p = h ? dlsym(h, "__gcc_personality_v0") : NULL;
        r = h ? dlsym(h, "_Unwind_Resume") : NULL;
    }
    a8_guard_leave();
    __atomic_store_n(&g_unw.personality, (personality_fn)p, __ATOMIC_RELAXED);
    __atomic_store_n(&g_unw.resume, (resume_fn)r, __ATOMIC_RELAXED);
    __atomic_store_n(&g_unw.looked, 1, __ATOMIC_RELEASE);
}

static inline void unwinder_ready(void)
{
    if (!__atomic_load_n(&g_unw.looked, __ATOMIC_ACQUIRE))
        unwinder_lookup();
}

/* Prototypes: -Wmissing-prototypes would ask, and they say hidden. */
__attribute__((visibility("hidden"))) unw_reason
__gcc_personality_v0(int version, unw_action actions, unw_cls cls, struct _Unwind_Exception *ue,
                     struct _Unwind_Context *ctx);
__attribute__((visibility("hidden"), noreturn)) void _Unwind_Resume(struct _Unwind_Exception *ue);

unw_reason __gcc_personality_v0(int version, unw_action actions, unw_cls cls,
                                struct _Unwind_Exception *ue, struct _Unwind_Context *ctx)
{
    unwinder_ready();
    personality_fn f = __atomic_load_n(&g_unw.personality, __ATOMIC_RELAXED);
    return f ? f(version, actions, cls, ue, ctx) : URC_CONTINUE_UNWIND;
}

void _Unwind_Resume(struct _Unwind_Exception *ue)
{
    unwinder_ready();
    resume_fn f = __atomic_load_n(&g_unw.resume, __ATOMIC_RELAXED);
    if (f)
        f(ue);
    abort();
}
