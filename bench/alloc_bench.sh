#!/bin/bash
# alloc_bench.sh — wall-time ratios of alloc8's modes to native, and callgrind
# instruction counts, on three workloads (see bench/README.md):
#   churn      bench/churn.c: 20M single-threaded malloc/free/calloc/realloc
#   churn_mt   bench/churn_mt.c: 4 threads, 24M calls, cross-thread frees
#   python3    Debian's python3 with PYTHONMALLOC=malloc on bench/py_workload.py
# Modes: native, fast (liballoc8-fast.so), checker (liballoc8.so) and the
# bring-your-own-heap example (libsimpleheap.so), each when it is built.
# Targets for fast mode: churn <= 1.03x, python3 <= 1.01x.  A MISS is printed,
# never an error.
#
# Environment: BENCH_RUNS (interleaved rounds, default 9, at least 5),
# BENCH_QUICK=1 (smaller workloads, for trying the script out),
# BENCH_NO_CALLGRIND=1, BENCH_EXTRA_MODES="name=/abs/lib.so …" (variants of
# the library to compare side by side; they are also counted under callgrind).
set -u
ROOT=${A8_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
B=${A8_BUILD:-$ROOT/build}
RUNS=${BENCH_RUNS:-9}

need=("$B/bench/churn" "$B/bench/churn_mt")
for f in "${need[@]}"; do
    [ -x "$f" ] || make -C "$ROOT" --no-print-directory "${f#$ROOT/}" >/dev/null || exit 1
done

CHURN_OPS=20000000 MT_OPS=24000000 PY_ROUNDS=150 CG_OPS=2000000 CG_PY_ROUNDS=15
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    CHURN_OPS=2000000 MT_OPS=2400000 PY_ROUNDS=15 CG_OPS=200000 CG_PY_ROUNDS=3
fi

modes=(--mode native=)
add_mode() { # name, library: only if it exists (a missing one shows as absent)
    if [ -f "$2" ]; then
        modes+=(--mode "$1=$2")
    else
        echo "  ($1: $2 not built, skipped)"
    fi
}
add_mode fast "$B/liballoc8-fast.so"
add_mode checker "$B/liballoc8.so"
add_mode simpleheap "$B/examples/libsimpleheap.so"
cg_modes=fast
for m in ${BENCH_EXTRA_MODES:-}; do
    add_mode "${m%%=*}" "${m#*=}"
    cg_modes+=",${m%%=*}"
done

PY=/usr/bin/python3
work=(--workload "churn|1.03|$B/bench/churn $CHURN_OPS"
      --workload "churn_mt|-|$B/bench/churn_mt $MT_OPS 4")
cg=()
[ "${BENCH_NO_CALLGRIND:-0}" = 1 ] || ! command -v valgrind >/dev/null ||
    cg+=(--callgrind "churn|churn_run|$CG_OPS|$B/bench/churn $CG_OPS")
if [ -x "$PY" ]; then
    work+=(--workload "python3|1.01|PYTHONMALLOC=malloc $PY $ROOT/bench/py_workload.py $PY_ROUNDS")
    [ ${#cg[@]} = 0 ] ||
        cg+=(--callgrind "python3|-|-|PYTHONMALLOC=malloc $PY $ROOT/bench/py_workload.py $CG_PY_ROUNDS")
else
    echo "  (python3: $PY missing, real-program workload skipped)"
fi

echo "== allocation overhead: alloc8 modes vs native ($(nproc) CPUs, $RUNS rounds)"
exec python3 "$ROOT/bench/compare.py" --runs "$RUNS" --callgrind-mode "$cg_modes" \
    "${modes[@]}" "${work[@]}" ${cg[@]+"${cg[@]}"}
