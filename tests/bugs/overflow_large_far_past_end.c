/* A write 4000 bytes past a 70000-byte block, beyond its redzone's page:
 * the rest of a large block's run is closed while the block is live, so the
 * write is reported at the instruction, and the program goes on. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void poke(char *p, long i) { p[i] = 'X'; } // BUG

int main(void)
{
    char *big = malloc(70000); // LINE:alloc
    poke(big, 74000);
    free(big);
    puts("went on");
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE past the end of the block (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in poke {{\S*}}@BUG:
// CHECK: is located 4000 bytes after the 70000-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
