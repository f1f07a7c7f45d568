#!/bin/bash
# Stack capture (checker/stack.c) through a preload probe (tests/stack/probe.c):
# frame #0 is the user's call site, depth 1 and a 200-frame recursion cut at
# stack_depth, 8 threads, a signal handler on an alternate stack, a SIGSEGV
# handler, the first capture after init, and the glibc backtrace() fallback.
set -u
cd "$A8_TMP"
. "$A8_ROOT/tests/stack/build_probe.sh"
build_probe || exit 1
${CC:-gcc} -O0 -g -fno-builtin -rdynamic "$A8_ROOT/tests/stack/capture.c" -o capture \
    -lpthread -ldl || { echo "FAIL: building capture"; exit 1; }

fail=0
bad() { echo "FAIL: $*"; fail=1; }

# run NAME ENV... -- ARGS: stdout to NAME.out, stderr to NAME.err
run() {
    local name=$1; shift
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
    env "${envs[@]}" LD_PRELOAD="$A8_TMP/libprobe.so" ./capture "$@" >"$name.out" 2>"$name.err"
    local rc=$?
    [ $rc = 0 ] || bad "$name: exit $rc: $(cat "$name.err")"
}
# expect NAME REGEX: every CAPTURE line of NAME.out matches, and there is one
expect() {
    local name=$1 re=$2 want=${3:-1}
    local got; got=$(grep -c '^CAPTURE' "$name.out")
    [ "$got" = "$want" ] || { bad "$name: $got CAPTURE lines, want $want"; cat "$name.out"; return; }
    if grep '^CAPTURE' "$name.out" | grep -Evq "$re"; then
        bad "$name: CAPTURE line does not match /$re/:"; cat "$name.out"
    fi
}

for lib in "" libno-such-unwind.so.8; do
    tag=${lib:+fallback-}
    E=()
    [ -n "$lib" ] && E=(PROBE_UNWIND_LIB=$lib)
    mode=libunwind; [ -n "$lib" ] && mode=glibc

    run ${tag}basic "${E[@]}" -- basic
    expect ${tag}basic '^CAPTURE malloc n=[0-9]+ depot=ok alloc_site_main main( |$)'
    grep -Eq "^PROBE mode=$mode captures=1 first=[1-9][0-9]* " ${tag}basic.err ||
        bad "${tag}basic: mode/first capture: $(cat ${tag}basic.err)"

    run ${tag}depth1 "${E[@]}" ALLOC8_OPTIONS=stack_depth=1 -- deep
    expect ${tag}depth1 '^CAPTURE malloc n=1 depot=ok leaf_alloc$'

    run ${tag}deep "${E[@]}" ALLOC8_OPTIONS=stack_depth=24 -- deep
    expect ${tag}deep '^CAPTURE malloc n=24 depot=ok leaf_alloc( recurse){23}$'

    run ${tag}deep256 "${E[@]}" ALLOC8_OPTIONS=stack_depth=256 -- deep
    expect ${tag}deep256 '^CAPTURE malloc n=20[3-9] depot=ok leaf_alloc( recurse){200} main '

    run ${tag}threads "${E[@]}" -- threads
    expect ${tag}threads '^CAPTURE malloc n=[0-9]+ depot=ok thread_alloc_site thread_main( |$)' 8
    grep -q ' stacks=1 hits=7' ${tag}threads.err || bad "${tag}threads: not one deduplicated stack: $(cat ${tag}threads.err)"

    run ${tag}signal "${E[@]}" -- signal
    expect ${tag}signal '^CAPTURE signal n=[0-9]+ depot=ok on_signal .* signal_site main( |$)'

    run ${tag}segv "${E[@]}" -- segv
    expect ${tag}segv '^CAPTURE segv n=[0-9]+ depot=ok on_segv [^ ]+ segv_site main( |$)'

    # A handler inside the probe (alloc8's report path): the trampoline is
    # dropped too, frame #0 is the faulting function.
    run ${tag}segv-internal "${E[@]}" -- segv-internal
    expect ${tag}segv-internal '^CAPTURE segv-internal n=[0-9]+ depot=ok segv_site main( |$)'

    if [ -n "$lib" ]; then
        n=$(grep -c "^alloc8: stack capture: $lib: .*falling back to glibc backtrace()" ${tag}basic.err)
        [ "$n" = 1 ] || bad "fallback: want one note naming $lib: $(cat ${tag}basic.err)"
    elif grep -q '^alloc8:' basic.err; then
        bad "libunwind mode printed a note: $(cat basic.err)"
    fi
done

[ $fail = 0 ] && echo "stack_capture: OK"
exit $fail
