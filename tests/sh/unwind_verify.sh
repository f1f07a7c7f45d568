#!/bin/bash
# alloc8's own unwinder and its memo (checker/unwind.c, stack.c) give the
# stacks libunwind gives.  With stack_verify=1 the checker also captures every
# stack with libunwind and re-walks every memoised one, and says at exit how
# many it compared and how many differed.  Run on tests/unwind/cases.c at -O0
# and -O2 (rbp frames, alloca, recursion, same-sp call paths, threads, a
# signal handler, dlclose/dlopen of two libraries at one address), a C++
# program throwing through C frames, and Debian's python3, gcc, perl,
# sqlite3, git and xz -T2.  Each must say "0 differ" having compared walks.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

${CC:-gcc} -O0 -g -fPIC -shared "$A8_ROOT/tests/unwind/lib.c" -o liba.so &&
${CC:-gcc} -O0 -g -fPIC -shared -DPAD "$A8_ROOT/tests/unwind/lib.c" -o libb.so &&
${CC:-gcc} -O0 -g -fno-builtin "$A8_ROOT/tests/unwind/cases.c" -o cases0 -ldl -lpthread &&
${CC:-gcc} -O2 -g -fno-builtin -fno-optimize-sibling-calls "$A8_ROOT/tests/unwind/cases.c" \
    -o cases2 -ldl -lpthread &&
${CC:-gcc} -O0 -g -fno-builtin -fexceptions -c "$A8_ROOT/tests/stack/exc_c.c" -o exc_c.o &&
${CXX:-g++} -O0 -g -fno-builtin -pthread "$A8_ROOT/tests/stack/exc.cpp" exc_c.o -o exc -ldl ||
    { echo "FAIL: building the test programs"; exit 1; }

# verify NAME MIN_MEMO CMD...: run CMD under the checker with stack_verify=1
# (stdin from /dev/null unless VERIFY_IN names a file; VERIFY_LOG=1: the
# notes go to log_path, for programs that close stderr before exit).
verify() {
    local name=$1 min_memo=$2; shift 2
    local opts=stack_verify=1:detect_leaks=0:exitcode=0
    [ "${VERIFY_LOG:-0}" = 1 ] && opts+=":log_path=$A8_TMP/$name.log"
    LD_PRELOAD="$A8_LIB" ALLOC8_OPTIONS=$opts \
        "$@" <"${VERIFY_IN:-/dev/null}" >"$name.out" 2>"$name.err"
    local rc=$?
    [ "${VERIFY_LOG:-0}" = 1 ] && cat "$A8_TMP/$name.log".* >>"$name.err" 2>/dev/null
    [ $rc = 0 ] || { bad "$name: exit $rc"; tail -5 "$name.err"; return; }
    # Every process of the command prints one line (gcc runs three).
    local lines; lines=$(grep 'alloc8: stack_verify: ' "$name.err")
    [ -n "$lines" ] || { bad "$name: no stack_verify line"; tail -5 "$name.err"; return; }
    grep 'alloc8: stack_verify: .* differ' "$name.err" | grep -v ', 0 differ;' &&
        bad "$name: the unwinders differ"
    grep -q 'alloc8: stack_verify: own unwinder and libunwind differ\|memoised stack id differs' \
        "$name.err" && { bad "$name:"; grep 'stack_verify' "$name.err" | head -5; }
    local compared memo
    compared=$(sed -n 's/.*stack_verify: \([0-9]*\) walks compared.*/\1/p' <<<"$lines" |
        awk '{ s += $1 } END { print s + 0 }')
    memo=$(sed -n 's/.* \([0-9]*\) memo hits checked.*/\1/p' <<<"$lines" |
        awk '{ s += $1 } END { print s + 0 }')
    [ "$compared" -gt 100 ] || bad "$name: only $compared walks compared: $lines"
    [ "$memo" -ge "$min_memo" ] || bad "$name: only $memo memo hits checked (want >= $min_memo): $lines"
    echo "$name: $compared walks and $memo memo hits compared"
}

for o in 0 2; do
    verify cases$o 5000 ./cases$o "$A8_TMP/liba.so" "$A8_TMP/libb.so"
    grep -qx 'cases: done' cases$o.out || bad "cases$o did not finish: $(cat cases$o.out)"
done
verify exc 100 ./exc
grep -qx 'failures: 0' exc.out || bad "exc: $(cat exc.out)"

P=/usr/bin/python3
PYTHONMALLOC=malloc verify python3 1000 $P -c '
import json
d = [{"k": i, "v": [str(j) for j in range(i % 7)]} for i in range(20000)]
print(len(json.loads(json.dumps(d))))'
printf 'int f(int x) { return x * 2; }\n' >t.c
command -v gcc >/dev/null && verify gcc 10 gcc -O2 -c t.c -o t.o
command -v perl >/dev/null &&
    verify perl 1000 perl -e 'my %h; $h{$_} = [$_ x 3] for 1 .. 20000; print scalar(keys %h), "\n"'
if command -v sqlite3 >/dev/null; then
    printf 'create table t(a,b);\nwith recursive c(x) as (select 1 union all select x+1 from c where x<5000) insert into t select x, hex(x) from c;\nselect count(*) from t;\n' >q.sql
    VERIFY_IN=q.sql verify sqlite3 100 sqlite3 :memory:
fi
command -v git >/dev/null && verify git 10 git -C "$A8_ROOT" log --oneline -20
if command -v xz >/dev/null; then
    seq 1 300000 >data
    VERIFY_LOG=1 verify xz 100 xz -T2 -1 --block-size=200KiB -c data
fi

[ $fail = 0 ] && echo "unwind_verify: OK"
exit $fail
