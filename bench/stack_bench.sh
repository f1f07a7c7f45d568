#!/bin/bash
# stack_bench.sh — capture cost at depth ~10/~30 and the depot's put cost and
# dedup rate (bench/stack_bench.c).  Target: capture <= 400 ns at depth 30.
set -u
ROOT=${A8_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
B="${A8_BUILD:-$ROOT/build}/bench/stack_bench"
[ -x "$B" ] || make -C "$ROOT" --no-print-directory "${B#$ROOT/}" >/dev/null || exit 1
echo "== stack capture and depot ($B)"
"$B"
