/* A program that locks itself down the way OpenSSH's pre-authentication
 * child does: a seccomp allowlist that kills the process for any other
 * system call (rt_sigaction, ioctl, open, readlink, ...), put in with
 * prctl(PR_SET_SECCOMP).  alloc8 used to die of SIGSYS at exit (its leak
 * check installs a signal handler; the SUMMARY line asked isatty) and when
 * it reported an error (a module's path by readlink, debug info by open):
 * sshd's logins all failed under the checker.  Now, after the filter, alloc8
 * makes only the calls on such a list: the overflow is reported, its main()
 * frames still with file:line (the program's own symbols are read as the
 * filter comes), the leak check says it is not run, and the program ends
 * with alloc8's exit status for its error, not SIGSYS. */
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: sandboxed work done
// CHECK: leak check (exit) not run: the program put a seccomp filter on itself
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ALLOW(nr)                                                                                  \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

void *volatile g_kept;

int main(void)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        /* madvise: MADV_DONTNEED only */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_madvise, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MADV_DONTNEED, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        ALLOW(__NR_madvise),
        ALLOW(__NR_read),
        ALLOW(__NR_write),
        ALLOW(__NR_exit),
        ALLOW(__NR_exit_group),
        ALLOW(__NR_mmap),
        ALLOW(__NR_munmap),
        ALLOW(__NR_mprotect),
        ALLOW(__NR_brk),
        ALLOW(__NR_futex),
        ALLOW(__NR_getpid),
        ALLOW(__NR_gettid),
        ALLOW(__NR_clock_gettime),
        ALLOW(__NR_close),
        ALLOW(__NR_getrandom),
        ALLOW(__NR_rt_sigprocmask),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
        perror("seccomp");
        return 2;
    }
    for (int i = 0; i < 20000; i++) /* new spans, and blocks through quarantine */
        free(malloc(64 + (size_t)i % 2000));
    free(malloc(1 << 20));
    volatile char *q = malloc(16); // LINE:alloc
    q[16] = 1;
    free((void *)q); // LINE:free
    g_kept = malloc(48);
    g_kept = NULL; /* a leak, not looked for */
    static const char done[] = "sandboxed work done\n";
    if (write(2, done, sizeof done - 1) < 0)
        return 1;
    return 0;
}
