/* guard_align=12 is not a power of two: one line names the option and the
 * value used instead (16, the next power of two), and the program runs
 * with it: a 20-byte block then ends 12 bytes before its guard page, and a
 * write there faults at the instruction. */
#include <stdlib.h>

static void poke(char *p, int i)
{
    p[i] = 1; // BUG
}

int main(void)
{
    char *p = malloc(20); // LINE:alloc
    poke(p, 32);
    free(p);
    return 0;
}
// OPTIONS: guard_align=12
// EXIT: 23
// CHECK: alloc8: option guard_align: 12 is not a power of two, using 16
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE
// CHECK: #0 0x{{[0-9a-f]+}} in poke {{\S*}}@BUG:
// CHECK: is located 12 bytes after the 20-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
