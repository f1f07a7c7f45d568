#!/bin/bash
# Debian's gcc (driver, cc1, as, collect2, ld all under the library) compiles
# and links a C program in every mode: the object file is byte-identical to
# the native one and the program prints the same.
set -u
. "$A8_ROOT/tests/progs/real_lib.sh"
need gcc
cat >"$A8_TMP/prog.c" <<'X'
#include <stdio.h>
#include <stdlib.h>
struct node { int v; struct node *l, *r; };
static struct node *ins(struct node *t, int v)
{
    if (!t) { t = calloc(1, sizeof *t); t->v = v; return t; }
    if (v < t->v) t->l = ins(t->l, v); else t->r = ins(t->r, v);
    return t;
}
static long sum(const struct node *t) { return t ? t->v + sum(t->l) + sum(t->r) : 0; }
int main(void)
{
    struct node *t = 0;
    for (int i = 0; i < 5000; i++) t = ins(t, (i * 7919) % 10007);
    printf("sum %ld\n", sum(t));
    return 0;
}
X
CHECK_FILES="prog.o"
compile_and_run() {
    $RUN gcc -O2 -g -frandom-seed=alloc8 -fdebug-prefix-map="$PWD"=/build -c "$A8_TMP/prog.c" \
        -o prog.o && $RUN gcc prog.o -o prog && ./prog
}
export A8_TMP
run_modes gcc compile_and_run
grep -q '^sum [0-9]' "$A8_TMP/gcc.native.out" || bad "gcc: program output: $(cat "$A8_TMP/gcc.native.out")"
exit $fail
