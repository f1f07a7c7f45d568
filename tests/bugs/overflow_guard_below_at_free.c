/* With guard_below=1 the guard page is before a guarded block, and the
 * slack after it holds the redzone pattern: a write one byte past the end
 * does not fault but is still found, at free, at the right offset. */
#include <stdlib.h>

static void fill(char *p, int n)
{
    for (int i = 0; i <= n; i++) // BUG
        p[i] = 'a';
}

int main(void)
{
    char *p = malloc(40); // LINE:alloc
    fill(p, 40);
    free(p); // LINE:free
    return 0;
}
// OPTIONS: guard_below=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written past the end were found at free: 61 (expected fb)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 0 bytes after the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:free in main
