#!/bin/bash
# A multithreaded real program: Debian's xz -T2 compresses ~20 MB of
# generated data in every mode; the .xz is byte-identical to the native one
# (xz's threaded output depends only on the data, preset and block size) and
# passes xz -t.
set -u
. "$A8_ROOT/tests/progs/real_lib.sh"
need xz
seq 1 2800000 | awk '{ print $1, $1 % 977, ($1 * 7) % 1013 }' >"$A8_TMP/data"
size=$(stat -c %s "$A8_TMP/data")
[ "$size" -gt 20000000 ] || bad "generated only $size bytes"
CHECK_FILES="data.xz"
session() {
    $RUN xz -T2 -1 --block-size=2MiB -c "$A8_TMP/data" >data.xz && $RUN xz -t data.xz &&
        $RUN xz -dc data.xz | md5sum
}
export A8_TMP
SIMPLE_STATS=0 # xz fclose()s stderr before exit: the heap's exit line is lost
run_modes xz session
# …so show the example heap is live in xz with a start-up note instead
env LD_PRELOAD="$A8_SIMPLE" ALLOC8_OPTIONS=verbosity=1 xz -T2 -1 -c /dev/null 2>&1 >/dev/null |
    grep -q "heap 'simple_heap'" || bad "xz: the example heap does not load"
md5sum <"$A8_TMP/data" | cmp -s - "$A8_TMP/xz.native.out" || bad "xz round trip changed the data"
exit $fail
