/* qsort given a count one element past its array, qsort_r given a freed
 * array, and (no report) qsort of one element of a freed array, which sorts
 * nothing and touches nothing.  The whole array, nmemb * size bytes, is
 * checked before the call: without the check the first overflow would be
 * found at free as a corrupted redzone, with no stack of the sort, and the
 * second at exit as a changed fill. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by qsort, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:qsort_past:
// CHECK: is located 0 bytes after the 32-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:qsort_past in main
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by qsort_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:qsort_r_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_arr:
// CHECK: alloc8: SUMMARY: 2 errors (1 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <stdlib.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_long_r(const void *a, const void *b, void *arg)
{
    (void)arg;
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    int *a = malloc(8 * sizeof(int));
    for (int i = 0; i < 8; i++)
        a[i] = 8 - i;
    qsort(a, 10, sizeof(int), cmp_int); // LINE:qsort_past

    long *l = malloc(3 * sizeof(long));
    free(l);                                       // LINE:free_arr
    qsort_r(l, 3, sizeof(long), cmp_long_r, NULL); // LINE:qsort_r_freed
    qsort(l, 1, sizeof(long), cmp_int);

    free(a);
    return 0;
}
