# sym_libc.sh — libc frames symbolize from libc6-dbg's debug info
# (/usr/lib/debug/.build-id/...) with a function name and file:line: the
# qsort machinery around a comparator, and __libc_start_call_main below main.
. "$A8_ROOT/tests/sym/sym_lib.sh"
libc=$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)
bid=$(readelf -n "$libc" | awk '/Build ID:/ { print $3 }')
[ -f "/usr/lib/debug/.build-id/${bid:0:2}/${bid:2}.debug" ] ||
    sym_skip "libc6-dbg is not installed (no debug file for libc build-id $bid)"
sym_build
sym_run
out=$A8_TMP/out.txt
LIBC='/lib/x86_64-linux-gnu/libc.so.6'
# the comparator's caller is msort_with_tmp (stdlib/msort.c), then qsort_r
sect=$(awk '/^stack qsort:/ { on = 1; next } on && /^stack / { exit } on' "$out")
echo "$sect"
echo "$sect" | grep -qE "^    #0 0x[0-9a-f]+ in cmp_int $SYM_SRC/sym_prog.c:$(line_of sym_prog.c cmp):" ||
    { echo "FAIL: frame #0 is not cmp_int"; exit 1; }
echo "$sect" | grep -qE "^    #1 0x[0-9a-f]+ in msort_with_tmp[.a-z0-9]* [^ ]*stdlib/msort\.c:[0-9]+(:[0-9]+)? \($LIBC\)$" ||
    { echo "FAIL: frame #1 is not msort_with_tmp in msort.c:LINE"; exit 1; }
echo "$sect" | grep -qE "^    #[0-9]+ 0x[0-9a-f]+ in qsort_r [^ ]*stdlib/msort\.c:[0-9]+(:[0-9]+)? \($LIBC\)$" ||
    { echo "FAIL: no qsort_r frame with msort.c:LINE"; exit 1; }
echo "ok: qsort frames"
# the return address into __libc_start_call_main, right below main
after=$(awk '/^stack plain:/ { on = 1; next } on && m { print; exit } on && / in main / { m = 1 }' "$out")
echo "$after"
echo "$after" | grep -qE "^    #2 0x[0-9a-f]+ in __libc_start_call_main [^ ]*libc_start_call_main\.h:[0-9]+(:[0-9]+)? \($LIBC\)$" ||
    { echo "FAIL: the frame below main is not __libc_start_call_main file:line"; exit 1; }
echo "ok: __libc_start_call_main"
