#!/usr/bin/env bash
# gdb/alloc8.py on a core file: `alloc8 gcore` writes a core without alloc8's
# hundreds of GiB of never-committed reservation; a second gdb on that core
# answers `alloc8 block`, `alloc8 heap`, `alloc8 options` from memory alone,
# and `alloc8 leaks` refuses (a core cannot run code).
set -u
source "$A8_ROOT/tests/gdb/gdbpy_lib.sh"
gdbpy_build
alloc_line=$(marked_line alloc)
free_line=$(marked_line free)
# Refuse to write more than 1 GiB whatever happens (the whole reservation
# would be ~320 GiB): a file size limit for gdb and its children.
gen=$( (ulimit -f 1048576; timeout 50 gdb -batch -nx \
    -ex 'set startup-with-shell off' \
    -ex "set environment LD_PRELOAD $A8_LIB" \
    -ex 'set environment ALLOC8_OPTIONS quarantine_mb=17:detect_leaks=0' \
    -ex 'break stop_here' -ex run \
    -ex "source $A8_ROOT/gdb/alloc8.py" \
    -ex "alloc8 gcore $A8_TMP/core" -ex kill ./prog) 2>&1)
if [ ! -s core ] || ! grep -q 'Saved corefile' <<<"$gen"; then
    echo "$gen" | tail -5
    echo "gdb could not generate a core file here (generate-core-file failed)"
    exit 77
fi
size=$(stat -c %s core)
[ "$size" -lt $((512 << 20)) ] || { echo "FAIL: core is $size bytes: reservations were dumped"; exit 1; }
out=$(timeout 50 gdb -batch -nx \
    -ex "source $A8_ROOT/gdb/alloc8.py" \
    -ex 'echo ==freed\n' -ex 'alloc8 block g_freed + 2' \
    -ex 'echo ==live\n' -ex 'alloc8 block g_mid' \
    -ex 'echo ==heap\n' -ex 'alloc8 heap' \
    -ex 'echo ==options\n' -ex 'alloc8 options' \
    -ex 'echo ==leaks\n' -ex 'alloc8 leaks' \
    -ex 'echo ==end\n' ./prog core 2>&1)
expect freed 'is located 2 bytes inside the 48-byte block' "freed pointer in the core"
expect freed 'state: +quarantined' "state in the core"
expect freed "#0 0x[0-9a-f]+ in release .*gdbpy_prog.c:$free_line " "free stack from the core's depot"
expect freed "#0 0x[0-9a-f]+ in make_block .*gdbpy_prog.c:$alloc_line " "alloc stack from the core's depot"
expect live 'is located 0 bytes inside the 3000-byte block' "live block in the core"
expect heap '^live: 103100 bytes in 3 blocks$' "heap totals in the core"
expect options 'quarantine_mb += 17' "options in the core"
expect leaks 'needs a live process' "leaks refuses a core"
[ $fail = 0 ] || { echo "--- gdb output"; echo "$out"; }
exit $fail
