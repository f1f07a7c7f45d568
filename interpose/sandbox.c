/* sandbox.c — prctl and syscall interposition: notices a program putting a
 * seccomp filter on itself, before the kernel has it, so that alloc8 keeps to
 * the system calls any allocator makes from then on (a8_sandboxed, core.h).
 * A filter such as OpenSSH's privilege-separated child's kills the process
 * for a system call it does not list: madvise with newer advice, io_uring,
 * prctl, clone.  Seen here: prctl(PR_SET_SECCOMP) and the seccomp system
 * call through syscall(), the two ways libseccomp's seccomp_load and
 * hand-written filters use.  A filter put in by an inline system call
 * instruction is not seen.  Not built in the prefixed mode. */
#include "interpose.h"

#if !A8_PREFIXED

#include <linux/seccomp.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <errno.h>

/* The system call itself, as glibc's syscall() makes it.  Not through
 * glibc: alloc8 calls syscall() itself (futexes, tids) inside malloc, and
 * those calls arrive here too, so this must never look a symbol up. */
static long raw6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    if ((unsigned long)ret > -4096UL) {
        errno = (int)-ret;
        return -1;
    }
    return ret;
}

A8_EXPORT int prctl(int option, ...)
{
    va_list ap;
    va_start(ap, option);
    long a2 = va_arg(ap, long), a3 = va_arg(ap, long);
    long a4 = va_arg(ap, long), a5 = va_arg(ap, long);
    va_end(ap);
    if (A8_UNLIKELY(option == PR_SET_SECCOMP))
        a8_sandbox_coming("prctl(PR_SET_SECCOMP)");
    return (int)raw6(SYS_prctl, option, a2, a3, a4, a5, 0);
}

/* glibc's syscall() takes the number and six arguments whatever the call;
 * so does this. */
A8_EXPORT long syscall(long nr, ...)
{
    va_list ap;
    va_start(ap, nr);
    long a[6];
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    if (A8_UNLIKELY(nr == SYS_seccomp &&
                    (a[0] == SECCOMP_SET_MODE_FILTER || a[0] == SECCOMP_SET_MODE_STRICT)))
        a8_sandbox_coming("the seccomp system call");
    else if (A8_UNLIKELY(nr == SYS_prctl && a[0] == PR_SET_SECCOMP))
        a8_sandbox_coming("prctl(PR_SET_SECCOMP)");
    return raw6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

#endif
