#!/bin/bash
# The checker bench's "floor" column (bench/qfloor.c) claims to be a heap
# that keeps freed memory out of reuse as the checker does, with its fills
# and their check, and nothing else.  Its figures mean something only if it
# does: here a freed block is not handed out again at once, its bytes hold
# the free fill, a block written to after its free is counted as it leaves
# the quarantine, slots are reused once the quarantine is over budget
# (QFLOOR_MB=1), and the churn workloads (threads and cross-thread frees
# included) give native's checksums under it.
set -u
FLOOR=$A8_BUILD/bench/libqfloor.so
[ -f "$FLOOR" ] || { echo "FAIL: $FLOOR not built"; exit 1; }
cd "$A8_TMP"
cat >prog.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    unsigned char *p = malloc(100);
    printf("fresh %02x %02x\n", p[0], p[99]);
    free(p);
    printf("freed %02x %02x\n", p[0], p[99]); /* the heap's own memory: readable */
    unsigned char *q = malloc(100);
    printf("again %s\n", q == p ? "same" : "other");
    if (argc > 1)
        p[7] = 1; /* p is in quarantine: a use after free */
    free(q);
    /* 4 MiB of frees through a 1 MiB quarantine: p leaves it, and slots
     * come back. */
    static void *seen[4096];
    int reused = 0;
    for (int i = 0; i < 4096; i++) {
        seen[i] = malloc(1000);
        for (int j = 0; j < i && !reused; j++)
            reused = seen[j] == seen[i];
        free(seen[i]);
    }
    printf("reused %s\n", reused ? "yes" : "no");
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: build"; exit 1; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }
QFLOOR_MB=1 LD_PRELOAD=$FLOOR ./prog >out 2>err || bad "clean run: exit $?"
grep -qx 'fresh be be' out || bad "new block not filled with 0xbe: $(grep fresh out)"
grep -qx 'freed dd dd' out || bad "freed block not filled with 0xdd: $(grep freed out)"
grep -qx 'again other' out || bad "a freed block was handed out again at once"
grep -qx 'reused yes' out || bad "no slot reused past a 1 MiB quarantine"
grep -q 'written to after free' err && bad "clean run counted a use after free: $(cat err)"
QFLOOR_MB=1 LD_PRELOAD=$FLOOR ./prog uaf >out 2>err || bad "use-after-free run: exit $?"
grep -qx 'qfloor: 1 freed block(s) written to after free' err ||
    bad "the write after free was not counted as the block left the quarantine: $(cat err)"
# The default 256 MiB budget: nothing comes back within the program.
LD_PRELOAD=$FLOOR ./prog >out 2>err
grep -qx 'reused no' out || bad "a slot was reused within 256 MiB of quarantine"
for w in "churn 200000" "churn_mt 200000 4"; do
    set -- $w
    b=$A8_BUILD/bench/$1
    [ -x "$b" ] || { bad "$b not built"; continue; }
    want=$("$b" "${@:2}") || { bad "$w: native run failed"; continue; }
    got=$(LD_PRELOAD=$FLOOR "$b" "${@:2}") || bad "$w: exit $? under the floor heap"
    [ "$got" = "$want" ] || bad "$w: '$got' under the floor heap, '$want' natively"
done
[ $fail = 0 ] && echo "bench_floor: OK"
exit $fail
