/* lock.c — a small mutex: spin briefly, then sleep on a futex.  Never
 * allocates, safe inside malloc, re-armed in a fork child by
 * a8_lock_reinit().  Not recursive.
 *
 * While the process has one thread (a8_single_threaded: glibc's own flag,
 * which its malloc uses the same way) the lock word is set and cleared with
 * plain stores.  A locked instruction waits for every store before it to
 * reach the cache, and on the checker's allocation path those stores are the
 * fills of memory that is not in the cache yet: the atomics cost churn 4%.
 * The flag only ever goes from single to threaded, and a thread created while
 * a lock is held finds the word set and waits; the unlock after that sees the
 * flag cleared and takes the atomic path, which wakes it.  alloc8's own
 * helper thread (helper.c) takes no locks, and a kernel io worker runs no user
 * code. */
#include "core.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { SPINS = 100 };

static void futex_wait(volatile int *addr, int val)
{
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(volatile int *addr)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* The fast paths are inline in core.h; here the lock is taken. */
void a8_lock_contended(a8_lock_t *l)
{
    int c;
    for (int i = 0; i < SPINS; i++) {
        c = 0;
        if (__atomic_compare_exchange_n(&l->state, &c, 1, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return;
        __builtin_ia32_pause();
    }
    /* Slow path: mark "locked with waiters" and sleep until released. */
    int saved_errno = errno; /* the futex call may set it */
    while (__atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE) != 0)
        futex_wait(&l->state, 2);
    errno = saved_errno;
}

void a8_unlock_threaded(a8_lock_t *l)
{
    if (__atomic_exchange_n(&l->state, 0, __ATOMIC_RELEASE) == 2) {
        int saved_errno = errno;
        futex_wake(&l->state);
        errno = saved_errno;
    }
}
