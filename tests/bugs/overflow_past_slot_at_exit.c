/* A write 100 bytes past a 100-byte block: past its redzone and the rest of
 * its slot, into the next slot, which no block has used yet.  Nothing there
 * to check at free; the check at exit finds the never-used slot written and
 * names the block before it. */
#include <stdlib.h>

__attribute__((noinline)) static void poke(char *p, long i) { p[i] = 'X'; } // BUG

int main(void)
{
    char *p = malloc(100); // LINE:alloc
    poke(p, 200);
    free(p);
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written past the end were found at exit: 58 (expected 00)
// CHECK: is located 100 bytes after the 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
