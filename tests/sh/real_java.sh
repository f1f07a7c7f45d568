#!/bin/bash
# A real program that lives on SIGSEGV: the HotSpot JVM turns faults into
# NullPointerExceptions (compiled code's implicit null checks) and polls with
# faulting loads, through its own SIGSEGV handler.  alloc8 keeps its handler
# for guard pages and calls the JVM's for every other fault.  Under the
# checker, java/Npe.java (a hot loop in which one call in 16 gets a null,
# then four worker threads filling TreeMaps):
# - prints what it prints natively and exits 0;
# - the JVM takes its thousands of SIGSEGVs (counted with strace, natively
#   and under the checker) and survives each;
# - alloc8 reports no errors (leaks are the JVM's own, not checked here).
set -u
cd "$A8_TMP"
command -v java >/dev/null && command -v javac >/dev/null ||
    { echo "skip: no java/javac on this machine (a JDK, e.g. Debian's default-jdk-headless)"; exit 77; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cp "$A8_ROOT/tests/sh/java/Npe.java" . || { echo "FAIL: no Npe.java"; exit 1; }
javac Npe.java || { echo "FAIL: javac"; exit 1; }
java Npe >native.out 2>native.err
nrc=$?
grep -q '^sum=11875000 npes=25000 keys=40028$' native.out || bad "native run printed: $(cat native.out native.err | head -3)"
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 java Npe >on.out 2>on.err
rc=$?
[ $rc = $nrc ] || bad "exit $rc under the checker, $nrc natively: $(grep -v 'no debug info' on.err | head -5)"
cmp -s native.out on.out || bad "output differs from native: $(diff native.out on.out | head -5)"
grep -q '^alloc8: SUMMARY: no errors' on.err || bad "alloc8 reported: $(grep -E 'ERROR|SUMMARY' on.err | head -5)"
if command -v strace >/dev/null; then
    segvs() { grep -c -- '--- SIGSEGV' "$1"; }
    strace -f -qq -e trace=none -e signal=SIGSEGV -o native.strace java Npe >/dev/null 2>&1
    LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 strace -f -qq -e trace=none -e signal=SIGSEGV \
        -o on.strace java Npe >on2.out 2>/dev/null
    n=$(segvs native.strace) o=$(segvs on.strace)
    [ "$n" -ge 100 ] || bad "natively the JVM took only $n SIGSEGVs (the test expects its implicit null checks)"
    [ "$o" -ge 100 ] || bad "under the checker the JVM took only $o SIGSEGVs"
    cmp -s native.out on2.out || bad "the run under strace printed: $(head -3 on2.out)"
fi
exit $fail
