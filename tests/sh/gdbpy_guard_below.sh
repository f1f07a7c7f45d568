#!/usr/bin/env bash
# gdb/alloc8.py with guard_below=1, where each guarded block starts right
# after its guard page: `alloc8 block` places a pointer one byte before a
# block at the right offset and names the layout (guard page first); and
# `alloc8 gcore` leaves out the guard pages that are there (before the
# blocks), not the rw pages: the core has the blocks' bytes, and a second
# gdb reads a block and its stacks from it.
set -u
source "$A8_ROOT/tests/gdb/gdbpy_lib.sh"
gdbpy_build
alloc_line=$(marked_line alloc)
opts=guard_below=1:quarantine_mb=17:detect_leaks=0
out=$(gdbpy_live $opts \
    -ex 'echo ==live\n' -ex 'alloc8 block g_mid' \
    -ex 'echo ==before\n' -ex 'alloc8 block g_live - 1' \
    -ex 'echo ==aligned\n' -ex 'print/x (unsigned long)g_live & 4095' \
    -ex "alloc8 gcore $A8_TMP/core")
expect live 'is located 0 bytes inside the 3000-byte block' "live block"
expect live 'guarded class [0-9]+ \(guard page \+ 1 rw pages\)' "layout named: guard page first"
expect before 'is located 1 bytes before the 100-byte block' "a byte before the block"
expect aligned '= 0x0$' "the block starts at its page (right after the guard page)"
if [ ! -s core ]; then
    echo "$out" | tail -5
    echo "gdb could not generate a core file here (generate-core-file failed)"
    exit 77
fi
out=$(timeout 50 gdb -batch -nx \
    -ex "source $A8_ROOT/gdb/alloc8.py" \
    -ex 'echo ==core\n' -ex 'alloc8 block g_mid' \
    -ex 'echo ==bytes\n' -ex 'x/4c g_mid + 2996' \
    -ex 'echo ==end\n' ./prog core 2>&1)
expect core 'is located 0 bytes inside the 3000-byte block' "block from the core"
expect core "#0 0x[0-9a-f]+ in make_block .*gdbpy_prog.c:$alloc_line " "alloc stack from the core"
expect bytes "120 'x'.*120 'x'.*120 'x'.*120 'x'" "the block's last bytes are in the core"
[ $fail = 0 ] || { echo "--- gdb output"; echo "$out"; }
exit $fail
