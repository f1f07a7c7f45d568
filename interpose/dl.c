/* dl.c — dlopen and dlclose interposition.  Not built in the prefixed mode.
 *
 * dlclose tells the heap a module may go away (the checker snapshots module
 * records so stacks captured in it still symbolize after it is unloaded).
 *
 * dlopen drops RTLD_DEEPBIND: a library loaded with it looks its symbols up
 * in itself and its own dependencies first, so its malloc and free would be
 * the C library's, not alloc8's, and a block passed between it and the
 * program would be freed by the wrong allocator (glibc aborts:
 * "munmap_chunk(): invalid pointer"; PHP loads every extension so).  ASan
 * refuses such a dlopen; alloc8 notes it once and loads the library
 * without the flag.  The fast build forwards to glibc's malloc, where the
 * flag does no harm, and keeps it. */
#include "interpose.h"

#if !A8_PREFIXED

#include <dlfcn.h>

/* The real dlopen is reached by a tail call: glibc takes the caller's
 * object (whose DT_RUNPATH a bare file name is searched in) from dlopen's
 * return address, which must stay the program's.  tests/sh/dlopen_deepbind.sh
 * checks both. */
A8_EXPORT void *dlopen(const char *file, int mode)
{
    static void *real;
    void *(*f)(const char *, int) = (void *(*)(const char *, int))a8_glibc_fn(&real, "dlopen");
    if (!A8_FAST && A8_UNLIKELY(mode & RTLD_DEEPBIND)) {
        static int noted;
        mode &= ~RTLD_DEEPBIND;
        if (!__atomic_exchange_n(&noted, 1, __ATOMIC_RELAXED))
            a8_note("dlopen(\"%s\") with RTLD_DEEPBIND: loaded without the flag, so that "
                    "its malloc and free are alloc8's (noted once)",
                    file ? file : "(main program)");
    }
    return f(file, mode);
}

A8_EXPORT int dlclose(void *handle)
{
    static void *real;
    int (*f)(void *) = (int (*)(void *))a8_glibc_fn(&real, "dlclose");
    if (a8_state.ready == A8_READY && a8_state.heap->before_dlclose && !a8_guarded()) {
        a8_guard_enter();
        a8_state.heap->before_dlclose(handle);
        a8_guard_leave();
    }
    return f(handle);
}

#endif
