#!/usr/bin/env bash
# `break alloc8_report_hook` in gdb stops right after a report, with the
# program's frame that made the bad call on the stack.
set -u
command -v gdb >/dev/null || { echo "gdb is not installed"; exit 77; }
cd "$A8_TMP"
cat > bug.c <<'C'
#include <stdlib.h>
static void release_twice(char *p) { free(p); free(p); }
int main(void) { release_twice(malloc(8)); return 0; }
C
${CC:-gcc} -O0 -g -fno-builtin bug.c -o bug || exit 1
out=$(timeout 120 gdb -batch -nx \
    -ex 'set startup-with-shell off' \
    -ex "set environment LD_PRELOAD $A8_LIB" \
    -ex 'set environment ALLOC8_OPTIONS detect_leaks=0' \
    -ex 'set breakpoint pending on' \
    -ex 'break alloc8_report_hook' \
    -ex run -ex bt -ex kill ./bug 2>&1)
grep -q 'alloc8: ERROR: double-free' <<<"$out" || { echo "no report:"; echo "$out"; exit 1; }
grep -qE 'Breakpoint 1, .*alloc8_report_hook' <<<"$out" || { echo "did not stop in the hook:"; echo "$out"; exit 1; }
grep -qE 'in release_twice .*bug.c:2' <<<"$out" || { echo "user frame not on the stack:"; echo "$out"; exit 1; }
