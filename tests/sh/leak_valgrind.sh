#!/bin/bash
# Each leak class as valgrind classifies the same program: run
# `valgrind --leak-check=full --show-leak-kinds=all` (libc/C++ freeres off, so
# both see the same still-reachable runtime blocks) and alloc8 on the same
# programs and compare the per-class byte and block totals.  Without valgrind
# the fixed expectations below are used.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
have_vg=0
command -v valgrind >/dev/null && have_vg=1

cat >cycle.c <<'C'
#include <stdlib.h>
struct n { struct n *next; long v[3]; };
struct n *root;
int main(void)
{
    struct n *a = malloc(sizeof *a), *b = malloc(sizeof *b), *c = malloc(sizeof *c);
    a->next = b; b->next = c; c->next = a;          /* a lost cycle: 1 direct, 2 indirect */
    root = malloc(sizeof *root);                    /* reachable, and what it holds */
    root->next = malloc(48);
    root->next->next = (struct n *)((char *)malloc(80) + 8); /* interior from reachable: possible */
    char **arr = malloc(4 * sizeof *arr);           /* a lost array of strings */
    for (int i = 0; i < 4; i++) arr[i] = malloc(10 + i);
    arr = 0;
    return 0;
}
C
# name  expected "definite indirect possible reachable" bytes (no valgrind)
progs="leak_classes.c:53,32,64,40 cycle.c:64,110,80,80"
for entry in $progs; do
    name=${entry%%:*}
    want=${entry#*:}
    src=$A8_ROOT/tests/bugs/$name
    [ -f "$src" ] || src=$A8_TMP/$name
    $CC -O0 -g -fno-builtin "$src" -o prog || { bad "build $name"; continue; }
    ALLOC8_OPTIONS=report_format=json LD_PRELOAD=$A8_LIB ./prog >/dev/null 2>a8.json
    got=$(python3 - <<'P'
import json
for line in open("a8.json"):
    o = json.loads(line)
    if o.get("alloc8") == "leak_summary":
        print(",".join(str(o[k]["bytes"]) for k in
              ("definitely_lost", "indirectly_lost", "possibly_lost", "still_reachable")))
        print(",".join(str(o[k]["blocks"]) for k in
              ("definitely_lost", "indirectly_lost", "possibly_lost", "still_reachable")))
P
)
    got_bytes=$(echo "$got" | sed -n 1p)
    got_blocks=$(echo "$got" | sed -n 2p)
    if [ $have_vg = 1 ]; then
        valgrind --leak-check=full --show-leak-kinds=all --run-libc-freeres=no \
            --run-cxx-freeres=no ./prog >/dev/null 2>vg.out
        vg=$(python3 - <<'P'
import re
t = open("vg.out").read()
b, n = [], []
for k in ("definitely lost", "indirectly lost", "possibly lost", "still reachable"):
    m = re.search(k + r": ([\d,]+) bytes in ([\d,]+) blocks", t)
    b.append(m.group(1).replace(",", "") if m else "0")
    n.append(m.group(2).replace(",", "") if m else "0")
print(",".join(b)); print(",".join(n))
P
)
        vg_bytes=$(echo "$vg" | sed -n 1p)
        vg_blocks=$(echo "$vg" | sed -n 2p)
        [ "$got_bytes" = "$vg_bytes" ] || bad "$name: alloc8 bytes $got_bytes, valgrind $vg_bytes"
        [ "$got_blocks" = "$vg_blocks" ] || bad "$name: alloc8 blocks $got_blocks, valgrind $vg_blocks"
        [ "$vg_bytes" = "$want" ] || echo "note: $name: valgrind says $vg_bytes, fixed expectation $want"
    else
        [ "$got_bytes" = "$want" ] || bad "$name: alloc8 bytes $got_bytes, expected $want"
    fi
done
exit $fail
