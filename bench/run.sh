#!/bin/bash
# run.sh — `make bench`: the allocation benchmark (bench/alloc_bench.sh), then
# every other bench/*_bench.sh that exists (stack capture, symbolization, …).
# Each piece is optional and a failing piece is reported, not fatal: these are
# figures, not tests.  BENCH_ONLY=name runs just bench/name_bench.sh.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export A8_ROOT=$ROOT A8_BUILD=${A8_BUILD:-$ROOT/build}

# The measured programs get LD_PRELOAD themselves; none of it here.
unset LD_PRELOAD

pieces=("$ROOT/bench/alloc_bench.sh")
for f in "$ROOT"/bench/*_bench.sh; do
    [ -e "$f" ] && [ "$f" != "$ROOT/bench/alloc_bench.sh" ] && pieces+=("$f")
done

status=()
start=$SECONDS
for f in "${pieces[@]}"; do
    name=$(basename "$f" _bench.sh)
    [ -n "${BENCH_ONLY:-}" ] && [ "$BENCH_ONLY" != "$name" ] && continue
    t0=$SECONDS
    echo
    if bash "$f"; then
        status+=("$name: ok ($((SECONDS - t0)) s)")
    else
        status+=("$name: FAILED (exit $?, $((SECONDS - t0)) s)")
    fi
done
echo
echo "== bench summary ($((SECONDS - start)) s)"
printf '  %s\n' "${status[@]}"
exit 0
