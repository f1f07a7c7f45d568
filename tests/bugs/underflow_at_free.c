/* A write one byte before a 32-byte block, found at free. */
#include <stdlib.h>

static void corrupt(char *p) { p[-1] = 7; } // BUG

int main(void)
{
    char *p = malloc(32); // LINE:alloc
    corrupt(p);
    free(p); // LINE:free
    return 0;
}
// CHECK: alloc8: ERROR: heap-buffer-underflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 1 bytes before the 32-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-underflow @LINE:free in main
