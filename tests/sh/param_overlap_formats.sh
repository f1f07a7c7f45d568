#!/bin/bash
# param-overlap in its other forms: the JSON record (the copy's destination
# as "access", its source as "source", the block and the call site), and
# suppressions: a valgrind Memcheck:Overlap block (written here as valgrind
# writes one, and, when valgrind is installed, the one valgrind itself
# writes for this program) and an alloc8 KIND:PATTERN line hide the report
# at their site only; the other overlap is still reported and counted.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >prog.c <<'C'
#include <stdlib.h>
#include <string.h>
__attribute__((noinline)) void legacy_shift(char *p)
{
    strncpy(p, p + 2, 20); /* LEGACY */
}
__attribute__((noinline)) void fresh_bug(char *p)
{
    memcpy(p + 4, p, 8); /* FRESH */
}
int main(void)
{
    char *p = malloc(40);
    strcpy(p, "abcdefghij");
    legacy_shift(p);
    fresh_bug(p);
    free(p);
    return 0;
}
C
$CC -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: build"; exit 1; }
legacy=$(grep -n 'LEGACY' prog.c | cut -d: -f1)
fresh=$(grep -n 'FRESH' prog.c | cut -d: -f1)
run() { # run OUT OPTIONS
    ALLOC8_OPTIONS="detect_leaks=0:guard_max=0${2:+:$2}" LD_PRELOAD=$A8_LIB ./prog 2>"$1"
    echo $? >"$1.rc"
}

run json.out report_format=json
python3 - json.out "$legacy" "$fresh" <<'PY' || bad "JSON records"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
errs = [r for r in recs if r.get("alloc8") == "error"]
assert [r["kind"] for r in errs] == ["param-overlap"] * 2, [r.get("kind") for r in errs]
legacy, fresh = errs
d, s = int(legacy["access"]["address"], 16), int(legacy["source"]["address"], 16)
assert legacy["call"] == "strncpy", legacy["call"]
assert legacy["access"]["type"] == "WRITE" and legacy["access"]["size"] == 9, legacy["access"]
assert legacy["source"]["size"] == 9 and s == d + 2, (legacy["source"], hex(d))
assert int(legacy["address"], 16) == s, legacy["address"]
assert legacy["block"]["size"] == 40 and legacy["block"]["offset"] == 2, legacy["block"]
assert "overlap in 7 bytes" in legacy["message"], legacy["message"]
top = legacy["stacks"]["here"][0]
assert top["function"] == "legacy_shift" and top["line"] == int(sys.argv[2]), top
assert legacy["stacks"]["alloc"][0]["function"] == "main", legacy["stacks"]["alloc"][0]
assert fresh["call"] == "memcpy" and fresh["access"]["size"] == 8, fresh
assert int(fresh["source"]["address"], 16) + 4 == int(fresh["access"]["address"], 16), fresh
assert fresh["block"]["offset"] == 4 and "overlap in 4 bytes" in fresh["message"], fresh
assert fresh["stacks"]["here"][0]["line"] == int(sys.argv[3]), fresh["stacks"]["here"][0]
s = [r for r in recs if r.get("alloc8") == "summary"]
assert len(s) == 1 and s[0]["errors"] == 2, s
PY
[ "$(cat json.out.rc)" = 23 ] || bad "json: exit $(cat json.out.rc), want 23"

# supp FILE NAME: FILE hides the strncpy report only, matched by NAME.
supp() {
    run "$1.out" "suppressions=$1"
    grep -q 'alloc8: ERROR: param-overlap' "$1.out" || bad "$1 hid the memcpy overlap too"
    grep -q 'strncpy.s destination' "$1.out" && bad "$1 did not hide the strncpy overlap"
    grep -qxF "  1 param-overlap reports matched by $2" "$1.out" || bad "$1: no line for $2"
    grep -q '^alloc8: SUMMARY: 1 errors (1 param-overlap)' "$1.out" || bad "$1: SUMMARY"
    [ "$(cat "$1.out.rc")" = 23 ] || bad "$1: exit $(cat "$1.out.rc"), want 23"
}
printf '{\n   old-shift\n   Memcheck:Overlap\n   fun:strncpy\n   fun:legacy_shift\n   fun:main\n}\n' \
    >vgstyle.supp
supp vgstyle.supp old-shift
printf 'param-overlap:legacy_shift\n' >kind.supp
supp kind.supp param-overlap:legacy_shift
# The kind must match: an overflow line for the same function hides nothing.
printf 'heap-buffer-overflow:legacy_shift\n' >other.supp
run other.out suppressions=other.supp
[ "$(grep -c 'alloc8: ERROR: param-overlap' other.out)" = 2 ] || bad "another kind's line hid one"

if command -v valgrind >/dev/null; then
    valgrind -q --gen-suppressions=all ./prog 2>vg.err
    # valgrind 3.19 reports glibc 2.36's strncpy overlap (its memcpy one it
    # does not): keep the entry that names legacy_shift.
    grep -v '^==' vg.err | awk '/^{/{b=""} {b=b $0 "\n"} /^}/{if (b ~ /legacy_shift/) printf "%s", b}' \
        >vg.supp
    if grep -q 'Memcheck:Overlap' vg.supp; then
        supp vg.supp '<insert_a_suppression_name_here>'
    else
        bad "valgrind wrote no Overlap suppression for legacy_shift: $(cat vg.err)"
    fi
else
    echo "note: valgrind is not installed: its own suppression is not tried"
fi
[ $fail = 0 ] || tail -n 30 ./*.out
[ $fail = 0 ] && echo "param-overlap formats: ok"
exit $fail
