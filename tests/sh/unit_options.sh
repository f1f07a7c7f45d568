#!/usr/bin/env bash
# Unit test of the option parser (core/options.c) through build/alloc8-options:
# values land in the right fields, each problem is one note naming the option
# and the value kept, later good options still apply.
set -u
bin="$A8_BUILD/alloc8-options"
[ -x "$bin" ] || { echo "missing $bin"; exit 1; }
fail=0
expect() { # expect OUTPUT LINE
    if ! grep -qxF -- "$2" <<<"$1"; then echo "missing line: $2"; fail=1; fi
}
out=$("$bin" --parse 'quarantine_mb=64:trace=1:redzone=0x40:log_path=/tmp/x:report_format=json')
expect "$out" "quarantine_mb=64"
expect "$out" "trace=1"
expect "$out" "redzone=64"
expect "$out" "log_path='/tmp/x'"
expect "$out" "report_format='json'"
expect "$out" "problems=0"

out=$("$bin" --parse 'quarantine_mb=lots:nosuch=1:trace=maybe:stack_depth=9999:exitcode=7')
expect "$out" "note: option quarantine_mb: bad value 'lots' (expected an integer 0..1048576), kept 256"
expect "$out" "note: unknown option 'nosuch' ignored (help=1 lists them)"
expect "$out" "note: option trace: bad value 'maybe' (expected 0 or 1), kept 0"
expect "$out" "note: option stack_depth: bad value '9999' (expected an integer 1..256), kept 16"
expect "$out" "exitcode=7"
expect "$out" "problems=4"
[ "$(grep -c '^note:' <<<"$out")" -eq 4 ] || { echo "expected exactly 4 notes"; fail=1; }

# empty items and a trailing colon are fine
out=$("$bin" --parse '::trace=1:')
expect "$out" "problems=0"
expect "$out" "trace=1"

# the help text lists every option of options.def with its default
help=$("$bin")
for name in $(grep -oE '^A8_OPT_(bool|int|str)\(([a-z_]+)' "$A8_ROOT/core/options.def" | sed 's/.*(//'); do
    grep -qE "^  $name +default" <<<"$help" || { echo "help lacks $name"; fail=1; }
done
exit $fail
