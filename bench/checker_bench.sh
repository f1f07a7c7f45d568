#!/bin/bash
# checker_bench.sh — the checker (liballoc8.so) against native, valgrind
# memcheck and heaptrack on the same workloads, in one interleaved run per
# workload, with AddressSanitizer as a reference on the synthetic ones (they
# are rebuilt for it; see bench/README.md, "The checker benchmark"):
#   churn      bench/churn.c, single thread, malloc/free/calloc/realloc  (synth)
#   churn_mt   bench/churn_mt.c, 4 threads, cross-thread frees           (synth)
#   python3    PYTHONMALLOC=malloc python3 bench/py_workload.py          (real)
#   gcc        gcc -O2 -c on a generated C file (driver, cc1, as)        (real)
#   git        git log -p on a generated 1500-commit repository          (real)
#   sqlite3    sqlite3 :memory: — 20000 inserts, an index, joins         (real)
# Targets (issue 4): >= 10x faster than memcheck everywhere; no slower than
# heaptrack's recording on the synth ones; <= 3x native on the real ones; peak
# RSS <= 2x native + the quarantine (quarantine_mb, 256 MiB by default).  A
# MISS is printed, never an error.
#
# Environment: BENCH_RUNS (interleaved rounds, default 5, at least 3),
# BENCH_VG_RUNS (rounds for memcheck, default 3), BENCH_QUICK=1 (small inputs,
# to try the script out), BENCH_CHECKER_OPTIONS (ALLOC8_OPTIONS for the checker,
# default detect_leaks=0: the leak scan is benchmarked on its own).
set -u
ROOT=${A8_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
B=${A8_BUILD:-$ROOT/build}
RUNS=${BENCH_RUNS:-5}
VG_RUNS=${BENCH_VG_RUNS:-3}
PY=/usr/bin/python3
unset LD_PRELOAD

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== checker vs native, valgrind memcheck, heaptrack ($(nproc) CPUs, $RUNS rounds, memcheck $VG_RUNS)"
echo "  load average at the start: $(load)"

for f in "$B/bench/churn" "$B/bench/churn_mt"; do
    [ -x "$f" ] || make -C "$ROOT" --no-print-directory "${f#$ROOT/}" >/dev/null || exit 1
done
[ -f "$B/liballoc8.so" ] || { echo "  checker: $B/liballoc8.so not built"; exit 1; }
# The synth workloads rebuilt with AddressSanitizer (bench/bench.mk): a
# reference column, not a target.
asan_ok=1
for f in "$B/bench/churn.asan" "$B/bench/churn_mt.asan"; do
    [ -x "$f" ] || make -C "$ROOT" --no-print-directory "${f#$ROOT/}" >/dev/null 2>&1 || asan_ok=0
done

WORK=$(mktemp -d /tmp/alloc8-checker-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# The library as it is now: a rebuild during the run must not change the
# figures half-way.
cp "$B/liballoc8.so" "$WORK/liballoc8.so"

CHURN_OPS=1000000 MT_OPS=2400000 PY_ROUNDS=15 SCALE=5 GCC_FUNCS=20
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    CHURN_OPS=100000 MT_OPS=200000 PY_ROUNDS=2 SCALE=0.5 GCC_FUNCS=5
fi
"$PY" "$ROOT/bench/checker_inputs.py" "$WORK/in" "$SCALE" "$GCC_FUNCS" || exit 1

Q_MB=256
case ":${BENCH_CHECKER_OPTIONS:-}:" in
*:quarantine_mb=*) Q_MB=${BENCH_CHECKER_OPTIONS##*quarantine_mb=}; Q_MB=${Q_MB%%:*} ;;
esac

modes=(--mode native=
       --mode-cmd "checker=LD_PRELOAD=$WORK/liballoc8.so ALLOC8_OPTIONS=${BENCH_CHECKER_OPTIONS:-detect_leaks=0}")
if command -v valgrind >/dev/null; then
    # --trace-children: gcc's cc1 and as are checked too, as under the checker.
    modes+=(--mode-cmd "memcheck=valgrind --tool=memcheck --leak-check=no -q --trace-children=yes"
            --mode-runs "memcheck=$VG_RUNS")
else
    echo "  (memcheck: valgrind missing, n/a)"
fi
if [ "$asan_ok" = 1 ]; then
    # ASan's defaults but its leak check (the checker's is off here too) and
    # a 16-frame malloc stack, the checker's stack_depth; its quarantine is
    # 256 MiB like the checker's.  bench/asan_run.sh swaps in PROG.asan.
    modes+=(--mode-cmd "asan=ASAN_OPTIONS=detect_leaks=0:malloc_context_size=16 $ROOT/bench/asan_run.sh")
else
    echo "  (asan: cannot build the ASan workloads, n/a)"
fi
# The quarantine floor (bench/qfloor.c): the checker's quarantine and fills
# with no checking, on every workload: a reference column, not a target.
FLOOR=$B/bench/libqfloor.so
[ -f "$FLOOR" ] || make -C "$ROOT" --no-print-directory "${FLOOR#$ROOT/}" >/dev/null 2>&1
if [ -f "$FLOOR" ]; then
    cp "$FLOOR" "$WORK/libqfloor.so"
    modes+=(--mode-cmd "floor=LD_PRELOAD=$WORK/libqfloor.so QFLOOR_MB=$Q_MB")
else
    echo "  (floor: cannot build bench/qfloor.c, n/a)"
fi
HT=/usr/bin/heaptrack
if [ ! -x "$HT" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "  (heaptrack missing: apt-get install -y heaptrack)"
    apt-get install -y -q heaptrack >/dev/null 2>&1
fi
if [ -x "$HT" ]; then
    # heaptrack -o FILE records FILE.zst; the recording (its interpreter
    # process included) is what is timed.  It prints its own lines on stdout.
    modes+=(--mode-cmd "heaptrack=$HT -o {tmp}"
            --mode-filter 'heaptrack=^(heaptrack |/usr/lib/heaptrack/|starting application|Heaptrack finished|  heaptrack --analyze|$)')
else
    echo "  (heaptrack: $HT missing, n/a)"
fi

IN=$WORK/in
work=(--workload "churn|synth|$B/bench/churn $CHURN_OPS"
      --workload "churn_mt|synth|$B/bench/churn_mt $MT_OPS 4"
      --workload "python3|real|PYTHONMALLOC=malloc $PY $ROOT/bench/py_workload.py $PY_ROUNDS"
      --workload "gcc|real|/usr/bin/gcc -O2 -c $IN/gen.c -o $WORK/gen.o"
      --workload "git|real|GIT_CONFIG_NOSYSTEM=1 HOME=$WORK /usr/bin/git --no-pager -C $IN/repo log -p --no-color"
      --workload "sqlite3|real|/usr/bin/sqlite3 :memory: .read\ $IN/db.sql")

python3 "$ROOT/bench/checker_compare.py" --runs "$RUNS" --quarantine-mb "$Q_MB" \
    "${modes[@]}" "${work[@]}"
rc=$?
echo "  load average at the end (1, 5, 15 min): $(load)"
exit $rc
