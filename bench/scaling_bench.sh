#!/usr/bin/env bash
# Checker scaling: the same churn_mt work (4M allocator calls) on 1 and on 4
# threads under liballoc8.so, interleaved, median of 5.  Issue 4 asks that
# the 4-thread run finish sooner (no global lock on the alloc/free path).
# A figure, not a test: it never fails.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/bench/churn_mt"
lib="$root/build/liballoc8.so"
[ -x "$bin" ] && [ -f "$lib" ] || { echo "scaling: build first (make all $bin)"; exit 0; }
ops=${SCALING_OPS:-4000000}
t1=() t4=()
for round in 1 2 3 4 5; do
    for t in 1 4; do
        s=$(date +%s.%N)
        LD_PRELOAD=$lib ALLOC8_OPTIONS=detect_leaks=0 "$bin" "$ops" "$t" >/dev/null 2>&1
        e=$(date +%s.%N)
        d=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.4f", b - a }')
        if [ "$t" = 1 ]; then t1+=("$d"); else t4+=("$d"); fi
    done
done
med() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
m1=$(med "${t1[@]}") m4=$(med "${t4[@]}")
echo "== checker scaling: churn_mt $ops calls (load $(cut -d' ' -f1 /proc/loadavg), $(nproc) CPUs)"
printf '  1 thread : %.3f s\n  4 threads: %.3f s   (4-thread / 1-thread = %.2f; target < 1)\n' \
    "$m1" "$m4" "$(awk -v a="$m4" -v b="$m1" 'BEGIN { print a / b }')"
