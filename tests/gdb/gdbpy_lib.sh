# Sourced by tests/sh/gdbpy_*.sh: skip without gdb or its Python, and check
# the sections of one gdb run's output ($out: "==name" lines, then what the
# commands after them printed).
command -v gdb >/dev/null || { echo "gdb is not installed"; exit 77; }
gdb -batch -nx -ex 'python import gdb' >/dev/null 2>&1 || { echo "gdb has no Python"; exit 77; }
fail=0
section() { awk -v s="==$1" '$0==s{on=1;next} /^==[a-z]+$/{on=0} on' <<<"$out"; }
expect() { # section, extended regex, what
    if ! section "$1" | grep -qE -- "$2"; then echo "FAIL [$1] $3: no match for /$2/"; fail=1; fi
}
# gdb on ./prog run under alloc8 with ALLOC8_OPTIONS=$1, stopped in
# stop_here() with gdb/alloc8.py loaded; the other arguments are gdb's
# (-ex 'echo ==name\n' -ex 'alloc8 …' …).  Prints gdb's output.
gdbpy_live() {
    local opts=$1
    shift
    timeout 50 gdb -batch -nx \
        -ex 'set startup-with-shell off' \
        -ex "set environment LD_PRELOAD $A8_LIB" \
        -ex "set environment ALLOC8_OPTIONS $opts" \
        -ex 'break stop_here' -ex run \
        -ex "source $A8_ROOT/gdb/alloc8.py" \
        "$@" -ex 'echo ==end\n' -ex kill ./prog 2>&1
}
# Builds $1 (default tests/gdb/gdbpy_prog.c, kept in $src) into ./prog in
# $A8_TMP, the directory it leaves the script in.
gdbpy_build() {
    cd "$A8_TMP" || exit 1
    src=${1:-$A8_ROOT/tests/gdb/gdbpy_prog.c}
    ${CC:-gcc} -O0 -g -fno-builtin "$src" -o prog || exit 1
}
# The line of $src marked `// LINE:$1`.
marked_line() { grep -n "LINE:$1" "$src" | cut -d: -f1; }
