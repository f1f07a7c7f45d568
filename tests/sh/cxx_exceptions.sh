#!/bin/bash
# C++ exceptions under every library: thrown and caught in 8 threads at
# once, through C frames (a callback driver and a qsort comparator, built
# -fexceptions), rethrown, carried across threads with exception_ptr.  The
# transcript must be identical to the run without alloc8, exit 0 everywhere.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
${CC:-gcc} -O0 -g -fno-builtin -fexceptions -c "$A8_ROOT/tests/progs/exc_cfuncs.c" -o exc_cfuncs.o &&
${CXX:-g++} -O0 -g -fno-builtin -pthread "$A8_ROOT/tests/progs/exc_main.cc" exc_cfuncs.o -o exc ||
    { echo "FAIL: build"; exit 1; }
timeout 60 ./exc >out.native 2>err.native || bad "native: exit $?"
grep -q '^thread 7 rethrown: boom 7$' out.native || bad "native transcript wrong: $(head -3 out.native)"
for mode in fast checker simple; do
    case $mode in fast) pre=$A8_FAST ;; checker) pre=$A8_LIB ;; simple) pre=$A8_SIMPLE ;; esac
    # exc_c_each leaks its scratch block on purpose: no leak check here
    timeout 60 env ALLOC8_OPTIONS=detect_leaks=0 LD_PRELOAD=$pre ./exc >out.$mode 2>err.$mode
    rc=$?
    [ $rc -eq 0 ] || bad "$mode: exit $rc: $(head -c 1500 err.$mode)"
    diff -u out.native out.$mode >diff.$mode || { bad "$mode: transcript differs"; head -20 diff.$mode; }
done
exit $fail
