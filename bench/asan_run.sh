#!/bin/sh
# asan_run.sh PROGRAM ARGS... — runs PROGRAM.asan (the same program built
# with -fsanitize=address, bench/bench.mk) in PROGRAM's place: the checker
# bench's "asan" mode.  A program with no such build (every real program:
# ASan needs a rebuild) is reported as not applicable, exit 125.
prog=$1
shift
if [ -x "$prog.asan" ]; then
    exec "$prog.asan" "$@"
fi
echo "no ASan build of $(basename "$prog") (ASan needs a rebuild)" >&2
exit 125
