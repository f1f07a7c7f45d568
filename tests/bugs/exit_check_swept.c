/* At exit a heap of more than 16 MiB is swept by two threads at once (on a
 * machine with two CPUs), reading only; the spans where a problem was seen
 * are then checked again and reported as always.  Here 32 MiB of freed
 * 200-byte blocks, one written after free, and one live block written 3
 * bytes past its end: both reported, in address order, nothing else. */
#include <stdio.h>
#include <stdlib.h>

enum { N = 100000 };
static char *blocks[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        blocks[i] = malloc(200); // LINE:alloc
    char *live = blocks[N / 2];
    for (int i = 0; i < N; i++)
        if (i != N / 2)
            free(blocks[i]); // LINE:free
    blocks[N / 3][17] = 1;   // BUG
    live[203] = 1;           // LINE:overflow
    puts("done");
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: is located 17 bytes inside the 200-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: is located 3 bytes after the 200-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: SUMMARY: 2 errors (1 heap-buffer-overflow, 1 heap-use-after-free)
