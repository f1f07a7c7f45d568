#!/bin/bash
# ALLOC8_OPTIONS problems: an unknown key and each kind of bad value give
# exactly one line, naming the option and (for a bad value) the value given
# and the value kept; the program runs on; good options around a bad one
# still take effect.  Checked under the checker and the fast library.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
${CC:-gcc} -O0 -g -fno-builtin "$A8_ROOT/tests/progs/opt_prog.c" -o prog || exit 1

# run LIB OPTIONS: stdout → out, alloc8's stderr lines (clean exit summary
# removed) → notes
run() {
    timeout 30 env ALLOC8_OPTIONS=$2 LD_PRELOAD=$1 ./prog >out 2>err
    local rc=$?
    [ $rc -eq 0 ] || bad "$2: exit $rc"
    grep -qx 'ran on secure=0' out || bad "$2: program did not run on: $(cat out)"
    grep -v '^alloc8: SUMMARY: no errors' err >notes
}
one_line() { # options regex-that-the-line-must-match...
    local opts=$1 n
    shift
    n=$(wc -l <notes)
    [ "$n" -eq 1 ] || { bad "[$lib] '$opts': $n lines, want 1: $(cat notes)"; return; }
    for re in "$@"; do
        grep -Eq -- "$re" notes || bad "[$lib] '$opts': line lacks /$re/: $(cat notes)"
    done
}
# the default as the option table defines it
depth_default=$(grep -oE 'A8_OPT_int\(stack_depth, [0-9]+' "$A8_ROOT/core/options.def" | grep -oE '[0-9]+$')
for lib in "$A8_LIB" "$A8_FAST"; do
    run "$lib" ""
    [ -s notes ] && bad "[$lib] no options, yet stderr: $(cat notes)"
    run "$lib" "no_such_option=1"
    one_line "no_such_option=1" "no_such_option" "ignored|unknown"
    run "$lib" "verbosity=abc"
    one_line "verbosity=abc" "verbosity" "'?abc'?" "kept 0"
    run "$lib" "verbosity=9"
    one_line "verbosity=9" "verbosity" "'?9'?" "kept 0"
    run "$lib" "verbosity=-1"
    one_line "verbosity=-1" "verbosity" "'?-1'?" "kept 0"
    run "$lib" "stack_depth=99999999999999999999999"
    one_line "stack_depth=huge" "stack_depth" "kept $depth_default"
    run "$lib" "trace=maybe"
    one_line "trace=maybe" "trace" "'?maybe'?" "kept 0"
    run "$lib" "verbosity"
    one_line "verbosity (no value)" "verbosity" "kept"
    # empty items are not problems
    run "$lib" "::"
    [ -s notes ] && bad "[$lib] '::' gave: $(cat notes)"
    # a bad option between good ones: one complaint, the good ones apply
    # (verbosity=1 makes the library announce itself at start-up)
    run "$lib" "trace=0:bogus=2:verbosity=1"
    grep -c 'bogus' notes | grep -qx 1 || bad "[$lib] bogus not named once: $(cat notes)"
    grep -q 'ready' notes || bad "[$lib] verbosity=1 after a bad option not applied: $(cat notes)"
    # the last of a repeated option wins
    run "$lib" "verbosity=1:verbosity=0"
    [ -s notes ] && bad "[$lib] verbosity=1:verbosity=0 still verbose: $(cat notes)"
done
exit $fail
