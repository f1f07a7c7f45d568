/* sym_inl.c — built at -O2: inl_leaf is inlined into inl_outer, so the
 * captured return address expands to two frames (see sym_prog.c). */
#include "sym_harness.h"

volatile int inl_sink;

static inline __attribute__((always_inline)) int inl_leaf(int x)
{
    symh_capture("inline"); /* LINE:inl_leaf */
    return x * 3 + inl_sink;
}

__attribute__((noinline)) int inl_outer(int x)
{
    int r = inl_leaf(x); /* LINE:inl_call */
    inl_sink = r;
    return r + 1;
}
