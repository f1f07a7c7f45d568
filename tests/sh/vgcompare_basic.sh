#!/usr/bin/env bash
# gdb/valgrind_compare.py: on one-bug programs (an overflow just past a
# 64-byte block that alloc8's guard page catches, a double free, a
# use-after-free read, a read() given more than its block: valgrind's
# system call parameter error, a strncpy whose source and destination
# overlap, a freed path handed to open, a NULL write: a fatal SIGSEGV, a
# failed assert: a fatal SIGABRT) valgrind and alloc8 find the same kind at the same
# file:line; --strict exits 1 when they disagree (alloc8's leak check off).
set -u
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
cd "$A8_TMP"
fail=0
cmp=$A8_ROOT/gdb/valgrind_compare.py
for name in vg_overflow:overflow vg_double_free:double-free vg_uaf_read:use-after-free \
    vg_syscall_overflow:overflow vg_overlap:overlap vg_path_uaf:use-after-free \
    vg_null_deref:deadly-signal vg_abort:killed-by-signal; do
    prog=${name%%:*} kind=${name#*:}
    src=$A8_ROOT/tests/gdb/$prog.c
    ${CC:-gcc} -O0 -g -fno-builtin "$src" -o "$prog" || { echo "FAIL: build $prog"; fail=1; continue; }
    line=$(grep -n '// BUG' "$src" | cut -d: -f1)
    out=$(timeout 25 python3 "$cmp" --lib "$A8_LIB" --strict -- "./$prog")
    rc=$?
    if [ $rc != 0 ] || ! grep -qE "^both +$kind +$prog.c:$line " <<<"$out" ||
        ! grep -q '^1 found by both, 0 only by valgrind, 0 only by alloc8' <<<"$out"; then
        echo "FAIL: $prog (exit $rc):"; echo "$out"; fail=1
    fi
done
# A disagreement: a leak valgrind sees and alloc8 was told not to look for.
cat > leak.c <<'C'
#include <stdlib.h>
int main(void) { void *p = malloc(40); p = 0; return p != 0; }
C
${CC:-gcc} -O0 -g -fno-builtin leak.c -o leak || exit 1
out=$(timeout 25 python3 "$cmp" --lib "$A8_LIB" --strict --alloc8-options detect_leaks=0 -- ./leak)
rc=$?
[ $rc = 1 ] && grep -qE '^only valgrind +leak-definite +leak.c:2 ' <<<"$out" ||
    { echo "FAIL: disagreement not reported (exit $rc):"; echo "$out"; fail=1; }
out=$(timeout 25 python3 "$cmp" --lib "$A8_LIB" --alloc8-options detect_leaks=0 -- ./leak)
[ $? = 0 ] || { echo "FAIL: without --strict the exit status must be 0"; fail=1; }
exit $fail
