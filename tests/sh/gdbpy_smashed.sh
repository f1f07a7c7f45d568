#!/usr/bin/env bash
# gdb/alloc8.py on damage: `alloc8 block` on a block whose header an
# overflow smashed says the header was overwritten (not "a slot that was
# never used") and names the block before it, whose right zone shows the
# overflow; on a quarantined block written after free, the free fill shows
# the changed byte at its offset.
set -u
source "$A8_ROOT/tests/gdb/gdbpy_lib.sh"
gdbpy_build "$A8_ROOT/tests/gdb/gdbpy_smash.c"
over_line=$(marked_line over)
out=$(gdbpy_live guard_max=0:detect_leaks=0:exitcode=0:check_calls=0 \
    -ex 'echo ==next\n' -ex 'alloc8 block g_next' \
    -ex 'echo ==over\n' -ex 'alloc8 block g_over' \
    -ex 'echo ==freed\n' -ex 'alloc8 block g_freed')
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
