#!/bin/bash
# trace=1: one line per allocation call naming the function, the size, the
# result pointer and the calling function (the program is built -rdynamic).
# Found by the pointers the program prints.  Then log_path=P: the lines go to
# P.<pid>, not stderr, and a forked child writes its own P.<childpid>.
# Checked under the fast library, the checker and the example heap.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
${CC:-gcc} -O0 -g -fno-builtin -rdynamic "$A8_ROOT/tests/progs/trace_prog.c" -o prog \
    -lpthread || exit 1
${CXX:-g++} -O0 -g -fno-builtin -rdynamic "$A8_ROOT/tests/progs/trace_cxx.cc" -o cxxprog || exit 1

val() { sed -n "s/^$1 //p" out; } # a pointer the program printed
# exactly one line matching the regex in the file
once() { # file what regex
    local n
    n=$(grep -cE -- "$3" "$1")
    [ "$n" -eq 1 ] || bad "[$mode] $2: $n lines match /$3/ in $1; trace has $(wc -l <"$1") lines: $(grep -F "$4" "$1" | head -5)"
}
for mode in fast checker simple; do
    case $mode in fast) pre=$A8_FAST ;; checker) pre=$A8_LIB ;; simple) pre=$A8_SIMPLE ;; esac
    timeout 60 env ALLOC8_OPTIONS=trace=1 LD_PRELOAD=$pre ./prog >out 2>err ||
        bad "[$mode] trace=1: exit $?"
    grep -q '^alloc8: trace: ' err || { bad "[$mode] no trace lines on stderr"; continue; }
    m=$(val malloc) c=$(val calloc) r=$(val realloc) a=$(val aligned) pm=$(val posix_memalign)
    once err "malloc" "malloc\(12345\) = $m <- trace_do_malloc\+0x[0-9a-f]+" "$m"
    once err "calloc" "calloc\((7, 9|63)\) = $c <- trace_do_calloc\+" "$c"
    once err "realloc" "realloc\($m, 23456\) = $r <- trace_do_realloc\+" "$r"
    once err "aligned_alloc" "aligned_alloc\(.*4096.*100\) = $a <- trace_do_aligned\+" "$a"
    once err "posix_memalign" "posix_memalign\(.*64.*333\) = $pm <- trace_do_posix_memalign\+" "$pm"
    # a realloc is one line, however the heap moves the block
    once err "realloc result" "= $r <-" "$r"
    once err "free" "free\($r\) <- trace_do_free\+" "$r"
    once err "free(calloc)" "free\($c\) <- trace_do_free\+" "$c"
    # the call that made 12345 bytes is traced once, whatever else is traced
    [ "$(grep -c '(12345)' err)" -eq 1 ] || bad "[$mode] malloc(12345) traced $(grep -c '(12345)' err) times"
    # every trace line is whole (one write per line)
    grep -Ev -e "^alloc8: trace: T[0-9]+ [][a-z_ ]+\(" -e "^simple_heap: " \
        -e '^alloc8: SUMMARY' err | head -3 | grep . && bad "[$mode] malformed trace lines"

    # threads: every call traced, each line whole, from 4 distinct threads
    timeout 60 env ALLOC8_OPTIONS=trace=1 LD_PRELOAD=$pre ./prog threads >out 2>err ||
        bad "[$mode] threads: exit $?"
    n=$(grep -cE '^alloc8: trace: T[0-9]+ malloc\(777\) = 0x[0-9a-f]+ <- trace_thread\+0x[0-9a-f]+ \(prog\)$' err)
    [ "$n" -eq 8000 ] || bad "[$mode] threads: $n whole malloc(777) lines, want 8000"
    n=$(grep -E 'malloc\(777\)' err | awk '{print $3}' | sort -u | wc -l)
    [ "$n" -eq 4 ] || bad "[$mode] threads: malloc(777) from $n thread ids, want 4"
    n=$(grep -cE '^alloc8: trace: T[0-9]+ free\(0x[0-9a-f]+\) <- trace_thread\+' err)
    [ "$n" -eq 8000 ] || bad "[$mode] threads: $n free lines from trace_thread, want 8000"

    # C++ operators: named as such, with the (mangled) calling function
    timeout 60 env ALLOC8_OPTIONS=trace=1 LD_PRELOAD=$pre ./cxxprog >out 2>err ||
        bad "[$mode] cxx: exit $?"
    a=$(val 'new\[\]') b=$(val aligned)
    once err "new[]" "operator new\[\]\(20\) = $a <- [_A-Za-z0-9]*trace_new_array[_A-Za-z0-9]*\+" "$a"
    once err "delete[]" "operator delete\[\]\($a(, size=20)?\) <- main\+" "$a"
    once err "aligned new" "operator new\(.*64.*100.*\) = $b <- [_A-Za-z0-9]*trace_new_aligned" "$b"
    once err "aligned delete" "operator delete\($b.*64.*\) <- [_A-Za-z0-9]*trace_delete_aligned" "$b"

    # without trace=1 nothing is traced
    timeout 60 env LD_PRELOAD=$pre ./prog >out 2>err || bad "[$mode] plain: exit $?"
    grep -q 'trace:' err && bad "[$mode] traced without trace=1"

    # log_path: lines go to P.<pid>; the forked child writes its own file
    rm -f log.*
    timeout 60 env ALLOC8_OPTIONS=trace=1:log_path="$A8_TMP/log" LD_PRELOAD=$pre ./prog fork \
        >out 2>err || bad "[$mode] log_path run: exit $?"
    grep -q 'trace:' err && bad "[$mode] log_path set, yet traces on stderr"
    pid=$(val pid)
    read -r cpid k < <(val child)
    [ -f "log.$pid" ] || { bad "[$mode] no log.$pid (have: $(ls log.* 2>/dev/null))"; continue; }
    once "log.$pid" "malloc to log_path" "malloc\(12345\) = $(val malloc) <- trace_do_malloc\+" "12345"
    # (the call, not the digits, which a pointer's hex can hold)
    grep -q 'malloc(4242)' "log.$pid" && bad "[$mode] the child's call is in the parent's log"
    [ -f "log.$cpid" ] || { bad "[$mode] the child wrote no log.$cpid (have: $(ls log.*))"; continue; }
    once "log.$cpid" "child malloc" "malloc\(4242\) = $k <- trace_child_work\+" "4242"
    grep -q 'malloc(12345)' "log.$cpid" && bad "[$mode] the parent's calls are in the child's log"
    # an unwritable log_path: one note, and the traces stay on stderr
    timeout 60 env ALLOC8_OPTIONS=trace=1:log_path=/nonexistent/dir/log LD_PRELOAD=$pre ./prog \
        >out 2>err || bad "[$mode] bad log_path: exit $?"
    n=$(grep -c 'log_path' err)
    [ "$n" -eq 1 ] || bad "[$mode] bad log_path: $n notes, want 1"
    once err "malloc, log_path unwritable" "malloc\(12345\) = $(val malloc) <- trace_do_malloc\+" "12345"
done
exit $fail
