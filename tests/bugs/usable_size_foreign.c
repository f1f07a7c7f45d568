/* malloc_usable_size() of a pointer that is not a heap block. */
#include <malloc.h>
#include <stdlib.h>

static int not_heap[8];

int main(void)
{
    size_t n = malloc_usable_size(not_heap); // BUG
    return n == 0 ? 0 : 1;
}
// EXIT: 23
// CHECK: alloc8: ERROR: bad-malloc_usable_size on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: global variable 'not_heap'
