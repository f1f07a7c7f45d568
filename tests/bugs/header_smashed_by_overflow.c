/* An overflow that runs through its block's redzone and the rest of its
 * slot into the next block's header, smashing the header's magic.  Freeing
 * that next block is not an invalid free of a pointer "in no block": it is
 * a heap-header-corruption, and the report names the block before it, whose
 * end is overwritten right up to the header, with that block's allocation
 * stack.  Freeing the overflowing block then reports its overflow, which
 * ran on into that header.  The hint names a guard page for blocks of the
 * overflowing block's size. */
// OPTIONS: guard_max=0:check_calls=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: the header alloc8 keeps before a block was overwritten, found at free
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is a block header (size, state, stacks, links): its fields cannot be trusted,
// CHECK: so the block is not reused; the bytes after the 100-byte block before it
// CHECK: [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) are overwritten right up to it,
// CHECK: most likely an overflow of that block
// CHECK: hint: found at free, not at the access; run again with
// CHECK: ALLOC8_OPTIONS=guard_size=100 to stop at the access itself
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:victim:
// CHECK: SUMMARY: alloc8: heap-header-corruption @BUG in main
// CHECK: alloc8: ERROR: heap-buffer-overflow on address
// CHECK: bytes written past the end were found at free, and on into the next block's header: 78
// CHECK: is located 0 bytes after the 100-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:victim:
// CHECK: alloc8: SUMMARY: 2 errors (1 heap-buffer-overflow, 1 heap-header-corruption)
// CHECK-NOT: invalid-free
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *a = malloc(100); // LINE:victim
    char *b = malloc(100);
    if (!a || !b || b <= a || b - a > 4096) {
        fputs("the two blocks are not neighbours in one span\n", stderr);
        return 2;
    }
    memset(a, 'x', (size_t)(b - a) - 8); /* to 8 bytes short of b: its header and more */
    free(b);                             // BUG
    free(a);
    return 0;
}
