/* dl.c — dlclose interposition: tells the heap a module may go away (the
 * checker snapshots module records so stacks captured in it still symbolize
 * after it is unloaded).  Not built in the prefixed mode. */
#include "interpose.h"

#if !A8_PREFIXED

#include <dlfcn.h>

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
