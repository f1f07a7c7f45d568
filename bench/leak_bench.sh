#!/bin/bash
# leak_bench.sh — time of a leak scan: (1) alloc8_leak_check() over a live
# heap of ~1 GiB in ~10 million blocks (target: <= 2 s), (2) a real program
# at exit (git log on this repository), with and without the exit check.
set -u
ROOT=${A8_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
LIB=$ROOT/build/liballoc8.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -g -fno-builtin "$ROOT/bench/leak_bench.c" -o "$tmp/leak_bench" || exit 1
echo "== leak scan over a live heap (stack_depth=4 to keep the depot small) =="
for spec in "1000000 100" "10000000 1024"; do
    ALLOC8_OPTIONS=stack_depth=4:detect_leaks=0 LD_PRELOAD=$LIB "$tmp/leak_bench" $spec 2>/dev/null
done
if command -v git >/dev/null; then
    echo "== git log -n 2000 --stat on this repository, at exit =="
    for d in 0 1; do
        t0=$(date +%s.%N)
        (cd "$ROOT" && ALLOC8_OPTIONS=detect_leaks=$d LD_PRELOAD=$LIB git log -n 2000 --stat >/dev/null 2>"$tmp/err")
        t1=$(date +%s.%N)
        echo "detect_leaks=$d: $(echo "$t1 - $t0" | bc) s wall; $(grep -c 'lost in loss record' "$tmp/err") loss records"
    done
fi
