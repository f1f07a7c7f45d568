#!/bin/bash
# Real programs that die of a signal, under the checker (README "Deadly
# signals"): each dies of the same signal as natively, and alloc8's report
# and exit check come first.
#   - python3 sent SIGINT: python3 installs its SIGINT handler only over the
#     default disposition, which alloc8's handler must not hide; so the
#     KeyboardInterrupt traceback is printed as natively, then python3
#     resets SIGINT to the default and sends it to itself, and alloc8
#     reports that (status 130 both ways);
#   - a SIGTERM that the program was started with ignored stays ignored;
#   - xz -T2 (multithreaded) sent SIGTERM: its handler cleans up and sends
#     the signal again with the default back; the warning, the leak check
#     (its worker threads stopped or scanned) and the SUMMARY line, then
#     status 143 as natively;
#   - yes | head -1: yes dies of SIGPIPE, reported as a write nobody reads.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
PY=/usr/bin/python3
command -v xz >/dev/null || { echo "xz is not installed (tools/install-deps.sh installs it)"; exit 77; }
[ -x "$PY" ] || { echo "$PY is not installed"; exit 77; }

# Runs "$@" in the background with SIGINT at its default (a non-interactive
# shell's background job starts with it ignored), sends it signal $SIG once
# it printed "ready" on stdout (or after $TRIES times 50 ms), and sets rc
# to its status.
run_and_send() {
    local out=$1 err=$2
    shift 2
    env --default-signal=INT "$@" >"$out" 2>"$err" &
    local pid=$! i
    for i in $(seq "${TRIES:-100}"); do
        grep -q ready "$out" 2>/dev/null && break
        sleep 0.05
    done
    kill -"$SIG" "$pid"
    wait "$pid"
    rc=$?
}

prog='import time; print("ready", flush=True); time.sleep(30)'
SIG=INT run_and_send py.out py.native "$PY" -c "$prog"
native=$rc
SIG=INT run_and_send py.out py.err env LD_PRELOAD="$A8_LIB" "$PY" -c "$prog"
[ "$native" = 130 ] || bad "native python3 sent SIGINT: status $native, expected 130"
[ "$rc" = "$native" ] || bad "python3 sent SIGINT under alloc8: status $rc, natively $native"
grep -q '^KeyboardInterrupt' py.err || bad "python3's KeyboardInterrupt traceback missing (its SIGINT handler was not installed?)"
grep -q 'alloc8: WARNING: killed-by-signal: SIGINT, which the program sent itself (kill)' py.err ||
    bad "no killed-by-signal report for python3's SIGINT"
grep -q '^alloc8: SUMMARY: no errors' py.err || bad "python3: no exit check's SUMMARY line"
grep -q 'deadly-signal' py.err && bad "python3: a deadly-signal error"

env --ignore-signal=TERM LD_PRELOAD="$A8_LIB" "$PY" -c \
    'import os, signal; os.kill(os.getpid(), signal.SIGTERM); print("went on")' >ign.out 2>ign.err
rc=$?
[ "$rc" = 0 ] && grep -q 'went on' ign.out || bad "an ignored SIGTERM ended python3 (status $rc)"
grep -q killed-by-signal ign.err && bad "an ignored SIGTERM was reported"

head -c 60000000 /dev/urandom >data.bin
TRIES=16 SIG=TERM run_and_send xz.out xz.native xz -T2 -c data.bin
native=$rc
TRIES=16 SIG=TERM run_and_send xz.out xz.err env LD_PRELOAD="$A8_LIB" xz -T2 -c data.bin
[ "$native" = 143 ] || bad "native xz sent SIGTERM: status $native, expected 143"
[ "$rc" = 143 ] || bad "xz sent SIGTERM under alloc8: status $rc, expected 143"
grep -q 'alloc8: WARNING: killed-by-signal: SIGTERM, which the program raised itself' xz.err ||
    bad "no killed-by-signal report for xz's SIGTERM"
grep -q 'alloc8: leak check (at exit)\|LEAK SUMMARY' xz.err || bad "xz: no leak check"
grep -q '^alloc8: SUMMARY: no errors' xz.err || bad "xz: no exit check's SUMMARY line"

LD_PRELOAD="$A8_LIB" yes 2>yes.err | head -1 >/dev/null
st=("${PIPESTATUS[@]}")
[ "${st[0]}" = 141 ] || bad "yes | head -1: yes's status ${st[0]}, expected 141 (SIGPIPE)"
grep -q 'killed-by-signal: SIGPIPE, for a write to a pipe or socket that nobody reads' yes.err ||
    bad "no killed-by-signal report for yes's SIGPIPE"

if [ $fail != 0 ]; then
    for f in py.err ign.err xz.err yes.err; do
        echo "--- $f"
        head -30 "$f"
    done
fi
exit $fail
