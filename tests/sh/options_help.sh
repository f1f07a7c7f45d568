#!/bin/bash
# help=1 lists every option of core/options.def with its default, and the
# program then runs on normally.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
${CC:-gcc} -O0 -g -fno-builtin "$A8_ROOT/tests/progs/opt_prog.c" -o prog || exit 1
# name and default of each table row
grep -E '^A8_OPT_(bool|int|str)\(' "$A8_ROOT/core/options.def" |
    sed -E 's/^A8_OPT_[a-z]+\(([a-z_0-9]+), *("[^"]*"|[^,]+),.*/\1 \2/' >table
[ "$(wc -l <table)" -ge 5 ] || bad "parsed only $(wc -l <table) options from options.def"
for lib in "$A8_LIB" "$A8_FAST"; do
    timeout 30 env ALLOC8_OPTIONS=help=1 LD_PRELOAD=$lib ./prog >out 2>help
    [ $? -eq 0 ] || bad "help=1: exit non-zero"
    grep -qx 'ran on secure=0' out || bad "help=1: program did not run on"
    while read -r name def; do
        case $def in
        \"*) def=${def//\"/}; want="'$def'" ;;        # a string: shown quoted
        0x*) want=$((def)) ;;                           # hex in the table
        *) want=$def ;;
        esac
        line=$(grep -E "^ +$name +" help)
        [ -n "$line" ] || { bad "[$lib] help lacks $name"; continue; }
        grep -qF -- "$want" <<<"$line" || bad "[$lib] $name: default $want not on: $line"
    done <table
    # every option line of the help output is a table row (nothing made up)
    grep -E '^  [a-z_0-9]+ +default' help | awk '{print $1}' | sort >listed
    awk '{print $1}' table | sort >rows
    diff rows listed >/dev/null || bad "[$lib] help lists other options than the table: $(diff rows listed)"
done
exit $fail
