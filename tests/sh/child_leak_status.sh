#!/bin/bash
# leak_exitcode is the status of the program you run under alloc8, not of
# every program it runs: a program run by another one under alloc8 keeps its
# status when it only leaked (its leaks are reported all the same), since
# that parent takes a non-zero status for a failure of its own.  gcc's
# driver stopped after `as` leaked and exited 24: `alloc8 -- gcc` built
# nothing.
#   - a shell under alloc8 runs a leaking child: status 0, leak reported
#     with the child's allocation site;
#   - child_leak_exitcode=1: the child exits 24 again;
#   - a child with a heap error still exits 23 (exitcode is every process's);
#   - a fork child keeps its status too (dpkg-deb's decompressing child
#     exited 24 and dpkg-deb failed): its parent gets 0, and the program
#     you ran exits 24 for it, with a note; a grandchild is counted the
#     same; the leak is reported with the child's allocation site;
#   - child_leak_exitcode=1: the fork child exits 24, as under LSan;
#   - a fork child with a heap error still exits 23;
#   - the program itself, leaking: 24;
#   - `alloc8 -- gcc` builds the program (as, collect2 and ld leak).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >leak.c <<'C'
#include <stdlib.h>
void *volatile sink;
int main(void)
{
    sink = malloc(40); // LINE:leak
    sink = NULL;
    return 0;
}
C
cat >ovf.c <<'C'
#include <stdlib.h>
int main(void)
{
    char *p = malloc(12);
    p[12] = 1;
    free(p);
    return 0;
}
C
cat >forkleak.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
void *volatile sink;
/* argv[1]: leak (a 33-byte leak in the child), ovf (an overflow in the
 * child), grand (the leak in a fork child of the fork child) */
static int child(const char *how)
{
    if (strcmp(how, "grand") == 0) {
        pid_t g = fork();
        if (g == 0)
            return child("leak");
        int st = 0;
        waitpid(g, &st, 0);
        printf("grandchild status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return 0;
    }
    char *p = malloc(33); // LINE:forkleak
    if (strcmp(how, "ovf") == 0) {
        p[33] = 1;
        free(p);
        return 0;
    }
    sink = p;
    sink = NULL;
    return 0;
}
int main(int argc, char **argv)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        exit(child(argc > 1 ? argv[1] : "leak"));
    int st = 0;
    waitpid(pid, &st, 0);
    printf("fork child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
C
for p in leak ovf forkleak; do
    ${CC:-gcc} -O0 -g -fno-builtin $p.c -o $p-prog || { echo "FAIL: building $p-prog"; exit 1; }
done
line=$(grep -n 'LINE:leak' leak.c | cut -d: -f1)
under() { LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=${1:-verbosity=0} sh -c "$2"; }

under "" './leak-prog; echo "status $?"' >out.txt 2>err.txt
grep -q '^status 0$' out.txt || bad "leaking child under a shell under alloc8: $(cat out.txt)"
grep -q '^40 bytes in 1 blocks are definitely lost' err.txt || bad "the child's leak record: $(grep -m2 lost err.txt)"
grep -qE "#0 0x[0-9a-f]+ in main \S*leak\.c:$line:" err.txt || bad "the leak's site leak.c:$line: $(grep -m3 ' #' err.txt)"

under "child_leak_exitcode=1" './leak-prog; echo "status $?"' >out.txt 2>/dev/null
grep -q '^status 24$' out.txt || bad "child_leak_exitcode=1: $(cat out.txt)"

under "" './ovf-prog; echo "status $?"' >out.txt 2>err.txt
grep -q '^status 23$' out.txt || bad "a child's heap error: $(cat out.txt)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' err.txt || bad "the child's report: $(head -3 err.txt)"

fline=$(grep -n 'LINE:forkleak' forkleak.c | cut -d: -f1)
LD_PRELOAD=$A8_LIB ./forkleak-prog leak >out.txt 2>err.txt
rc=$?
grep -q '^fork child status 0$' out.txt || bad "fork child: $(cat out.txt)"
[ $rc = 24 ] || bad "the program whose fork child leaked exited $rc, want 24"
grep -q '^33 bytes in 1 blocks are definitely lost' err.txt || bad "the fork child's leak record: $(grep -m2 lost err.txt)"
grep -qE "#0 0x[0-9a-f]+ in child \S*forkleak\.c:$fline:" err.txt ||
    bad "the fork child's leak site forkleak.c:$fline: $(grep -m3 ' #' err.txt)"
grep -q '^alloc8: 1 fork child of this process leaked (its report is its own): exit status 24$' err.txt ||
    bad "no note of the fork child's leak: $(grep '^alloc8:' err.txt)"

LD_PRELOAD=$A8_LIB ./forkleak-prog grand >out.txt 2>err.txt
rc=$?
grep -q '^grandchild status 0$' out.txt && grep -q '^fork child status 0$' out.txt ||
    bad "grandchild: $(cat out.txt)"
[ $rc = 24 ] || bad "the program whose grandchild leaked exited $rc, want 24"

LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=child_leak_exitcode=1 ./forkleak-prog leak >out.txt 2>/dev/null
grep -q '^fork child status 24$' out.txt || bad "fork child, child_leak_exitcode=1: $(cat out.txt)"

LD_PRELOAD=$A8_LIB ./forkleak-prog ovf >out.txt 2>err.txt
grep -q '^fork child status 23$' out.txt || bad "fork child's heap error: $(cat out.txt)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' err.txt || bad "the fork child's report: $(head -3 err.txt)"

LD_PRELOAD=$A8_LIB ./leak-prog 2>/dev/null
rc=$?
[ $rc = 24 ] || bad "the program itself leaking exited $rc"

echo 'int main(void) { return 0; }' >h.c
under "" "${CC:-gcc} h.c -o h-prog; echo \"gcc \$?\"" >out.txt 2>gcc.txt
grep -q '^gcc 0$' out.txt && [ -x h-prog ] ||
    bad "gcc under alloc8: $(cat out.txt), built: $(ls h-prog 2>&1): $(grep -v '^ ' gcc.txt | head -5)"
grep -q 'definitely lost' gcc.txt || bad "gcc's tools' leaks are not reported: $(head -3 gcc.txt)"
[ $fail = 0 ] && echo "child_leak_status: OK"
exit $fail
