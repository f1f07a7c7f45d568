#!/bin/bash
# The prefixed mode: a program linked against liballoc8-prefixed.a calls
# alloc8_malloc & co beside the system malloc.  The program must not define
# or interpose malloc itself (nm), the blocks of both allocators coexist, and
# alloc8_heap_name() reports the checker heap.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
A="$A8_BUILD/liballoc8-prefixed.a"
[ -f "$A" ] || { echo "FAIL: $A missing"; exit 1; }
# The archive defines only alloc8_-prefixed public entry points.
nm --defined-only -g "$A" 2>/dev/null | awk 'NF==3 && $2 ~ /[TW]/ {print $3}' |
    grep -Ev '^(alloc8_|a8_)' >foreign_defs
[ -s foreign_defs ] && bad "prefixed archive defines un-prefixed globals: $(tr '\n' ' ' <foreign_defs)"
# Link what the archive needs: the checker needs libdw/libelf/libiberty.
libs="-ldl -lpthread"
if nm "$A" 2>/dev/null | grep -q ' U dwfl_'; then libs="-ldw -lelf $libs"; fi
if nm "$A" 2>/dev/null | grep -q ' U cplus_demangle'; then
    libs="$libs /usr/lib/x86_64-linux-gnu/libiberty.a"
fi
${CC:-gcc} -O0 -g -fno-builtin -Wall -I"$A8_ROOT/include" "$A8_ROOT/tests/progs/prefixed_prog.c" \
    -o prefixed "$A" $libs 2>build.err || { echo "FAIL: link: $(head -20 build.err)"; exit 1; }
nm prefixed | grep -Eq ' T (malloc|free|calloc|realloc)$' && bad "the program defines malloc/free"
nm prefixed | grep -q ' T alloc8_malloc$' || bad "alloc8_malloc not linked in statically"
timeout 60 ./prefixed >out 2>err
rc=$?
[ $rc -eq 0 ] || bad "exit $rc: $(head -20 out) $(head -c 1500 err)"
grep -qx OK out || bad "no OK: $(head -20 out)"
grep -qx 'heap: checker' out || bad "heap name: $(head -1 out)"
# Stacks start at the program's call sites although alloc8's frames share
# its module (stack.c: the heap names the entry point's caller).
${CC:-gcc} -O0 -g -fno-builtin -Wall -I"$A8_ROOT/include" "$A8_ROOT/tests/progs/prefixed_bug.c" \
    -o prefixed_bug "$A" $libs 2>build2.err || { echo "FAIL: link: $(head -20 build2.err)"; exit 1; }
ALLOC8_OPTIONS=detect_leaks=0 timeout 60 ./prefixed_bug >bug.out 2>bug.err
grep -q 'alloc8: ERROR: double-free' bug.err || bad "no double-free report: $(head -c 1500 bug.err)"
# The first frame after each heading, in report order.
firsts=$(awk '/ERROR: double-free|here:/ { want = 1; next } want && /#0 / { print $4, $5; want = 0 }' bug.err |
    sed 's|/[^ ]*/||; s|:[0-9]*$||')
expect=$'main prefixed_bug.c:17\nalloc_site prefixed_bug.c:10\nmain prefixed_bug.c:16'
[ "$firsts" = "$expect" ] || bad "frame #0 of the report's stacks: got [$firsts], want [$expect]: $(head -c 2500 bug.err)"
exit $fail
