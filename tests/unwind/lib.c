/* lib.c — built twice by tests/sh/unwind_verify.sh, as liba.so and (with
 * -DPAD, which shifts the code) libb.so. */
#include <stdlib.h>

#ifdef PAD
__attribute__((noinline)) int lib_pad(int x) { return x * 3 + 1; }
#endif

__attribute__((noinline)) static void *inner(size_t n) { return malloc(n); }

void *lib_alloc(void) { return inner(40); }
