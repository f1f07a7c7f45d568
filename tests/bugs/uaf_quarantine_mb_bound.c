/* quarantine_mb bounds the whole process's quarantine, counted in the slots
 * freed blocks keep from reuse: with quarantine_mb=1, a freed block is still
 * held after 128 frees of 4 KiB blocks (5 KiB slots: 640 KiB), so a write to
 * it is caught, and gone after 384 more (a write to it is not seen). */
#include <alloc8.h>
#include <stdio.h>
#include <stdlib.h>

size_t alloc8_check_heap(void) __attribute__((weak));

static void churn(int n)
{
    for (int i = 0; i < n; i++)
        free(malloc(4096));
}

int main(void)
{
    if (!alloc8_check_heap)
        return 1;
    char *p = malloc(100); // LINE:alloc
    free(p);               // LINE:free
    churn(128);
    p[10] = 'X';                       // BUG
    size_t kept = alloc8_check_heap(); // LINE:check
    churn(384);
    p[20] = 'Y'; /* p was evicted: its slot is free memory, not checked */
    size_t gone = alloc8_check_heap();
    fprintf(stderr, "found %zu after 128 frees, %zu after 512\n", kept, gone);
    return 0;
}
// OPTIONS: guard_max=0:quarantine_mb=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:check:
// CHECK: is located 10 bytes inside the 100-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: found 1 after 128 frees, 0 after 512
