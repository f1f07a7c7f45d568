#!/bin/bash
# Start-up: allocations in C and C++ static constructors (before main and
# before alloc8's own constructor may have run), a dlopen'd library that
# allocates in its constructor, setlocale(LC_ALL, ""), getaddrinfo (NSS
# modules), in every mode.  Exit 0 and the same fixed transcript everywhere.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
${CC:-gcc} -O0 -g -fno-builtin -fPIC -shared "$A8_ROOT/tests/progs/startup_lib.c" \
    -o libstartup.so || { echo "FAIL: build lib"; exit 1; }
${CXX:-g++} -O0 -g -fno-builtin "$A8_ROOT/tests/progs/startup_main.cc" -o startup -ldl ||
    { echo "FAIL: build prog"; exit 1; }
cat >expected <<'X'
static constructor ran; table=200; string=300; heap=50
lib constructor ran
reopened: yes
setlocale: ok
getaddrinfo: rc=0 results>0=1
done
X
# A locale that exists on every Debian system, so setlocale(LC_ALL, "")
# succeeds and loads locale data.
export LC_ALL=C.UTF-8
for mode in native fast checker simple; do
    case $mode in
    native) pre= ;; fast) pre=$A8_FAST ;; checker) pre=$A8_LIB ;; simple) pre=$A8_SIMPLE ;;
    esac
    timeout 60 env LD_PRELOAD=$pre ./startup "$A8_TMP/libstartup.so" >out.$mode 2>err.$mode
    rc=$?
    [ $rc -eq 0 ] || bad "$mode: exit $rc; stderr: $(head -c 2000 err.$mode)"
    diff -u expected out.$mode >diff.$mode || { bad "$mode: output differs"; cat diff.$mode; }
    # nothing else on stderr: the example heap prints its statistics, the
    # checker its clean-exit summary
    grep -v -e '^simple_heap: ' -e '^alloc8: SUMMARY: no errors' err.$mode | grep . &&
        bad "$mode: unexpected stderr"
done
exit $fail
