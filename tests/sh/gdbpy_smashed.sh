#!/usr/bin/env bash
# gdb/alloc8.py on damage: `alloc8 block` on a block whose header an
# overflow smashed says the header was overwritten (not "a slot that was
# never used") and names the block before it, whose right zone shows the
# overflow; on a quarantined block written after free, the free fill shows
# the changed byte at its offset.
set -u
command -v gdb >/dev/null || { echo "gdb is not installed"; exit 77; }
gdb -batch -nx -ex 'python import gdb' >/dev/null 2>&1 || { echo "gdb has no Python"; exit 77; }
cd "$A8_TMP"
src=$A8_ROOT/tests/gdb/gdbpy_smash.c
${CC:-gcc} -O0 -g -fno-builtin "$src" -o prog || exit 1
over_line=$(grep -n 'LINE:over' "$src" | cut -d: -f1)
out=$(timeout 50 gdb -batch -nx \
    -ex 'set startup-with-shell off' \
    -ex "set environment LD_PRELOAD $A8_LIB" \
    -ex 'set environment ALLOC8_OPTIONS guard_max=0:detect_leaks=0:exitcode=0' \
    -ex 'break stop_here' -ex run \
    -ex "source $A8_ROOT/gdb/alloc8.py" \
    -ex 'echo ==next\n' -ex 'alloc8 block g_next' \
    -ex 'echo ==over\n' -ex 'alloc8 block g_over' \
    -ex 'echo ==freed\n' -ex 'alloc8 block g_freed' \
    -ex 'echo ==end\n' -ex kill ./prog 2>&1)
fail=0
section() { awk -v s="==$1" '$0==s{on=1;next} /^==[a-z]+$/{on=0} on' <<<"$out"; }
expect() { # section, extended regex, what
    if ! section "$1" | grep -qE -- "$2"; then echo "FAIL [$1] $3: no match for /$2/"; fail=1; fi
}
expect next 'is in a slot whose header at 0x[0-9a-f]+ was OVERWRITTEN .*first bytes 78 78' "smashed header"
expect next 'the bytes after the 100-byte block before it are overwritten right up to the header' "the block before it"
expect next 'right zone: +[0-9]+ bytes CHANGED at 0 bytes after the end: 78 78' "its overflow"
expect next "#0 0x[0-9a-f]+ in main .*gdbpy_smash.c:$over_line " "its allocation frame"
section next | grep -q 'never used' && { echo "FAIL [next] called a never-used slot"; fail=1; }
expect over 'right zone: +[0-9]+ bytes CHANGED at 0 bytes after the end' "the overflow on the block itself"
expect over 'left zone: +intact' "its left zone"
expect freed 'state: +quarantined' "freed state"
expect freed 'free fill: +1 bytes CHANGED at offset 8: 75 \(expected dd\)' "the write after free"
[ $fail = 0 ] || { echo "--- gdb output"; echo "$out"; }
exit $fail
