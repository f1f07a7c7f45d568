#!/bin/bash
# Thread hooks of a bring-your-own heap (alloc8.h: thread_create,
# thread_start, thread_exit): each fires exactly once per thread, for threads
# that return, call pthread_exit, or are cancelled; and a heap without hooks
# gets pthread_create forwarded untouched (the start routine is called from
# glibc's start_thread, not from alloc8's trampoline).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ARCHIVE="$A8_BUILD/liballoc8-interpose.a"
[ -f "$ARCHIVE" ] || { echo "FAIL: $ARCHIVE missing (make all)"; exit 1; }
for v in hooks nohooks; do
    def=; [ $v = nohooks ] && def=-DNO_HOOKS
    ${CC:-gcc} -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror $def -I"$A8_ROOT/include" \
        -o lib${v}heap.so "$A8_ROOT/tests/progs/hooks_heap.c" \
        -Wl,--whole-archive "$ARCHIVE" -Wl,--no-whole-archive -ldl -lpthread ||
        { echo "FAIL: build lib${v}heap.so"; exit 1; }
done
${CC:-gcc} -O0 -g -fno-builtin -Wall "$A8_ROOT/tests/progs/hooks_prog.c" -o hooks_prog \
    -ldl -lpthread || { echo "FAIL: build hooks_prog"; exit 1; }

run() { # mode preload
    timeout 60 env LD_PRELOAD=$2 ./hooks_prog "$1" >out.$1 2>err.$1
    local rc=$?
    [ $rc -eq 0 ] || bad "$1: exit $rc: $(head -40 out.$1) $(head -c 1000 err.$1)"
    grep -q "^OK $1 28 threads" out.$1 || bad "$1: no OK line: $(head -5 out.$1)"
}
run native ""
run hooks "$A8_TMP/libhooksheap.so"
run nohooks "$A8_TMP/libnohooksheap.so"
# the hooks heap was really active
LD_PRELOAD=$A8_TMP/libhooksheap.so ALLOC8_OPTIONS=verbosity=1 ./hooks_prog hooks 2>&1 >/dev/null |
    grep -q "heap 'hooks_heap'" || bad "hooks heap not reported active (verbosity=1)"
exit $fail
