/* quarantine_mb bounds all the memory freed blocks hold, guarded ones too
 * (their closed pages stay resident under mprotect; counted on any kernel).
 * With quarantine_mb=1, 200 freed 3000-byte guarded blocks (one 4 KiB page
 * each, 800 KiB) all stay protected, so a read of the oldest faults and is
 * reported; 100 more of
 * 9000 bytes (3 pages each) make 2 MiB, so the oldest go back to the heap,
 * and a read of the second one is not caught (before, only guard_max/2 =
 * 512 blocks bounded them). */
#include <stdio.h>
#include <stdlib.h>

static void churn(int n, size_t size)
{
    for (int i = 0; i < n; i++)
        free(malloc(size));
}

int main(void)
{
    volatile char *first = malloc(3000); // LINE:alloc
    volatile char *second = malloc(3000);
    free((void *)first);  // LINE:free
    free((void *)second); // LINE:free2
    churn(198, 3000);
    char a = first[5];  // BUG
    churn(100, 9000);   /* 3 pages each: the freed slots stay unused */
    char b = second[5]; // LINE:evicted
    printf("%d %d\n", a, b);
    return 0;
}
// OPTIONS: quarantine_mb=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 5 bytes inside the 3000-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: SUMMARY: alloc8: heap-use-after-free @BUG in main
// CHECK-NOT: @LINE:evicted
// CHECK-NOT: @LINE:free2
