/* signal.c — sigaction/signal interposition: a heap that needs a signal of
 * its own (the checker's SIGSEGV handler for guard pages) keeps it even when
 * the program installs a handler later; the program's handler is recorded
 * and called for every fault that is not the heap's, and queries return it.
 * Heaps without the hook pay one test.  Not built in the prefixed mode. */
#include "interpose.h"

#if !A8_PREFIXED

#include <signal.h>

typedef int (*sigaction_fn)(int, const struct sigaction *, struct sigaction *);
typedef sighandler_t (*signal_fn)(int, sighandler_t);

static int hook(int sig, const struct sigaction *act, struct sigaction *oact)
{
    if (a8_state.ready != A8_READY || !a8_state.heap->sigaction_hook)
        return -1;
    return a8_state.heap->sigaction_hook(sig, act, oact);
}

A8_EXPORT int sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
    if (A8_UNLIKELY(hook(sig, act, oact) == 0))
        return 0;
    static void *real;
    return ((sigaction_fn)a8_glibc_fn(&real, "sigaction"))(sig, act, oact);
}

A8_EXPORT sighandler_t signal(int sig, sighandler_t handler)
{
    /* glibc's signal(): BSD semantics, i.e. SA_RESTART, the signal blocked
     * while its handler runs. */
    struct sigaction sa, old;
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, sig);
    if (A8_UNLIKELY(hook(sig, &sa, &old) == 0))
        return (old.sa_flags & SA_SIGINFO) ? (sighandler_t)(uintptr_t)old.sa_sigaction
                                           : old.sa_handler;
    static void *real;
    return ((signal_fn)a8_glibc_fn(&real, "signal"))(sig, handler);
}

#endif
