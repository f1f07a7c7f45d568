#!/bin/bash
# The CLI wrapper tools/alloc8: runs the program with an absolute LD_PRELOAD
# (prepended to an existing one), passes the exit status through, appends
# --opt / --log to ALLOC8_OPTIONS (an existing value first), --fast loads
# liballoc8-fast.so, works through a symlink, and fails with one line and
# exit 2 on usage errors.
set -u
cd "$A8_TMP"
A8="$A8_ROOT/tools/alloc8"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
[ -f "$A8_LIB" ] && [ -f "$A8_FAST" ] || { echo "FAIL: libraries not built"; exit 1; }

out=$("$A8" -- /bin/echo hi 2>err); rc=$?
[ "$out" = hi ] && [ $rc = 0 ] || bad "echo: rc=$rc out='$out' err=$(cat err)"
out=$("$A8" /bin/echo no-dashdash 2>/dev/null)
[ "$out" = no-dashdash ] || bad "without --: '$out'"

"$A8" -- sh -c 'exit 7' 2>/dev/null; rc=$?
[ $rc = 7 ] || bad "exit status: $rc, want 7"

# The environment the program sees.
env_of() { "$A8" "$@" sh -c 'printf "%s\n%s\n" "$LD_PRELOAD" "${ALLOC8_OPTIONS-<unset>}"' 2>/dev/null; }
mapfile -t e < <(env_of --)
[ "${e[0]}" = "$(readlink -f "$A8_LIB")" ] || bad "LD_PRELOAD='${e[0]}', want the absolute checker library"
[ "${e[1]}" = "<unset>" ] || bad "ALLOC8_OPTIONS set without options: '${e[1]}'"
mapfile -t e < <(LD_PRELOAD=/lib/other.so ALLOC8_OPTIONS=verbosity=0 env_of --opt dedup=0 --opt=trace=0 --log rel/log --)
[ "${e[0]}" = "$(readlink -f "$A8_LIB"):/lib/other.so" ] || bad "existing LD_PRELOAD: '${e[0]}'"
[ "${e[1]}" = "verbosity=0:dedup=0:trace=0:log_path=$A8_TMP/rel/log" ] || bad "ALLOC8_OPTIONS='${e[1]}'"

# --opt reaches the library: trace lines.
cat >t.c <<'C'
#include <stdlib.h>
int main(void) { free(malloc(33)); return 0; }
C
${CC:-gcc} -O0 -g -fno-builtin t.c -o t || { echo "FAIL: building t"; exit 1; }
"$A8" --opt trace=1 -- ./t 2>trace.err || bad "trace run: exit $?"
grep -Eq '^alloc8: trace: T0 malloc\(33\) = 0x' trace.err || bad "--opt trace=1: no trace line: $(head -5 trace.err)"

# --log PATH writes PATH.<pid>
"$A8" --log "$A8_TMP/lg" --opt trace=1 -- ./t 2>log.err || bad "log run: exit $?"
n=$(ls "$A8_TMP"/lg.* 2>/dev/null | wc -l)
[ "$n" = 1 ] && grep -q 'malloc(33)' "$A8_TMP"/lg.* || bad "--log: want one lg.<pid> with the trace ($n files)"
grep -q 'malloc(33)' log.err && bad "--log: trace still went to stderr"

# --guard-all: every block gets a guard page, not the first 1024 and then
# one in 1024: the 1500th block's overflow faults at the write (the report
# says "caught by a guard page" and names the line); without it, that block
# has none and the overflow is found at free.
cat >g.c <<'C'
#include <stdlib.h>
#include <string.h>
static char *blocks[1500];
static void overrun(char *p) { for (int i = 0; i < 4096 + 8; i++) p[i] = 'a'; } /* LINE:bug */
int main(void)
{
    for (int i = 0; i < 1500; i++)
        blocks[i] = malloc(4096);
    overrun(blocks[1499]);
    for (int i = 0; i < 1500; i++)
        free(blocks[i]);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin g.c -o g || { echo "FAIL: building g"; exit 1; }
mapfile -t e < <(env_of --guard-all --opt guard_below=0 --)
[ "${e[1]}" = "guard_max=1000000:guard_sample=1:guard_below=0" ] || bad "--guard-all: ALLOC8_OPTIONS='${e[1]}'"
"$A8" --guard-all --opt detect_leaks=0 -- ./g 2>gall.err
grep -q 'caught by a guard page' gall.err && grep -Eq '#[01] 0x[0-9a-f]+ in overrun .*g\.c:4:' gall.err ||
    bad "--guard-all: the 1500th block's overflow not caught at the write: $(head -4 gall.err)"
"$A8" --opt detect_leaks=0 -- ./g 2>gone.err
grep -q 'found at free' gone.err && ! grep -q 'caught by a guard page' gone.err ||
    bad "without --guard-all the 1500th block should have no guard page: $(head -4 gone.err)"

# --fast: the child maps liballoc8-fast.so, not the checker.
"$A8" --fast -- cat /proc/self/maps >fast.maps 2>/dev/null || bad "--fast: exit $?"
grep -q '/liballoc8-fast\.so$' fast.maps || bad "--fast: liballoc8-fast.so not mapped"
grep -q '/liballoc8\.so$' fast.maps && bad "--fast: the checker library is mapped"
"$A8" -- cat /proc/self/maps >chk.maps 2>/dev/null
grep -q '/liballoc8\.so$' chk.maps || bad "default: liballoc8.so not mapped"

# Through a symlink, from another directory (the real path finds the library).
mkdir -p bin && ln -sf "$A8" bin/a8
(cd / && "$A8_TMP/bin/a8" -- /bin/echo linked) >link.out 2>&1
[ "$(head -1 link.out)" = linked ] && grep -q '^alloc8: SUMMARY: no errors' link.out ||
    bad "via symlink: $(cat link.out)"

# -q (exit_summary=0): a clean process prints nothing at exit, in a process
# tree too; one with an error still prints its report and its SUMMARY line,
# and a warning (here malloc's size above max_size) keeps the line as well.
cat >q.c <<'C'
#include <stdlib.h>
int main(int argc, char **argv)
{
    char *p = malloc(8);
    if (argc > 1 && argv[1][0] == 'o')
        p[8] = 1; /* one past the end: found at free */
    if (argc > 1 && argv[1][0] == 'w')
        free(malloc(1u << 20)); /* above max_size=4096 below: a warning */
    free(p);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin q.c -o q || { echo "FAIL: building q"; exit 1; }
"$A8" -q --opt detect_leaks=0 -- sh -c './q; ./q' >q.out 2>q.err; rc=$?
[ $rc = 0 ] && [ ! -s q.err ] && [ ! -s q.out ] || bad "-q, clean tree: rc=$rc, stderr: $(head -3 q.err)"
"$A8" --quiet --opt detect_leaks=0 -- ./q >/dev/null 2>q.err
[ ! -s q.err ] || bad "--quiet, clean: $(head -3 q.err)"
"$A8" --opt detect_leaks=0 -- ./q 2>q.err
grep -q '^alloc8: SUMMARY: no errors' q.err || bad "without -q, clean: no SUMMARY line: $(head -3 q.err)"
"$A8" -q --opt detect_leaks=0 -- ./q overflow 2>q.err; rc=$?
[ $rc = 23 ] && grep -q '^alloc8: ERROR: heap-buffer-overflow' q.err &&
    grep -q '^alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)' q.err ||
    bad "-q with an error: rc=$rc: $(head -3 q.err)"
"$A8" -q --opt detect_leaks=0 --opt max_size=4096 -- ./q warn 2>q.err
grep -q '^alloc8: WARNING' q.err && grep -q '^alloc8: SUMMARY: no errors' q.err ||
    bad "-q with a warning: $(head -3 q.err)"
mapfile -t e < <(env_of -q --)
[ "${e[1]}" = "exit_summary=0" ] || bad "-q: ALLOC8_OPTIONS='${e[1]}'"

# --help, --version, usage errors: one line, exit 2.
"$A8" --help >help.out 2>&1 || bad "--help: exit $?"
grep -q 'ALLOC8_OPTIONS=help=1' help.out && grep -q -- '--fast' help.out || bad "--help text"
v=$("$A8" --version) && [[ "$v" =~ ^alloc8\ [0-9]+\.[0-9]+\.[0-9]+ ]] || bad "--version: '$v'"
for args in "" "--" "--bogus x" "--opt" "--opt novalue --" "--log"; do
    # shellcheck disable=SC2086
    "$A8" $args >u.out 2>u.err; rc=$?
    [ $rc = 2 ] && [ "$(wc -l <u.err)" = 1 ] && grep -q '^alloc8: ' u.err && [ ! -s u.out ] ||
        bad "usage error '$args': rc=$rc, stderr: $(cat u.err)"
done
# Library missing: a copy of the script with no library next to it.
mkdir -p lonely/tools && cp "$A8" lonely/tools/alloc8
lonely/tools/alloc8 -- /bin/true 2>miss.err; rc=$?
[ $rc = 2 ] && [ "$(wc -l <miss.err)" = 1 ] && grep -q 'liballoc8.so not found' miss.err ||
    bad "missing library: rc=$rc: $(cat miss.err)"
# A program that is not there: one line naming it, exit 127 as a shell's.
for missing in no-such-program-a8 ./no/such/program; do
    "$A8" -- "$missing" >m.out 2>m.err; rc=$?
    [ $rc = 127 ] && [ "$(cat m.err)" = "alloc8: $missing: no such program" ] && [ ! -s m.out ] ||
        bad "missing program '$missing': rc=$rc, stderr: $(cat m.err)"
done

[ $fail = 0 ] && echo "cli_run: OK"
exit $fail
