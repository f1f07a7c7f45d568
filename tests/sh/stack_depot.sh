#!/bin/bash
# Unit tests of the stack depot (tests/unit/depot_test.c, built by make).
set -u
T="$A8_BUILD/test/depot_test"
[ -x "$T" ] || { echo "FAIL: $T not built (make check builds it)"; exit 1; }
fail=0
for mode in basic threads fork small; do
    if ! out=$("$T" $mode 2>&1) || [ "$out" != "$mode: OK" ]; then
        echo "FAIL: depot_test $mode:"; echo "$out"; fail=1
    fi
done
# The full depot: exactly one note, id 0 afterwards (checked inside).
"$T" full >"$A8_TMP/full.out" 2>"$A8_TMP/full.err"; rc=$?
n=$(grep -c '^alloc8: stack depot full (64 KiB): new stacks are not recorded' "$A8_TMP/full.err")
if [ $rc -ne 0 ] || [ "$n" != 1 ] || ! grep -qx 'full: OK' "$A8_TMP/full.out"; then
    echo "FAIL: depot_test full (rc=$rc, notes=$n):"; cat "$A8_TMP/full.out" "$A8_TMP/full.err"; fail=1
fi
[ $fail = 0 ] && echo "stack_depot: OK"
exit $fail
