#!/bin/bash
# The SUMMARY line of a report from a program built without debug info and
# stripped (as most distribution binaries are: groff's troff, say) names the
# program's own frame as module+offset, not the first frame that has a line,
# which is the C library's start-up code that called main.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >nodebug.c <<'C'
#include <stdlib.h>
int main(void)
{
    char *volatile p = malloc(24);
    free(p);
    free(p); /* double free */
    return 0;
}
C
${CC:-gcc} -O0 -g0 -fno-builtin nodebug.c -o nodebug && strip nodebug || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 ./nodebug 2>err
rc=$?
[ $rc -eq 23 ] || bad "exit $rc, expected 23"
grep -q 'ERROR: double-free' err || bad "no double-free report"
sum=$(grep '^SUMMARY: alloc8: double-free' err)
[ -n "$sum" ] || bad "no SUMMARY line"
# The second free's frame #0 is main's call, inside the stripped program.
frame0=$(awk '/ERROR: double-free/{f=1} f && /#0 /{print; exit}' err)
case $frame0 in
*"(./nodebug+0x"* | *"nodebug+0x"*) ;;
*) bad "frame #0 is not in the program: $frame0" ;;
esac
want=$(echo "$frame0" | grep -oE 'nodebug\+0x[0-9a-f]+')
[ "$sum" = "SUMMARY: alloc8: double-free $want" ] ||
    bad "SUMMARY names '$sum', expected 'SUMMARY: alloc8: double-free $want'"
echo "$sum" | grep -q 'libc_start' && bad "SUMMARY names the C library's start-up code"
[ $fail = 0 ] || cat err
exit $fail
