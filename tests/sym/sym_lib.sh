# sym_lib.sh — sourced by tests/sh/sym_*.sh: build the symbolizer test
# program and its libraries into $A8_TMP, run it, and helpers that read the
# expected lines off the sources (LINE:<tag> markers).
set -euo pipefail
: "${A8_ROOT:?}" "${A8_BUILD:?}" "${A8_TMP:?}"
CC=${CC:-gcc}
CXX=${CXX:-g++}
SYM_SRC=$A8_ROOT/tests/sym
SYM_LIBS="$A8_BUILD/test/libsym_harness.a -ldw -lelf /usr/lib/x86_64-linux-gnu/libiberty.a -ldl -lpthread"

sym_skip() { echo "SKIP: $*"; exit 77; }

[ -f "$A8_BUILD/test/libsym_harness.a" ] || sym_skip "build/test/libsym_harness.a not built (make check builds it)"

# Build prog (-O0 -g; sym_inl.c at -O2), dl.so, stripped.so, deleted.so.
sym_build() {
    local H="-I$SYM_SRC"
    cd "$A8_TMP"
    "$CC" -O0 -g -fno-builtin $H -c "$SYM_SRC/sym_prog.c" -o prog.o
    "$CC" -O2 -g -fno-builtin $H -c "$SYM_SRC/sym_inl.c" -o inl.o
    "$CXX" -O0 -g -fno-builtin $H -c "$SYM_SRC/sym_tmpl.cpp" -o tmpl.o
    "$CXX" -o prog prog.o inl.o tmpl.o $SYM_LIBS
    "$CC" -O0 -g -fno-builtin -shared -fPIC "$SYM_SRC/sym_dl.c" -o dl.so
    cp dl.so stripped.so
    strip --strip-all stripped.so
    cp dl.so deleted.so
    EXE=$(readlink -f "$A8_TMP/prog")
    TMPR=$(dirname "$EXE")
}

# Run it: in-process output in out.txt, raw form in raw.txt.
sym_run() {
    "$@" "$A8_TMP/prog" "$A8_TMP/raw.txt" "$TMPR/dl.so" "$TMPR/stripped.so" "$TMPR/deleted.so" \
        >"$A8_TMP/out.txt" 2>"$A8_TMP/err.txt" || {
        echo "test program failed: $?"; cat "$A8_TMP/err.txt"; exit 1; }
}

# line_of FILE TAG: the line number of the "LINE:TAG */" marker in FILE.
line_of() {
    local n
    n=$(grep -n "LINE:$2 \*/" "$SYM_SRC/$1" | cut -d: -f1)
    [ -n "$n" ] || { echo "no LINE:$2 in $1"; exit 1; }
    echo "$n"
}
# col_of FILE TAG TOKEN: 1-based column of TOKEN on that line.
col_of() {
    local l
    l=$(line_of "$1" "$2")
    sed -n "${l}p" "$SYM_SRC/$1" | awk -v t="$3" '{ i = index($0, t); if (!i) exit 1; print i }'
}
# at FILE TAG TOKEN: "SRC/FILE:LINE:COL"
at() { echo "$SYM_SRC/$1:$(line_of "$1" "$2"):$(col_of "$1" "$2" "$3")"; }

# stack NAME [FILE]: the lines of stack NAME, addresses filtered, cut after
# the frame in main.
stack() {
    awk -v s="stack $1:" '
        $0 == s { on = 1; print; next }
        on && /^stack / { exit }
        on { print; if ($0 ~ / in main /) exit }' "${2:-$A8_TMP/out.txt}" |
        sed -E 's/^(    #[0-9]+) 0x[0-9a-f]+/\1 0xADDR/'
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1"
        diff <(echo "$2") <(echo "$3") || true
        exit 1
    fi
    echo "ok: $1"
}
