#!/bin/bash
# log_path=stdout sends reports to fd 1, in order with what the program
# printed there (nothing to stderr, no file named stdout.<pid>);
# log_path=stderr is the default stream, not a file named stderr.<pid>.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >ovf.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    char *p = malloc(12);
    printf("before\n");
    fflush(stdout);
    p[12] = 1;
    free(p); /* the overflow is found here */
    printf("after\n");
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin ovf.c -o ovf || { echo "FAIL: building ovf"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=stdout:detect_leaks=0 ./ovf >out.txt 2>err.txt
[ -s err.txt ] && bad "log_path=stdout: stderr got: $(head -3 err.txt)"
ls stdout.* >/dev/null 2>&1 && bad "log_path=stdout made a file: $(ls stdout.*)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' out.txt || bad "no report on stdout: $(head -5 out.txt)"
grep -q 'ovf.c:9' out.txt || bad "report lacks the free site ovf.c:9: $(grep -m3 ' #' out.txt)"
b=$(grep -n -m1 '^before$' out.txt | cut -d: -f1)
r=$(grep -n -m1 '^alloc8: ERROR' out.txt | cut -d: -f1)
a=$(grep -n -m1 '^after$' out.txt | cut -d: -f1)
[ -n "$b" ] && [ -n "$r" ] && [ -n "$a" ] && [ "$b" -lt "$r" ] && [ "$r" -lt "$a" ] ||
    bad "stdout order: before at ${b:-?}, report at ${r:-?}, after at ${a:-?}"
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=stderr:detect_leaks=0 ./ovf >out2.txt 2>err2.txt
ls stderr.* >/dev/null 2>&1 && bad "log_path=stderr made a file: $(ls stderr.*)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' err2.txt || bad "log_path=stderr: no report on stderr: $(head -3 err2.txt)"
grep -q 'alloc8' out2.txt && bad "log_path=stderr: stdout got: $(head -3 out2.txt)"
[ $fail = 0 ] && echo "log_path streams: OK"
exit $fail
