/* An overflow found when the block is passed to realloc. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *p = malloc(20); // LINE:alloc
    memset(p, 'a', 20);
    p[21] = 'b';         // BUG
    p = realloc(p, 200); // LINE:realloc
    free(p);
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at realloc
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:realloc:
// CHECK: is located 1 bytes after the 20-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
