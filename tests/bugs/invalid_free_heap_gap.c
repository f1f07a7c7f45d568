/* free() of an address inside alloc8's heap region that no block covers. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(16);
    free(p + (64 << 20)); // BUG
    free(p);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: in no block
