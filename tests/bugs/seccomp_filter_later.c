/* A program that puts a strict seccomp filter on itself half-way, the way
 * libseccomp's seccomp_load does (the seccomp system call through syscall()),
 * after alloc8 has guard pages, guard-marker-closed quarantined blocks, a
 * big block's closed tail and a prefault ring.  The filter kills the process
 * for madvise other than MADV_DONTNEED, io_uring, prctl and clone, as
 * OpenSSH's sandbox does.  alloc8 sees the filter coming and keeps to the
 * allowed calls: the program runs to its end, and a use after free of a
 * block closed before the filter is still reported at the instruction (its
 * page is mapped afresh with mmap, not opened with the forbidden madvise).
 * Closed slots leaving quarantine after it are retired, not reopened. */
// OPTIONS: quarantine_mb=1:guard_max=64:verbosity=1
// EXIT: 23
// CHECK: the program installs a seccomp filter (the seccomp system call)
// CHECK: filter in force
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: after the filter: 400000 blocks, read back 1
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-use-after-free)
#define _GNU_SOURCE
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

#define KILL_IF(nr)                                                                                \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1),                                               \
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)

static void filter_in(void)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        KILL_IF(__NR_io_uring_setup),
        KILL_IF(__NR_io_uring_enter),
        KILL_IF(__NR_io_uring_register),
        KILL_IF(__NR_prctl),
        KILL_IF(__NR_clone),
        KILL_IF(__NR_clone3),
        /* madvise: only MADV_DONTNEED */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_madvise, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MADV_DONTNEED, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("seccomp");
        exit(2);
    }
    fprintf(stderr, "filter in force\n");
}

int main(void)
{
    /* Before the filter: guarded blocks (the first guard_max are), some
     * freed into quarantine with their pages closed; a big block freed with
     * its tail closed; enough small blocks for the prefault ring. */
    char *g[32];
    for (int i = 0; i < 32; i++) {
        g[i] = malloc(100); // LINE:alloc
        memset(g[i], i, 100);
    }
    for (int i = 0; i < 16; i++)
        free(g[i]); // LINE:free
    free(malloc(1 << 20));
    void **keep = malloc(100000 * sizeof *keep);
    for (int i = 0; i < 100000; i++)
        keep[i] = malloc(64);

    filter_in();

    volatile char v = g[3][10]; // BUG
    (void)v;
    for (int i = 16; i < 32; i++)
        free(g[i]);
    for (int i = 0; i < 100000; i++)
        free(keep[i]);
    free(keep);
    free(malloc(1 << 20));
    /* 400000 more blocks (~40 MiB of slots): new spans, and the quarantine
     * (1 MiB) turns over many times, evicting every block closed before. */
    unsigned long ok = 1;
    for (int i = 0; i < 400000; i++) {
        unsigned char *p = malloc(64);
        p[0] = (unsigned char)i;
        p[63] = (unsigned char)(i >> 8);
        ok &= p[0] == (unsigned char)i && p[63] == (unsigned char)(i >> 8);
        free(p);
    }
    /* And 20 MiB kept at once: new spans, committed and faulted in under
     * the filter. */
    keep = malloc(200000 * sizeof *keep);
    for (int i = 0; i < 200000; i++) {
        keep[i] = malloc(64);
        memset(keep[i], i, 64);
    }
    for (int i = 0; i < 200000; i++)
        free(keep[i]);
    free(keep);
    fprintf(stderr, "after the filter: 400000 blocks, read back %lu\n", ok);
    return 0;
}
