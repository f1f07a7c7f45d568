#!/usr/bin/env bash
# The auto-load route: gdb/liballoc8.so-gdb.py installed next to the library
# (as `make install` would) loads gdb/alloc8.py by itself once the directory
# is in `auto-load safe-path`; no `source` needed.
set -u
command -v gdb >/dev/null || { echo "gdb is not installed"; exit 77; }
gdb -batch -nx -ex 'python import gdb' >/dev/null 2>&1 || { echo "gdb has no Python"; exit 77; }
cd "$A8_TMP"
mkdir -p lib share/alloc8/gdb
cp "$A8_LIB" lib/liballoc8.so
cp "$A8_ROOT/gdb/liballoc8.so-gdb.py" lib/
cp "$A8_ROOT/gdb/alloc8.py" share/alloc8/gdb/
${CC:-gcc} -O0 -g -fno-builtin "$A8_ROOT/tests/gdb/gdbpy_prog.c" -o prog || exit 1
out=$(timeout 50 gdb -batch -nx -iex "add-auto-load-safe-path $A8_TMP/lib" \
    -ex 'set startup-with-shell off' \
    -ex "set environment LD_PRELOAD $A8_TMP/lib/liballoc8.so" \
    -ex 'set environment ALLOC8_OPTIONS detect_leaks=0:redzone=32' \
    -ex 'break stop_here' -ex run \
    -ex 'alloc8 options' -ex 'alloc8 block g_live' -ex kill ./prog 2>&1)
fail=0
grep -qE '^\* redzone += 32' <<<"$out" || { echo "FAIL: alloc8 options not auto-loaded"; fail=1; }
grep -qE 'state: +live' <<<"$out" || { echo "FAIL: alloc8 block not auto-loaded"; fail=1; }
[ $fail = 0 ] || { echo "--- gdb output"; echo "$out"; }
exit $fail
