# real_lib.sh — sourced by tests/sh/real_*.sh.  run_modes NAME CMD... runs
# CMD (a program, or a shell function that runs each program under test as
# `$RUN prog args`, so that only those get LD_PRELOAD) natively and under the fast library, the checker and the example heap
# (LD_PRELOAD on CMD alone, absolute path), in a fresh directory per mode
# (run_modes calls `setup_dir DIR` if the script defines it), and requires
# every run to exit like the native one with the same stdout and the same
# stderr (the example heap's statistics line and the checker's clean
# summary line removed).  Outputs land in
# $A8_TMP/NAME.MODE.{out,err}; CHECK_FILES (relative paths) are compared too.
fail=0
# Real programs leak at exit by design (git, perl, gcc): their leak reports
# are tests/sh/leak_real.sh's subject; here stderr must match the native run.
export ALLOC8_OPTIONS=detect_leaks=0
bad() { echo "FAIL: $*"; fail=1; }
need() { command -v "$1" >/dev/null || { echo "SKIP: $1 is not installed"; exit 77; }; }
CHECK_FILES=${CHECK_FILES:-}

run_modes() {
    local name=$1
    shift
    local mode pre rc native_rc=
    for mode in native fast checker simple; do
        case $mode in
        native) pre= ;; fast) pre=$A8_FAST ;; checker) pre=$A8_LIB ;; simple) pre=$A8_SIMPLE ;;
        esac
        local dir="$A8_TMP/$name.$mode.d"
        rm -rf "$dir"
        mkdir -p "$dir"
        (cd "$dir" && { declare -F setup_dir >/dev/null && setup_dir "$dir" || true; })
        if declare -F "$1" >/dev/null; then
            # a shell function: it prefixes each program under test with $RUN
            export -f "$1"
            (cd "$dir" && RUN="env LD_PRELOAD=$pre" timeout 120 bash -c "$*" \
                >"$A8_TMP/$name.$mode.out" 2>"$A8_TMP/$name.$mode.err.raw")
        else
            (cd "$dir" && timeout 120 env LD_PRELOAD=$pre "$@" >"$A8_TMP/$name.$mode.out" \
                2>"$A8_TMP/$name.$mode.err.raw")
        fi
        rc=$?
        # the example heap's statistics and the checker's clean-exit summary
        # are expected; any other alloc8 line (an error report) is a failure
        grep -v -e '^simple_heap: allocs=' -e '^alloc8: SUMMARY: no errors' \
            "$A8_TMP/$name.$mode.err.raw" >"$A8_TMP/$name.$mode.err"
        if [ $mode = native ]; then
            native_rc=$rc
            [ $rc -eq 0 ] || bad "$name native: exit $rc: $(head -c 800 "$A8_TMP/$name.$mode.err")"
            [ -s "$A8_TMP/$name.native.out" ] || bad "$name native: no output"
            continue
        fi
        [ $rc -eq "$native_rc" ] || bad "$name $mode: exit $rc, native $native_rc: $(head -c 800 "$A8_TMP/$name.$mode.err")"
        cmp -s "$A8_TMP/$name.native.out" "$A8_TMP/$name.$mode.out" ||
            { bad "$name $mode: stdout differs"; diff "$A8_TMP/$name.native.out" "$A8_TMP/$name.$mode.out" | head -10; }
        cmp -s "$A8_TMP/$name.native.err" "$A8_TMP/$name.$mode.err" ||
            { bad "$name $mode: stderr differs"; diff "$A8_TMP/$name.native.err" "$A8_TMP/$name.$mode.err" | head -10; }
        local f
        for f in $CHECK_FILES; do
            cmp -s "$A8_TMP/$name.native.d/$f" "$dir/$f" || bad "$name $mode: $f differs from native"
        done
    done
    # the example heap must really have been in use (a program that closes
    # its stderr before exit sets SIMPLE_STATS=0 and checks it another way)
    [ "${SIMPLE_STATS:-1}" = 0 ] || grep -q '^simple_heap: allocs=[1-9]' "$A8_TMP/$name.simple.err.raw" ||
        bad "$name simple: the example heap did not report (not preloaded?)"
}
