/* helper.c — a second CPU for alloc8's own bulk work (the heap check at
 * exit, heap.c).
 *
 * The helper is a bare clone(2) thread, not a pthread: pthread_create may
 * take glibc's locks (a program exiting from a signal handler could hold
 * them), allocates, and would show up in the program's thread hooks and in
 * alloc8's own thread table.  The helper has its own small stack, every
 * signal blocked from its first instruction, and no thread-local storage of
 * its own (it shares the starting thread's): so it may run only code that
 * touches no thread-local state, errno included — plain loads, compares and
 * memcmp.  Joining waits for the kernel to clear the thread id at its exit
 * (CLONE_CHILD_CLEARTID), after which its stack is unmapped.
 *
 * Not under a seccomp filter (it might kill the process for clone), and
 * only when this thread may run on at least two CPUs. */
#include "checker.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { HELPER_STACK = 256 << 10 };

bool a8_helper_start(struct a8_helper *h, int (*fn)(void *), void *arg)
{
    int saved_errno = errno;
    memset(h, 0, sizeof *h);
    bool ok = false;
    if (!a8_seccomp_active() && a8_cpus_available() >= 2) {
        void *stack = mmap(NULL, HELPER_STACK, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (stack != MAP_FAILED) {
            sigset_t all, old;
            sigfillset(&all);
            pthread_sigmask(SIG_SETMASK, &all, &old); /* the helper inherits it */
            int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                        CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
            int tid = clone(fn, (char *)stack + HELPER_STACK, flags, arg, &h->tid, NULL, &h->tid);
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            if (tid > 0) {
                h->stack = stack;
                a8_own_add(stack, HELPER_STACK); /* not the program's: no leak root */
                ok = true;
            } else {
                munmap(stack, HELPER_STACK);
            }
        }
    }
    errno = saved_errno;
    return ok;
}

void a8_helper_join(struct a8_helper *h)
{
    if (!h->stack)
        return;
    int saved_errno = errno;
    for (;;) {
        int tid = __atomic_load_n(&h->tid, __ATOMIC_ACQUIRE);
        if (!tid)
            break;
        /* Not FUTEX_PRIVATE: the kernel's wake at thread exit is shared. */
        syscall(SYS_futex, &h->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
    }
    a8_own_del(h->stack);
    munmap(h->stack, HELPER_STACK);
    h->stack = NULL;
    errno = saved_errno;
}
