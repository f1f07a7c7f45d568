#!/bin/bash
# C++ exceptions under stack capture (DESIGN.md §4): libunwind is loaded
# privately, so the program's _Unwind_* still come from libgcc_s.  The program
# (tests/stack/exc.cpp + exc_c.c) throws in one thread, across threads,
# through C frames (a callback, a qsort comparator), rethrows with `throw;` and
# std::rethrow_exception, and checks std::uncaught_exceptions.  It runs without
# and with the probe capturing a stack on EVERY malloc: the transcripts must be
# identical, the exits 0, and the dynamic linker's bindings of _Unwind_* must
# go to libgcc_s.
set -u
cd "$A8_TMP"
. "$A8_ROOT/tests/stack/build_probe.sh"
build_probe || exit 1
${CC:-gcc} -O0 -g -fno-builtin -fexceptions -c "$A8_ROOT/tests/stack/exc_c.c" -o exc_c.o &&
${CXX:-g++} -O0 -g -fno-builtin -pthread "$A8_ROOT/tests/stack/exc.cpp" exc_c.o -o exc -ldl ||
    { echo "FAIL: building exc"; exit 1; }

fail=0
bad() { echo "FAIL: $*"; fail=1; }

./exc >plain.out 2>plain.err || bad "plain run: exit $?: $(cat plain.out plain.err)"
LD_PRELOAD="$A8_TMP/libprobe.so" PROBE_ALL=1 LD_DEBUG=bindings LD_DEBUG_OUTPUT="$A8_TMP/ld" \
    ./exc >probe.out 2>probe.err || bad "probe run: exit $?: $(cat probe.out probe.err)"

grep -qx 'failures: 0' plain.out || bad "plain run: $(cat plain.out)"
grep -qx '_Unwind_RaiseException: libgcc_s.so.1' plain.out || bad "plain run: $(cat plain.out)"
grep -qx 'unw_backtrace: (none)' plain.out || bad "plain run: $(cat plain.out)"
diff -u plain.out probe.out >diff.out || { bad "output differs under the probe:"; cat diff.out; }

# The probe really captured with libunwind, many times (every malloc).
line=$(grep '^PROBE ' probe.err)
caps=$(sed -n 's/.* captures=\([0-9]*\).*/\1/p' <<<"$line")
[[ "$line" == "PROBE mode=libunwind "* ]] || bad "probe not in libunwind mode: $line"
[ "${caps:-0}" -gt 2000 ] || bad "probe captured ${caps:-0} stacks, want > 2000: $line"

# Every binding of an _Unwind_ symbol names libgcc_s; libunwind was loaded.
cat "$A8_TMP"/ld.* >ld.all 2>/dev/null
grep -q 'libunwind.so.8' ld.all || bad "libunwind.so.8 was never loaded"
grep "normal symbol \`_Unwind_" ld.all >unwind.bind
grep -q "\`_Unwind_RaiseException'" unwind.bind || bad "no binding of _Unwind_RaiseException seen"
if grep -v ' to [^ ]*libgcc_s\.so\.1 ' unwind.bind | grep -q .; then
    bad "_Unwind_* bound outside libgcc_s:"; grep -v 'libgcc_s' unwind.bind | head
fi
if grep " to [^ ]*libunwind" ld.all | grep -Ev "^[[:space:]]*[0-9]+:[[:space:]]*binding file [^ ]*libunwind" | grep -q .; then
    bad "something outside libunwind binds to it:"; grep " to [^ ]*libunwind" ld.all | head
fi

[ $fail = 0 ] && echo "stack_exceptions: OK"
exit $fail
