/* A write 4900 bytes past a 100-byte guarded block jumps over its guard
 * page into the next guarded slot, which no block has used yet.  No fault;
 * the check at exit finds that slot's pages written and names the block
 * before it. */
#include <stdlib.h>

__attribute__((noinline)) static void poke(char *p, long i) { p[i] = 'X'; } // BUG

int main(void)
{
    char *p = malloc(100); // LINE:alloc
    poke(p, 5000);
    free(p);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written past the end were found at exit: 58 (expected 00)
// CHECK: is located 4900 bytes after the 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
