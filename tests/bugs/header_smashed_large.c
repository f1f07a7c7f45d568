/* A write 96 bytes before a 70000-byte block lands on the first byte of its
 * header (a large block's header opens its span).  Freeing it is a
 * heap-header-corruption, as for small blocks, not an invalid free. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(70000);
    p[-96] = 'X';
    free(p); // BUG
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: the header alloc8 keeps before a block was overwritten, found at free
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: SUMMARY: alloc8: heap-header-corruption @BUG in main
// CHECK-NOT: invalid-free
