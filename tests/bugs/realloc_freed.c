/* realloc() of a block that was already freed. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(20);     // LINE:alloc
    free(p);                  // LINE:free
    char *q = realloc(p, 40); // BUG
    return q == NULL ? 0 : 1;
}
// EXIT: 23
// CHECK: alloc8: ERROR: realloc-of-freed-pointer on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
