#!/bin/bash
# A suppressions file that valgrind itself wrote (--gen-suppressions=all) for
# a C++ program, used as is: its Memcheck:Free blocks (mangled names, sized
# operator delete as frame 0) hide alloc8's alloc-dealloc-mismatch and
# double-free reports, its Memcheck:Leak blocks the definite leak; a bug it
# has no entry for is still reported.
set -u
cd "$A8_TMP"
command -v valgrind >/dev/null || { echo "skip: valgrind is not installed (make deps installs it)"; exit 77; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >p.cc <<'CC'
#include <cstdlib>
struct Legacy {
    int *data;
    static Legacy *make() { Legacy *l = new Legacy; l->data = new int[4]; return l; }
    void cleanup() { delete data; } // new[] freed with delete
};
__attribute__((noinline)) void twice(int *p) { delete p; delete p; }
__attribute__((noinline)) void fresh_bug(char *p) { free(p + 1); }
int main(int argc, char **)
{
    Legacy *l = Legacy::make();
    l->cleanup();
    twice(new int(3));
    Legacy::make()->data = nullptr; // leaked, its array too
    if (argc > 1)
        fresh_bug(static_cast<char *>(malloc(8)));
    return 0;
}
CC
$CXX -O0 -g -fno-inline p.cc -o p || { echo "FAIL: build"; exit 1; }
valgrind -q --leak-check=full --gen-suppressions=all ./p 2>vg.err
grep -v '^==' vg.err >vg.supp
[ "$(grep -c 'Memcheck:Free' vg.supp)" = 2 ] || bad "valgrind wrote no two Free suppressions"
grep -q 'fun:_ZdlPv' vg.supp || bad "valgrind's suppressions name no mangled operator delete"
grep -q 'fun:_ZN6Legacy' vg.supp || bad "valgrind's suppressions name no mangled Legacy method"

LD_PRELOAD=$A8_LIB ./p 2>plain.out
for k in alloc-dealloc-mismatch double-free; do
    grep -q "alloc8: ERROR: $k" plain.out || bad "without suppressions: no $k"
done
ALLOC8_OPTIONS=suppressions=vg.supp LD_PRELOAD=$A8_LIB ./p 2>supp.out
rc=$?
grep -q 'alloc8: ERROR: \(alloc-dealloc-mismatch\|double-free\)' supp.out &&
    bad "valgrind's Free suppressions did not hide the reports"
grep -qxF 'alloc8: 2 error reports suppressed (suppressions=vg.supp):' supp.out ||
    bad "no suppressed-reports line"
grep -q 'leak check (at exit): no leaks;.* 32 bytes in 3 blocks suppressed' supp.out ||
    bad "valgrind's Leak suppressions did not hide the leaks"
[ $rc = 0 ] || bad "all suppressed: exit $rc, want 0"
grep -q '^alloc8: SUMMARY: no errors,' supp.out || bad "SUMMARY counts suppressed reports"
ALLOC8_OPTIONS=suppressions=vg.supp LD_PRELOAD=$A8_LIB ./p fresh 2>fresh.out
grep -q 'alloc8: ERROR: invalid-free' fresh.out || bad "a bug with no suppression was hidden"
[ $fail = 0 ] || tail -n 30 ./*.out vg.supp
[ $fail = 0 ] && echo "valgrind's own suppressions: ok"
exit $fail
