#!/bin/bash
# A program run by another one under alloc8 often has its stderr read by
# that one as its output (vim's `:%!tr a-z A-Z` reads tr's stdout and
# stderr into the file being edited; configure checks whether a compiler
# wrote anything to stderr).  There a clean run's SUMMARY line is left out
# unless it goes to a terminal or to log_path's file, or child_summary=1.
#   - capture: a shell under alloc8 captures a clean child's `2>&1`: exactly
#     the child's own output;
#   - an error in the child is reported all the same, SUMMARY included;
#   - child_summary=1 puts the clean line back; so does log_path's file;
#   - on a terminal (script(1)'s pty) the child's line is shown;
#   - a fork child without exec leaves its clean line out (a shell's every
#     subshell would add one); child_summary=1 keeps it;
#   - the top process (its parent runs without alloc8) keeps its line: the
#     shell's own line too (dash leaves by _exit, which is checked).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >clean.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    char *p = malloc(32);
    strcpy(p, "data");
    puts(p);
    free(p);
    return 0;
}
C
cat >ovf.c <<'C'
#include <stdlib.h>
int main(void)
{
    char *p = malloc(12);
    p[12] = 1; // LINE:overflow
    free(p);
    return 0;
}
C
cat >forks.c <<'C'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
    free(malloc(10));
    pid_t pid = fork();
    if (pid == 0) {
        free(malloc(20));
        exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
C
for p in clean ovf forks; do
    ${CC:-gcc} -O0 -g -fno-builtin $p.c -o $p-prog || { echo "FAIL: building $p-prog"; exit 1; }
done
under() { LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0${1:+:$1} sh -c "$2"; }

under "" 'out=$(./clean-prog 2>&1); printf "%s\n" "$out"' >cap.txt 2>sh.err
[ "$(cat cap.txt)" = data ] || bad "captured 2>&1 of a clean child: $(cat cap.txt)"
# The shell's own line (it leaves by _exit, which gets the exit check) is
# its stderr's one alloc8 line: the child's did not land there either.
[ "$(grep -c alloc8 sh.err)" = 1 ] && grep -q '^alloc8: SUMMARY: no errors' sh.err ||
    bad "shell's stderr: $(cat sh.err)"

under "" 'out=$(./ovf-prog 2>&1); printf "%s\n" "$out"' >cap.txt 2>/dev/null
grep -q '^alloc8: ERROR: heap-buffer-overflow' cap.txt || bad "the child's error: $(head -3 cap.txt)"
grep -q '^alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)' cap.txt || bad "the child's error SUMMARY: $(grep SUMMARY cap.txt)"
line=$(grep -n 'LINE:overflow' ovf.c | cut -d: -f1)
grep -q 'is located 0 bytes after the 12-byte block' cap.txt || bad "size/offset: $(grep -m1 located cap.txt)"

under "child_summary=1" 'out=$(./clean-prog 2>&1); printf "%s\n" "$out"' >cap.txt 2>/dev/null
grep -q '^alloc8: SUMMARY: no errors' cap.txt || bad "child_summary=1: $(cat cap.txt)"

rm -f lg.*
under "log_path=$A8_TMP/lg" 'out=$(./clean-prog 2>&1); printf "%s\n" "$out"' >cap.txt 2>/dev/null
[ "$(cat cap.txt)" = data ] || bad "log_path: captured: $(cat cap.txt)"
grep -l '^alloc8: SUMMARY: no errors' lg.* >/dev/null 2>&1 || bad "log_path: no file with the child's line: $(cat lg.* 2>&1 | head -5)"

if command -v script >/dev/null; then
    # "; true": the shell forks for the child, which so has a parent under alloc8
    LD_PRELOAD= script -qec "LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 sh -c './clean-prog; true'" /dev/null >tty.txt 2>&1
    # the child's line (its one block: stdout's buffer) and the shell's
    grep -Eq 'alloc8: SUMMARY: no errors, [0-9]+ bytes in 1 blocks' tty.txt &&
        [ "$(grep -c 'alloc8: SUMMARY: no errors' tty.txt)" = 2 ] ||
        bad "on a terminal: $(tr -d '\r' <tty.txt)"
else
    echo "(no script(1): the terminal case is not run)"
fi

LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 ./forks-prog 2>forks.err
[ "$(grep -c '^alloc8: SUMMARY: no errors' forks.err)" = 1 ] || bad "fork child and parent: $(cat forks.err)"
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0:child_summary=1 ./forks-prog 2>forks.err
[ "$(grep -c '^alloc8: SUMMARY: no errors' forks.err)" = 2 ] ||
    bad "fork child and parent, child_summary=1: $(cat forks.err)"
# A shell's subshells: one line, the shell's (dash's leave by _exit)
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 sh -c 'a=$(echo 1); b=$(echo 2); (true)' 2>subsh.err
[ "$(grep -c '^alloc8: SUMMARY: no errors' subsh.err)" = 1 ] || bad "subshells: $(cat subsh.err)"

LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 ./clean-prog >/dev/null 2>top.err
grep -q '^alloc8: SUMMARY: no errors' top.err || bad "top process: $(cat top.err)"
[ $fail = 0 ] && echo "child_summary: OK"
exit $fail
