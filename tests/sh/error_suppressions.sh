#!/bin/bash
# suppressions=FILE for error reports: KIND:PATTERN and error:PATTERN lines
# (any frame of the stack where the error was found or of the block's
# allocation stack) and valgrind Memcheck:Free / Addr1 / FishyValue blocks
# (from the top of the stack where it was found, else the allocation's).
# A suppressed report is not printed and does not count (exit status,
# SUMMARY); the exit summary says what each suppression hid; a report of
# another kind or site is still printed; a bad entry gives one line.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >prog.c <<'C'
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
__attribute__((noinline)) char *make_buf(size_t n) { return malloc(n); }
__attribute__((noinline)) void legacy_cleanup(char *p) { free(p); free(p); }
__attribute__((noinline)) void parse_header(void)
{
    char *b = make_buf(10);
    memset(b, 'h', 11);
    free(b);
}
__attribute__((noinline)) void probe_limits(void)
{
    volatile size_t huge = SIZE_MAX - 4096;
    free(malloc(huge));
}
__attribute__((noinline)) void real_bug(void)
{
    int local;
    free(&local);
}
char *kept;
int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] == 'x') { /* an overflow only the exit check finds */
        kept = make_buf(12);
        kept[12] = 1;
        return 0;
    }
    legacy_cleanup(malloc(8));
    parse_header();
    probe_limits();
    if (argc < 2)
        real_bug();
    return 0;
}
C
$CC -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: build"; exit 1; }
# run SUPP OUT [ARGS...]: the program under the checker, leaks off
run() {
    local supp=$1 out=$2
    shift 2
    ALLOC8_OPTIONS="detect_leaks=0:suppressions=$supp${EXTRA:+:$EXTRA}" LD_PRELOAD=$A8_LIB \
        ./prog "$@" 2>"$out"
    echo $? >"$out.rc"
}
reported() { grep -c "alloc8: \(ERROR\|WARNING\): $1" "$2"; }

# Nothing suppressed: the four reports, as a baseline for what follows.
printf '# nothing\n' >none.supp
run none.supp none.out
for k in double-free heap-buffer-overflow allocation-size-too-big invalid-free; do
    [ "$(reported $k none.out)" = 1 ] || bad "baseline: $k not reported once"
done

# KIND:PATTERN, the pattern in the stack where it was found.
printf 'double-free:legacy_cleanup\n' >kind.supp
run kind.supp kind.out
[ "$(reported double-free kind.out)" = 0 ] || bad "double-free:legacy_cleanup did not hide it"
for k in heap-buffer-overflow allocation-size-too-big invalid-free; do
    [ "$(reported $k kind.out)" = 1 ] || bad "kind.supp hid $k too"
done
grep -qxF 'alloc8: 1 error reports suppressed (suppressions=kind.supp):' kind.out ||
    bad "kind.supp: no suppressed-reports line"
grep -qxF '  1 double-free reports matched by double-free:legacy_cleanup' kind.out ||
    bad "kind.supp: no per-suppression line"
grep -q '^alloc8: SUMMARY: 2 errors (1 heap-buffer-overflow, 1 invalid-free),' kind.out ||
    bad "kind.supp: SUMMARY counts a suppressed report"
[ "$(cat kind.out.rc)" = 23 ] || bad "kind.supp: exit $(cat kind.out.rc), want 23 (invalid-free left)"

# The kind must match: a use-after-free suppression leaves the double free.
printf 'heap-use-after-free:legacy_cleanup\n' >other.supp
run other.supp other.out
[ "$(reported double-free other.out)" = 1 ] || bad "a heap-use-after-free line hid a double-free"

# error:PATTERN matches any kind, here through the allocation stack
# (make_buf is only there: the overflow is found at parse_header's free).
printf 'error:make_buf\n' >alloc.supp
run alloc.supp alloc.out
[ "$(reported heap-buffer-overflow alloc.out)" = 0 ] || bad "error:make_buf did not hide the overflow"
[ "$(reported double-free alloc.out)" = 1 ] || bad "error:make_buf hid the double free"
grep -qxF '  1 heap-buffer-overflow reports matched by error:make_buf' alloc.out ||
    bad "alloc.supp: no per-suppression line"

# valgrind blocks: frame 0 the function called (Free), the faulting
# function (Addr), the allocation function (FishyValue); `...` too.
cat >vg.supp <<'V'
{
   legacy-double-free
   Memcheck:Free
   fun:free
   fun:legacy_cleanup
   fun:main
}
{
   header-overrun
   Memcheck:Addr1
   fun:parse_header
   ...
}
{
   limits-probe
   Memcheck:FishyValue
   fun:malloc
   fun:probe_limits
}
{
   not-ours
   Memcheck:Cond
   fun:main
}
V
run vg.supp vg.out
for k in double-free heap-buffer-overflow allocation-size-too-big; do
    [ "$(reported $k vg.out)" = 0 ] || bad "vg.supp did not hide $k"
done
[ "$(reported invalid-free vg.out)" = 1 ] || bad "vg.supp hid the invalid free"
grep -qxF 'alloc8: 3 error reports suppressed (suppressions=vg.supp):' vg.out ||
    bad "vg.supp: no suppressed-reports line"
for l in '1 double-free reports matched by legacy-double-free' \
    '1 heap-buffer-overflow reports matched by header-overrun' \
    '1 allocation-size-too-big reports matched by limits-probe'; do
    grep -qxF "  $l" vg.out || bad "vg.supp: no line '$l'"
done
# A Free block whose frames do not match hides nothing.
printf '{\n  wrong-caller\n  Memcheck:Free\n  fun:free\n  fun:parse_header\n}\n' >vgno.supp
run vgno.supp vgno.out
[ "$(reported double-free vgno.out)" = 1 ] || bad "a Free block naming parse_header hid legacy_cleanup's"

# Damage the exit check finds has no stack where it was found: a valgrind
# block is matched against the allocation stack then.
printf '{\n  exit-overrun\n  Memcheck:Addr1\n  fun:make_buf\n  fun:main\n}\n' >exit.supp
run none.supp exitnone.out x
[ "$(reported heap-buffer-overflow exitnone.out)" = 1 ] || bad "exit check: overflow not reported"
run exit.supp exit.out x
[ "$(reported heap-buffer-overflow exit.out)" = 0 ] || bad "exit-overrun did not hide the overflow"
grep -qxF '  1 heap-buffer-overflow reports matched by exit-overrun' exit.out ||
    bad "exit.supp: no per-suppression line"
[ "$(cat exit.out.rc)" = 0 ] || bad "exit.supp: exit $(cat exit.out.rc), want 0"

# Everything suppressed: the program's own status (0), and the JSON
# summary carries the count.
printf 'error:legacy_cleanup\nerror:parse_header\nallocation-size-too-big:probe_limits\n' >all.supp
EXTRA=report_format=json run all.supp all.out skip-real-bug
[ "$(cat all.out.rc)" = 0 ] || bad "all suppressed: exit $(cat all.out.rc), want 0"
python3 - all.out <<'PY' || bad "all.supp: JSON summary"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
assert not [r for r in recs if r.get("alloc8") in ("error", "warning")], "a record printed"
s = [r for r in recs if r.get("alloc8") == "summary"]
assert len(s) == 1 and s[0]["errors"] == 0 and s[0]["suppressed"] == 3, s
kinds = sorted(x["kind"] for x in s[0]["suppressions"])
assert kinds == ["allocation-size-too-big", "double-free", "heap-buffer-overflow"], kinds
PY

# A line that names no kind: one line naming it, the rest still used.
printf 'double-fee:legacy_cleanup\ndouble-free:legacy_cleanup\n' >typo.supp
run typo.supp typo.out
[ "$(grep -c 'suppressions=typo.supp:1:' typo.out)" = 1 ] || bad "typo: no single line naming line 1"
[ "$(reported double-free typo.out)" = 0 ] || bad "typo: the good line was not used"
# Unreadable: one line, every report printed.
run /nonexistent/e.supp gone.out
[ "$(grep -c 'suppressions=/nonexistent/e.supp: cannot read it' gone.out)" = 1 ] ||
    bad "unreadable file: no single line"
[ "$(reported double-free gone.out)" = 1 ] || bad "unreadable file: double free not reported"
[ $fail = 0 ] || tail -n 40 ./*.out
[ $fail = 0 ] && echo "error suppressions: ok"
exit $fail
