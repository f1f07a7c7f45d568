/* A read from a freed 100000-byte block: the block's pages past its first
 * free_fill_max bytes are protected while it waits in quarantine, so the
 * read is reported at the instruction.  The tail comes back as zero pages:
 * the block's right redzone in it must not then read as an overflow. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *big = malloc(100000); // LINE:alloc
    big[50000] = 'x';
    free(big);           // LINE:free
    char c = big[50000]; // BUG
    printf("%d\n", c);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 50000 bytes inside the 100000-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK-NOT: ERROR: heap-buffer-overflow
