#!/bin/bash
# guard_size and the hint that names it.  Damage a check finds after the fact
# (an overflow or underflow found at free, a write after free found at exit)
# has no stack of the access; the report's "hint:" line names the options of
# a run that has one.  Each case runs the program, takes the options from the
# hint as a user would, runs again with them and expects the access caught
# at the instruction, in the function and at the line that does it:
#   over   a 40-byte block, the 2500th of 3000 live ones (past guard_max's
#          first 1024, not sampled): guard_size=40
#   slack  1 byte past a 26-byte block, inside the alignment slack:
#          guard_size=26:guard_align=1
#   under  1 byte before a 40-byte block: guard_size=40:guard_below=1
#   uaf    a write into a freed 40-byte block: guard_size=40
# Also: a LO-HI range with guard_max=0 (only the sizes asked for are
# guarded), JSON's rerun_options, no hint for a block too big for a guard
# page nor for a report a guard page made, and a bad value's one-line note.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >prog.c <<'C'
#include <stdlib.h>
#include <string.h>
struct rec { char name[40]; };
static struct rec *all[3000];
__attribute__((noinline)) void set_name(struct rec *r, const char *s)
{
    size_t i = 0;
    for (; s[i]; i++) r->name[i] = s[i]; /* OVER */
    r->name[i] = 0;
}
__attribute__((noinline)) void mark_end(char *p, int n)
{
    p[n] = '!'; /* SLACK */
}
__attribute__((noinline)) void mark_start(char *p)
{
    p[-1] = '<'; /* UNDER */
}
__attribute__((noinline)) void late_write(char *p)
{
    p[5] = 'x'; /* UAF */
}
int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    for (int i = 0; i < 3000; i++)
        all[i] = malloc(sizeof(struct rec));
    if (!strcmp(what, "over")) {
        set_name(all[2500], "a name that is longer than forty bytes, much too long");
    } else if (!strcmp(what, "slack")) {
        char *p = malloc(26);
        mark_end(p, 26);
        free(p);
    } else if (!strcmp(what, "under")) {
        mark_start(all[2600]->name);
    } else if (!strcmp(what, "uaf")) {
        char *p = all[2700]->name;
        free(p);
        all[2700] = NULL;
        late_write(p);
    } else if (!strcmp(what, "big")) {
        char *p = malloc(20000);
        mark_end(p, 20000);
        free(p);
    }
    for (int i = 0; i < 3000; i++)
        free(all[i]);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: building prog"; exit 1; }
line() { grep -n "/\* $1 \*/" prog.c | cut -d: -f1; }
run() { # options case
    LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0${1:+:$1} ./prog "$2"
}
hint_re='^hint: found at ([a-z ]+), not at the access; run again with ALLOC8_OPTIONS=([^ ]+) to stop at the access itself$'

# case kind want_options fn marker want_at
check_case() {
    local c=$1 kind=$2 want=$3 fn=$4 mark=$5 at=$6
    run "" "$c" >/dev/null 2>"$c.1"
    grep -q "ERROR: $kind " "$c.1" || bad "$c: first run has no $kind: $(head -3 "$c.1")"
    grep -q 'caught by a guard page' "$c.1" && bad "$c: the first run was already caught by a guard page"
    local h
    h=$(grep -E "$hint_re" "$c.1")
    [ -n "$h" ] || { bad "$c: no hint line: $(cat "$c.1")"; return; }
    local found opts
    found=$(sed -E "s/$hint_re/\\1/" <<<"$h")
    opts=$(sed -E "s/$hint_re/\\2/" <<<"$h")
    [ "$found" = "$at" ] || bad "$c: hint says found at '$found', want '$at'"
    [ "$opts" = "$want" ] || bad "$c: hint options '$opts', want '$want'"
    run "$opts" "$c" >/dev/null 2>"$c.2"
    grep -q "ERROR: $kind " "$c.2" || bad "$c: rerun with $opts: no $kind: $(head -3 "$c.2")"
    grep -qE 'WRITE .*\(caught by a guard page\)' "$c.2" || bad "$c: rerun with $opts not caught at the access: $(sed -n 3p "$c.2")"
    grep -qE " in $fn [^ ]*prog\.c:$(line "$mark"):" "$c.2" || bad "$c: rerun's stack lacks $fn at prog.c:$(line "$mark"): $(head -8 "$c.2")"
    grep -q '^hint:' "$c.2" && bad "$c: a report a guard page made has a hint"
}
check_case over heap-buffer-overflow guard_size=40 set_name OVER free
check_case slack heap-buffer-overflow guard_size=26:guard_align=1 mark_end SLACK free
check_case under heap-buffer-underflow guard_size=40:guard_below=1 mark_start UNDER free
check_case uaf heap-use-after-free guard_size=40 late_write UAF exit
grep -q 'located 0 bytes after the 40-byte block' over.1 || bad "over: first run's offset"
grep -q 'located 1 bytes before the 40-byte block' under.2 || bad "under: rerun's offset: $(grep located under.2)"
grep -q 'located 5 bytes inside the 40-byte block' uaf.2 || bad "uaf: rerun's offset: $(grep located uaf.2)"

# A range, and nothing else guarded.
run guard_size=30-50:guard_max=0 over >/dev/null 2>range.err
grep -q 'caught by a guard page' range.err || bad "guard_size=30-50 did not guard the 40-byte block"
grep -qE " in set_name [^ ]*prog\.c:$(line OVER):" range.err || bad "range: no set_name frame"
run guard_size=41-50:guard_max=0 over >/dev/null 2>range2.err
grep -q 'found at free' range2.err || bad "guard_size=41-50 guarded a 40-byte block"

# JSON carries the same options.
run report_format=json over >/dev/null 2>json.err
python3 - json.err <<'PY' || bad "json: no rerun_options guard_size=40"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
errs = [r for r in recs if r.get("kind") == "heap-buffer-overflow"]
sys.exit(0 if errs and errs[0].get("rerun_options") == "guard_size=40" else 1)
PY

# No hint for a block no guard page can take (20000 bytes > 16 KiB).
run "" big >/dev/null 2>big.err
grep -q 'located 0 bytes after the 20000-byte block' big.err || bad "big: no overflow report"
grep -q '^hint:' big.err && bad "big: a hint for a block too big for a guard page"

# A bad value: one line naming it, and the run goes on (exit 23: the overflow).
run guard_size=forty over >/dev/null 2>badval.err
rc=$?
[ "$(grep -c "option guard_size: bad value 'forty'" badval.err)" = 1 ] || bad "bad value: no one-line note: $(head -2 badval.err)"
[ $rc = 23 ] || bad "bad value: exit $rc, want 23 (the run goes on and finds the overflow)"
exit $fail
