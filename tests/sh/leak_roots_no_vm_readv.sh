#!/bin/bash
# The leak check reads the program's anonymous memory through
# process_vm_readv (a page the program made unreadable to itself is then
# skipped, not faulted on).  Where a filter alloc8 did not see installed
# (inherited from a parent, as in a container) refuses that call, the check
# reads in place and finds the same: bugs/leak_mmap_roots.c's records, run
# under a wrapper whose seccomp filter answers process_vm_readv with EPERM.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >deny.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_process_vm_readv, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
    if (argc < 2 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("seccomp");
        return 2;
    }
    execv(argv[1], argv + 1);
    perror("execv");
    return 2;
}
C
$CC -O1 deny.c -o deny || { echo "FAIL: build"; exit 1; }
$CC -O0 -g -fno-builtin "$A8_ROOT/tests/bugs/leak_mmap_roots.c" -o roots -lpthread ||
    { echo "FAIL: build"; exit 1; }
# the filter works: process_vm_readv is refused under it
cat >probe.c <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>
int main(void)
{
    char a[8] = "x", b[8];
    struct iovec l = {b, 8}, r = {a, 8};
    printf("%ld\n", (long)process_vm_readv(getpid(), &l, 1, &r, 1, 0));
    return 0;
}
C
$CC -O1 probe.c -o probe || { echo "FAIL: build"; exit 1; }
[ "$(./deny ./probe)" = "-1" ] || bad "the wrapper's filter does not refuse process_vm_readv"
[ "$(./probe)" = "8" ] || bad "process_vm_readv fails without the filter"
for how in plain filtered; do
    wrap=()
    [ $how = filtered ] && wrap=(./deny)
    ALLOC8_OPTIONS=show_reachable=1 LD_PRELOAD=$A8_LIB "${wrap[@]}" ./roots >out 2>err
    rc=$?
    [ $rc -eq 24 ] || bad "$how: exit status $rc, want 24"
    for want in '200 bytes in 1 blocks are still reachable' '190 bytes in 1 blocks are still reachable' \
        '180 bytes in 1 blocks are still reachable' '150 bytes in 1 blocks are still reachable' \
        '170 bytes in 1 blocks are definitely lost' '160 bytes in 1 blocks are definitely lost' \
        'definitely lost: 330 bytes in 2 blocks'; do
        grep -q "$want" err || bad "$how: no '$want'"
    done
    [ $fail = 0 ] || { cat err; break; }
done
exit $fail
