/* free() of an address nothing is mapped at. */
#include <stdint.h>
#include <stdlib.h>

int main(void)
{
    void *p = (void *)(uintptr_t)0x10000000dea0ULL;
    free(p); // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-free on address 0x10000000dea0 (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: not mapped
