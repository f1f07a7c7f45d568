/* The exit sweep (see exit_check_swept.c) keeps at most 256 spans to check
 * again; with problems in more, every span is checked again.  300 freed
 * blocks, each in a span of its own, written after free, and one live block
 * overflowed: all 301 found and counted, the repeats of one site folded. */
#include <stdio.h>
#include <stdlib.h>

enum { N = 100000 };
static char *blocks[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        blocks[i] = malloc(200); // LINE:alloc
    char *live = blocks[N - 1];
    for (int i = 0; i < N - 1; i++)
        free(blocks[i]); // LINE:free
    for (int i = 0; i < 300; i++)
        blocks[i * 300][5] = 2; /* 300 * 320 bytes apart: one per span */
    live[201] = 1;
    puts("done");
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: is located 5 bytes inside the 200-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: is located 1 bytes after the 200-byte block
// CHECK: 299 more reports of heap-use-after-free
// CHECK: alloc8: SUMMARY: 301 errors (1 heap-buffer-overflow, 300 heap-use-after-free)
