#!/bin/bash
# A program started with a descriptor limit that leaves alloc8 next to
# nothing (ulimit -n 5: 0-2 are the program's, 3 alloc8's copy of stderr,
# 4 its reserve descriptor) and no CAP_SYS_RESOURCE to raise it.
# Start-up still finds the main thread's stack bounds (glibc reads
# /proc/self/maps for them) and loads libunwind in the reserve's number,
# given up for the call and made again: the report has its stacks, and the
# leak check its maps.  Without that room, stack capture had no bounds and
# every stack was "<no stack recorded>".  The error report cannot open the
# program's file (alloc8 would keep it, and the reserve is the leak
# check's): module+offset frames, and a note that says why; the leak report
# at exit, after the scan, spends the reserve on it: symbolized.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >few.c <<'C'
#include <stdlib.h>
#include <string.h>
static char *kept;
int main(void)
{
    kept = malloc(100);
    char *p = malloc(24);
    memset(p, 1, 25); /* line 8: one byte past the block */
    free(p);          /* line 9: found here */
    char *lost = malloc(55); /* line 10 */
    lost[0] = 1;
    return kept == 0;
}
C
$CC -g -O0 -fno-builtin -o few few.c || exit 1

if (ulimit -n 5 && ulimit -Hn 6 2>/dev/null); then
    echo "SKIP: this shell may raise its descriptor limit (CAP_SYS_RESOURCE): the room would come from that"
    exit 77
fi
(ulimit -n 5 && LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=off:exitcode=0 ./few) 2>err.txt
rc=$?
[ "$rc" = 24 ] || bad "exit status $rc, want 24 (the leak)"
grep -q 'ERROR: heap-buffer-overflow' err.txt || bad "no heap-buffer-overflow report"
sed -n '/heap-buffer-overflow/,/^SUMMARY/p' err.txt >error.txt
[ "$(grep -c '^    #0 0x[0-9a-f]* (/.*/few+0x' error.txt)" = 2 ] ||
    bad "the error report's stacks (free, allocation) do not start in few's code"
grep -q "^alloc8: cannot open $PWD/few (errno 24: no descriptor left, and the limit cannot be raised): its frames show module+offset" err.txt ||
    bad "no note on the program's file"
grep -q 'no stack recorded' err.txt && bad "a stack was not recorded"
grep -q 'falling back to glibc backtrace' err.txt && bad "libunwind was not loaded"
grep -q '55 bytes in 1 blocks are definitely lost' err.txt || bad "the 55-byte leak is not reported"
grep -q 'in main .*few.c:10' err.txt || bad "no allocation frame of the leak at few.c:10"
grep -q '100 bytes in 1 blocks are definitely lost' err.txt && bad "the global's block is called lost"
[ "$fail" = 0 ] || { echo "--- report"; cat err.txt; exit 1; }
echo "ok: stacks, libunwind and the leak check with 5 descriptors"
