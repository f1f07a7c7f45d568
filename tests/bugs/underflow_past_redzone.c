/* A write 20 bytes before a block: past its 16-byte left redzone, into the
 * last bytes of alloc8's header that its checksum does not cover (bh_pad,
 * bh_next).  Still a heap-buffer-underflow found at free, at the right
 * offset, for a block without a guard page. */
#include <stdlib.h>

static void corrupt(char *p) { p[-20] = 'X'; } // BUG

int main(void)
{
    char *p = malloc(100); // LINE:alloc
    corrupt(p);
    free(p); // LINE:free
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-underflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written before the start were found at free: 58 (expected 00)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 20 bytes before the 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-underflow @LINE:free in main
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-underflow)
