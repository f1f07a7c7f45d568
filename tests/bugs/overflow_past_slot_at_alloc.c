/* A write 30 bytes past a 100-byte block, past its redzone and the rest of
 * its slot, lands in the first bytes of the next, never-used slot.  The
 * next allocation of that size takes that slot: before its header and
 * fills go over the bytes, alloc8 sees them and reports the overflow of
 * the block before it. */
#include <stdlib.h>

__attribute__((noinline)) static void poke(char *p, long i) { p[i] = 'X'; } // BUG

int main(void)
{
    char *a = malloc(100); // LINE:alloc
    poke(a, 130);
    char *b = malloc(100); // LINE:next
    free(b);
    free(a);
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written past the end were found at an allocation
// CHECK: (in the unused slot after its own): 58 (expected 00)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:next:
// CHECK: is located 30 bytes after the 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
