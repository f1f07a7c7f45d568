#!/usr/bin/env bash
# make demo: runs examples/demo.c (a program with real heap bugs) natively and
# under the alloc8 checker, and shows what alloc8 reports.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
demo="$root/build/examples/demo"
lib="$root/build/liballoc8.so"

echo "== examples/demo.c without alloc8 =="
"$demo"
echo "(exit status $?: glibc notices at most one of the bugs, with no stacks)"
echo
echo "== the same program under alloc8: LD_PRELOAD=$lib =="
LD_PRELOAD="$lib" "$demo"
status=$?
echo
echo "(exit status $status: alloc8 found errors; exitcode=23 is its default)"
[ "$status" -eq 23 ]
