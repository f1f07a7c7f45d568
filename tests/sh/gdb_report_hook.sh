#!/usr/bin/env bash
# `break alloc8_report_hook` in gdb stops right after a report, with the
# program's frame that made the bad call on the stack.
set -u
command -v gdb >/dev/null || { echo "gdb is not installed"; exit 77; }
cd "$A8_TMP"
# gdb runs $1 under alloc8 with ALLOC8_OPTIONS=$2, stops at the first
# alloc8_report_hook, then runs the rest (gdb commands); prints its output.
at_hook() {
    local prog=$1 opts=$2
    shift 2
    local cmds=()
    for c in "$@"; do cmds+=(-ex "$c"); done
    timeout 120 gdb -batch -nx \
        -ex 'set startup-with-shell off' \
        -ex "set environment LD_PRELOAD $A8_LIB" \
        -ex "set environment ALLOC8_OPTIONS $opts" \
        -ex 'set breakpoint pending on' \
        -ex 'break alloc8_report_hook' \
        -ex run "${cmds[@]}" -ex kill "./$prog" 2>&1
}
cat > bug.c <<'C'
#include <stdlib.h>
static void release_twice(char *p) { free(p); free(p); }
int main(void) { release_twice(malloc(8)); return 0; }
C
${CC:-gcc} -O0 -g -fno-builtin bug.c -o bug || exit 1
out=$(at_hook bug detect_leaks=0 bt)
grep -q 'alloc8: ERROR: double-free' <<<"$out" || { echo "no report:"; echo "$out"; exit 1; }
grep -qE 'Breakpoint 1, .*alloc8_report_hook' <<<"$out" || { echo "did not stop in the hook:"; echo "$out"; exit 1; }
grep -qE 'in release_twice .*bug.c:2' <<<"$out" || { echo "user frame not on the stack:"; echo "$out"; exit 1; }

# A leak report is a report too: the hook stops after it, at exit, with the
# leaked block still in place for `alloc8 block` (its pointer is kept where
# the scan cannot see it: xored).
cat > leak.c <<'C'
#include <stdint.h>
#include <stdlib.h>
uintptr_t hidden;
static void lose(void) { hidden = (uintptr_t)malloc(40) ^ 0x5555; } // LEAK
int main(void) { lose(); return 0; }
C
${CC:-gcc} -O0 -g -fno-builtin leak.c -o leak || exit 1
out=$(at_hook leak detect_leaks=1 "source $A8_ROOT/gdb/alloc8.py" 'alloc8 block (void *)(hidden ^ 0x5555)')
grep -q '40 bytes in 1 blocks are definitely lost' <<<"$out" || { echo "no leak report:"; echo "$out"; exit 1; }
grep -qE 'Breakpoint 1, .*alloc8_report_hook' <<<"$out" || { echo "did not stop after the leak report:"; echo "$out"; exit 1; }
grep -qE 'inside the 40-byte block' <<<"$out" && grep -qE 'state: +live' <<<"$out" ||
    { echo "alloc8 block did not show the live 40-byte block:"; echo "$out"; exit 1; }
grep -qE 'in lose .*leak.c:4' <<<"$out" || { echo "the block's allocation stack is not shown:"; echo "$out"; exit 1; }
exit 0
