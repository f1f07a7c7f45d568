#!/bin/bash
# suppressions=FILE in each format — alloc8's own lines, LSan leak: lines,
# valgrind { } blocks (with ... and match-leak-kinds) — the per-suppression
# counts, and an unreadable or malformed file (one line, the run goes on).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >prog.c <<'C'
#include <stdlib.h>
void *sink[1];
__attribute__((noinline)) void *cache_fill(int n) { return malloc(n); }
__attribute__((noinline)) void parse_config(void) { for (int i = 0; i < 3; i++) cache_fill(10); }
__attribute__((noinline)) void real_bug(void) { malloc(200); }
int main(void) { parse_config(); real_bug(); return 0; }
C
$CC -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: build"; exit 1; }
run() { ALLOC8_OPTIONS="suppressions=$1" LD_PRELOAD=$A8_LIB ./prog 2>"$2"; echo $? >"$2.rc"; }
expect_suppressed() { # file out name
    grep -q '200 bytes in 1 blocks are definitely lost in loss record 1 of 1' "$2" ||
        bad "$1: the real bug is not reported alone"
    grep -q 'in cache_fill' "$2" && bad "$1: cache_fill not suppressed"
    grep -q '        suppressed: 30 bytes in 3 blocks' "$2" || bad "$1: suppressed total"
    grep -qF "  3 blocks (30 bytes) matched by $3" "$2" || bad "$1: per-suppression count"
    grep -q 'SUMMARY: alloc8: 200 byte(s) leaked in 1 allocation(s).' "$2" || bad "$1: SUMMARY"
    [ "$(cat "$2.rc")" = 24 ] || bad "$1: exit $(cat "$2.rc")"
}
printf '# alloc8 format\nfun:cache_f*\n' >own.supp
run own.supp own.out
expect_suppressed own own.out "fun:cache_f*"
printf 'src:prog.c:3\n' >src.supp
run src.supp src.out
expect_suppressed src src.out "src:prog.c:3"
printf 'leak:parse_conf\n' >lsan.supp
run lsan.supp lsan.out
expect_suppressed lsan lsan.out "leak:parse_conf"
cat >vg.supp <<'V'
{
   config-cache
   Memcheck:Leak
   match-leak-kinds: definite
   fun:malloc
   fun:cache_fill
   ...
   fun:main
}
{
   other-tool
   Memcheck:Cond
   fun:foo
}
V
run vg.supp vg.out
expect_suppressed valgrind vg.out "config-cache"
printf '{\n  wrong-kinds\n  Memcheck:Leak\n  match-leak-kinds: reachable\n  fun:malloc\n  fun:cache_fill\n}\n' >vgk.supp
run vgk.supp vgk.out
grep -q '30 bytes in 3 blocks are definitely lost' vgk.out || bad "match-leak-kinds: reachable suppressed a definite leak"
printf 'obj:*/prog\n' >obj.supp
run obj.supp obj.out
grep -q '230 bytes in 4 blocks suppressed' obj.out || bad "obj: did not suppress everything in prog"
[ "$(cat obj.out.rc)" = 0 ] || bad "all suppressed: exit $(cat obj.out.rc)"
# unreadable: one line, the check runs
run /nonexistent/x.supp none.out
[ "$(grep -c 'suppressions=/nonexistent/x.supp' none.out)" = 1 ] || bad "unreadable file: no single line"
grep -q 'SUMMARY: alloc8: 230 byte(s) leaked' none.out || bad "unreadable file stopped the check"
# malformed: one line naming the place, the good entries still used
printf 'fun:cache_fill\nthis is not a suppression\nbogus:x\n' >bad.supp
run bad.supp bad.out
[ "$(grep -c 'suppressions=bad.supp:2:' bad.out)" = 1 ] || bad "malformed file: no single line naming line 2"
grep -q 'suppressed: 30 bytes in 3 blocks' bad.out || bad "malformed file: good entry not used"
[ $fail = 0 ] || tail -n 30 *.out
exit $fail
