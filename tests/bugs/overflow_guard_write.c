/* A write just past a 64-byte block hits its guard page: reported at the
 * faulting instruction, and the program goes on. */
#include <stdio.h>
#include <stdlib.h>

static void fill(char *p, int n)
{
    for (int i = 0; i <= n; i++) /* one too many */
        p[i] = (char)i;          // BUG
}

int main(void)
{
    char *p = malloc(64); // LINE:alloc
    fill(p, 64);
    puts("still running");
    free(p);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE
// CHECK: #0 0x{{[0-9a-f]+}} in fill {{\S*}}@BUG:
// CHECK: #1 0x{{[0-9a-f]+}} in main
// CHECK: is located 0 bytes after the 64-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in fill
// CHECK-NOT: ERROR: heap-buffer-overflow{{[\s\S]*}}ERROR: heap-buffer-overflow
