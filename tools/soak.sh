#!/bin/bash
# soak.sh — `make soak`: the tests where timing matters (threads trading
# blocks across arenas, C11 and glibc-internal threads, fork with threads,
# signals, the leak check's stop-the-world, seccomp, prefault, the real
# multithreaded xz and sqlite3), round after round under alloc8 for
# SOAK_MINUTES (default 10), with threads_stress running A8_STRESS_SECONDS
# (default 30) each round instead of 3.  A race that shows once in a
# hundred runs shows here, not in `make check`.  Ends with the runner's
# `N passed, N failed`, summed over the rounds; a failing round's output is
# printed.
set -u
cd "$(dirname "$0")/.."
minutes=${SOAK_MINUTES:-10}
export A8_STRESS_SECONDS=${A8_STRESS_SECONDS:-30}
tests=(threads_stress fork_threads clean_threads_from_libc overflow_in_thread
       overflow_in_c11_thread leak_in_thread leak_other_thread_roots leak_signal
       hooks_threads guard_with_program_signal seccomp_filter_later prefault
       real_xz real_sqlite)
end=$((SECONDS + minutes * 60))
pass=0 fail=0 rounds=0
echo "soak: ${#tests[@]} tests a round for $minutes min (threads_stress ${A8_STRESS_SECONDS} s)"
while [ $rounds -eq 0 ] || [ $SECONDS -lt $end ]; do
    out=$(/usr/bin/python3 tests/run.py -j2 "${tests[@]}" 2>&1)
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -z "$line" ]; then
        printf '%s\n' "$out" | tail -n 30
        fail=$((fail + 1))
        break
    fi
    p=${line%% passed*}
    f=${line#*passed, }
    f=${f%% failed*}
    pass=$((pass + p))
    fail=$((fail + f))
    rounds=$((rounds + 1))
    [ "$f" = 0 ] || printf '%s\n' "$out" | grep -A40 '^==== FAIL' | head -n 80
    echo "  round $rounds: $line"
done
echo "soak: $rounds rounds in $((SECONDS / 60)) min"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
