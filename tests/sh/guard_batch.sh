#!/bin/bash
# A new span of guarded slots has all its guard pages closed with one
# process_madvise call where the kernel takes guard markers that way (Linux
# 6.15+), not with one madvise each: a program's first guard_max blocks are
# all guarded, so a small program made one such call per allocation.  The
# program keeps 40 guarded 112-byte blocks (flush against their guard
# pages), and strace counts the calls.  Every guard still works: an overflow
# of block K, for K across the spans' slots, faults at the instruction.
set -u
cd "$A8_TMP"
cat >prog.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    static char *keep[40];
    for (int i = 0; i < 40; i++)
        keep[i] = malloc(112);
    if (argc > 1) {
        int k = atoi(argv[1]);
        keep[k][112] = 1; /* one past block k: its guard page */
    }
    for (int i = 0; i < 40; i++)
        free(keep[i]);
    printf("done\n");
    return 0;
}
C
cat >probe.c <<'C'
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
int main(void) /* exit 0: guard markers through process_madvise on ourselves */
{
    struct iovec v = {mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 4096};
    return syscall(SYS_process_madvise, -10000 /* PIDFD_SELF */, &v, 1, 102, 0) != 4096;
}
C
${CC:-gcc} -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: build"; exit 1; }
${CC:-gcc} -O0 probe.c -o probe || { echo "FAIL: build probe"; exit 1; }
if ! ./probe; then
    echo "this kernel ($(uname -r)) takes no guard markers through process_madvise (Linux 6.15+)"
    exit 77
fi
fail=0
bad() { echo "FAIL: $*"; fail=1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=verbosity=2 ./prog >out 2>err || bad "clean run: exit $?"
grep -qx done out || bad "clean run: no output"
n=$(sed -n 's/.*guarded spans closed in one call: \([0-9]*\).*/\1/p' err)
# 40 blocks of 112 bytes: one page each and its guard, 7 slots a span
[ "${n:-0}" -ge 6 ] || bad "verbosity=2 counts ${n:-no} guarded spans closed in one call"
if command -v strace >/dev/null; then
    LD_PRELOAD=$A8_LIB strace -f -o trace -e trace=madvise,process_madvise ./prog >/dev/null 2>&1
    # 0x66 is MADV_GUARD_INSTALL (strace 5.x names it by number)
    batched=$(grep -cE 'process_madvise\(.*\}\], [2-9][0-9]*, (0x66|MADV_GUARD_INSTALL)' trace)
    single=$(grep -cE '^[0-9]+ +madvise\(0x[0-9a-f]+, 4096, (0x66|MADV_GUARD_INSTALL)' trace)
    echo "guard markers for 40 blocks: $batched batched calls, $single one-page madvise calls"
    [ "$batched" -ge 3 ] || bad "$batched batched process_madvise calls for 40 guarded blocks"
    # their frees close each block's own page (40) and start-up probes
    # for markers once; one per guard page would make 80 and more
    [ "$single" -le 45 ] || bad "$single one-page guard installs (40 frees; the guard pages were batched)"
else
    echo "strace missing: call counts not checked (make deps installs it)"
fi
line=$(grep -n 'its guard page' prog.c | cut -d: -f1)
for k in 0 1 5 6 7 13 20 39; do
    LD_PRELOAD=$A8_LIB ./prog $k >out.$k 2>err.$k
    grep -q 'ERROR: heap-buffer-overflow' err.$k || { bad "block $k: overflow not reported"; continue; }
    grep -q 'is located 0 bytes after the 112-byte block' err.$k || bad "block $k: wrong offset"
    grep -qE "#0 0x[0-9a-f]+ in main .*prog\\.c:$line:" err.$k ||
        bad "block $k: not at the writing line (not a guard-page fault): $(grep -m3 '#0\|ERROR' err.$k)"
done
[ $fail = 0 ] && echo "guard_batch: OK"
exit $fail
