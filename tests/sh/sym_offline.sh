# sym_offline.sh — build/alloc8-symbolize turns the raw form the program
# wrote into exactly the in-process output; other lines pass through; a
# build-id mismatch is reported once and those frames stay unsymbolized.
. "$A8_ROOT/tests/sym/sym_lib.sh"
TOOL=$A8_BUILD/alloc8-symbolize
[ -x "$TOOL" ] || sym_skip "$TOOL not built"
sym_build
sym_run
grep -v '^cache' "$A8_TMP/out.txt" >"$A8_TMP/inproc.txt"
grep -qE '^    #0 0x[0-9a-f]+ \(/.*prog\+0x[0-9a-f]+\) BuildId: [0-9a-f]{40}$' "$A8_TMP/raw.txt" ||
    { echo "FAIL: raw form"; head "$A8_TMP/raw.txt"; exit 1; }
"$TOOL" "$A8_TMP/raw.txt" >"$A8_TMP/offline.txt"
cmp "$A8_TMP/inproc.txt" "$A8_TMP/offline.txt" ||
    { diff "$A8_TMP/inproc.txt" "$A8_TMP/offline.txt" | head -20; echo "FAIL: offline differs"; exit 1; }
echo "ok: offline == in-process ($(wc -l <"$A8_TMP/offline.txt") lines)"
# stdin, and lines that are not raw frames pass through unchanged
{ echo "hello"; cat "$A8_TMP/raw.txt"; echo "  #x not a frame"; } | "$TOOL" >"$A8_TMP/stdin.txt"
{ echo "hello"; cat "$A8_TMP/inproc.txt"; echo "  #x not a frame"; } | cmp - "$A8_TMP/stdin.txt" ||
    { echo "FAIL: stdin / pass-through"; exit 1; }
echo "ok: stdin and pass-through"
# a wrong build-id: one note on stderr, the frames unsymbolized
sed -E "s#(\($TMPR/dl\.so\+0x[0-9a-f]+\) BuildId: )[0-9a-f]+#\1deadbeef#" "$A8_TMP/raw.txt" >"$A8_TMP/bad.txt"
"$TOOL" "$A8_TMP/bad.txt" >"$A8_TMP/bad.out" 2>"$A8_TMP/bad.err"
[ "$(grep -c 'does not match' "$A8_TMP/bad.err")" = 1 ] && grep -q "$TMPR/dl.so: build-id .* does not match the stack's deadbeef" "$A8_TMP/bad.err" ||
    { echo "FAIL: mismatch note"; cat "$A8_TMP/bad.err"; exit 1; }
got=$(stack dlclosed "$A8_TMP/bad.out" | sed -n 2,3p | sed -E 's/\+0x[0-9a-f]+/+0xOFF/')
expect_eq "mismatch leaves frames unsymbolized" "    #0 0xADDR ($TMPR/dl.so+0xOFF)
    #1 0xADDR ($TMPR/dl.so+0xOFF)" "$got"
# --strip-path-prefix: the same lines with the module (and file) paths cut
# through the prefix, as strip_path_prefix does in process
"$TOOL" --strip-path-prefix="$TMPR/" "$A8_TMP/raw.txt" >"$A8_TMP/strip.txt"
grep -q "(prog+0x\|(prog)" "$A8_TMP/strip.txt" || { echo "FAIL: nothing stripped"; head "$A8_TMP/strip.txt"; exit 1; }
sed "s#$TMPR/##g" "$A8_TMP/inproc.txt" | cmp - "$A8_TMP/strip.txt" ||
    { sed "s#$TMPR/##g" "$A8_TMP/inproc.txt" | diff - "$A8_TMP/strip.txt" | head; echo "FAIL: --strip-path-prefix"; exit 1; }
echo "ok: --strip-path-prefix"
