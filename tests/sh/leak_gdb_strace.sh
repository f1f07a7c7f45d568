#!/bin/bash
# The stop-the-world handshake uses signals, not ptrace: a leak check with
# several threads works under `gdb -batch` and under `strace -f`.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >prog.c <<'C'
#include <pthread.h>
#include <stdlib.h>
size_t alloc8_leak_check(void) __attribute__((weak));
#include <unistd.h>
static int fds[2];
static void *worker(void *a) { char c; void *volatile keep = malloc(64); while (read(fds[0], &c, 1) < 0) ; free(keep); return 0; }
int main(void)
{
    pthread_t t[4];
    if (pipe(fds)) return 1;
    for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, worker, 0);
    usleep(100000);
    malloc(33);
    size_t n = alloc8_leak_check();
    if (write(fds[1], "xxxx", 4) != 4) return 1;
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    return n == 1 ? 0 : 1;
}
C
$CC -O0 -g -fno-builtin -pthread prog.c -o prog || { echo "FAIL: build"; exit 1; }
check() {
    grep -q '33 bytes in 1 blocks are definitely lost in loss record 1 of 1' "$1" || bad "$1: no loss record"
    grep -q 'did not stop' "$1" && bad "$1: threads did not stop"
    grep -q '64 bytes in 1 blocks are definitely lost' "$1" && bad "$1: a worker's stack was not scanned"
}
if command -v gdb >/dev/null; then
    gdb -batch -ex 'set startup-with-shell off' -ex "set environment LD_PRELOAD=$A8_LIB" \
        -ex run -ex 'info program' ./prog >gdb.out 2>&1
    check gdb.out
    grep -q 'exited with code 030' gdb.out || bad "gdb: exit code: $(grep -i exit gdb.out)"
else
    echo "note: gdb not installed"
fi
if command -v strace >/dev/null; then
    # -E: only the traced program runs under alloc8; were strace under it
    # too, the program would be the child of one under alloc8 and keep its
    # status (0) when it leaks
    strace -f -E LD_PRELOAD=$A8_LIB -o strace.log ./prog 2>strace.out
    rc=$?
    check strace.out
    [ $rc -eq 24 ] || bad "strace: exit $rc"
    grep -q 'tgkill' strace.log || bad "strace: no tgkill seen (was the check run?)"
else
    echo "note: strace not installed"
fi
[ $fail = 0 ] || tail -n 20 gdb.out strace.out
exit $fail
