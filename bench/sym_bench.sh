#!/bin/bash
# sym_bench.sh — build and run the symbolizer benchmark; prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/bench/sym_bench >/dev/null
build/bench/sym_bench
