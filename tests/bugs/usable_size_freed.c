/* malloc_usable_size() of a block already freed (ruby's ruby_sized_xfree
 * asks it on a double free): the report says so, with the free's stack,
 * not "which is not the start of a block". */
#include <malloc.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(24);             // LINE:alloc
    free(p);                          // LINE:free
    size_t n = malloc_usable_size(p); // BUG
    return n == 0 ? 0 : 1;
}
// EXIT: 23
// CHECK: alloc8: ERROR: bad-malloc_usable_size on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: attempting malloc_usable_size on 0x{{[0-9a-f]+}} (a 24-byte block), which was already freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 0 bytes inside the 24-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK-NOT: not the start of a block
