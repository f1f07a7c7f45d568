/* Blocks allocated alternately through via_a() and via_b(), called from one
 * call site at one stack depth: the capture memo (checker/stack.c) sees the
 * same walk start every time and must still tell the two stacks apart.  The
 * overflowed block came through via_b, and only via_b may be named.
 * -O0: every frame is an rbp frame, so the memo's footprint holds saved rbp
 * words as well as return addresses. */
#include <stdlib.h>

__attribute__((noinline)) static char *leaf(size_t n) { return malloc(n); } // LINE:leaf
__attribute__((noinline)) static char *via_a(size_t n) { return leaf(n); }
__attribute__((noinline)) static char *via_b(size_t n) { return leaf(n); } // LINE:b

int main(void)
{
    static char *keep[200];
    for (int i = 0; i < 200; i++) {
        char *(*f)(size_t) = (i & 1) ? via_b : via_a;
        keep[i] = f(24); // LINE:call
    }
    keep[151][24] = 'x'; // BUG
    for (int i = 0; i < 200; i++)
        free(keep[i]);
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in leaf {{\S*}}@LINE:leaf:
// CHECK: #1 0x{{[0-9a-f]+}} in via_b {{\S*}}@LINE:b:
// CHECK: #2 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:call:
// CHECK-NOT: via_a
