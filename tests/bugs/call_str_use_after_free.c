/* memcpy out of a freed string (a READ after free) and strcpy into a freed
 * buffer (a WRITE after free): both caught at the call, with the free's
 * stack; the
 * write's changed fill is not reported again when the block leaves
 * quarantine at exit. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 6 bytes at 0x{{[0-9a-f]+}} by memcpy of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:read:
// CHECK: is located 0 bytes inside the 16-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free1:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by strcpy of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:write:
// CHECK: is located 0 bytes inside the 24-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free2:
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-use-after-free)
// CHECK-NOT: found at exit
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *name = malloc(16);
    strcpy(name, "hello");
    char *out = malloc(24);
    free(name); // LINE:free1
    char tmp[16];
    memcpy(tmp, name, 6);                // LINE:read
    free(out);                           // LINE:free2
    strcpy(out, "world");                // LINE:write
    return tmp[0] == (char)0xdd ? 0 : 1; /* free_fill: what a freed block holds */
}
