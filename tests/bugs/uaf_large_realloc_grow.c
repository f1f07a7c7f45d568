/* A big block grown a few bytes at a time by realloc, as bash grows a
 * string (s+=x): each realloc moves it, its copy's pages faulted in ahead
 * with one call (heap.c populate_copy).  Every step's contents must arrive
 * whole, also for an aligned block (another offset in its first page), a
 * shrink to a small block and a grow from one; and the pointer kept from
 * before the last move reads a freed block, reported at the instruction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char pat(size_t i) { return (unsigned char)(i * 131 + (i >> 12)); }

static int fill_check(unsigned char *p, size_t have, size_t n)
{
    for (size_t i = 0; i < have; i++)
        if (p[i] != pat(i))
            return 1;
    for (size_t i = have; i < n; i++)
        p[i] = pat(i);
    return 0;
}

int main(void)
{
    size_t n = 40000;
    unsigned char *s = malloc(n);
    fill_check(s, 0, n);
    for (int step = 0; step < 100; step++) {
        size_t m = n + 10 + (size_t)step * 101;
        s = realloc(s, m); // LINE:grow
        if (!s || fill_check(s, n, m))
            return 1;
        n = m;
    }
    unsigned char *a = aligned_alloc(256, 70000);
    fill_check(a, 0, 70000);
    a = realloc(a, 200000);
    if (!a || fill_check(a, 70000, 200000))
        return 2;
    a = realloc(a, 1000); /* a small block now */
    if (!a || fill_check(a, 1000, 1000))
        return 3;
    a = realloc(a, 90000);
    if (!a || fill_check(a, 1000, 90000))
        return 4;
    free(a);
    unsigned char *old = s;
    s = realloc(s, n + 10); // LINE:free
    if (!s || fill_check(s, n, n + 10))
        return 5;
    printf("%d\n", old[n - 5000]); // BUG
    free(s);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located {{[0-9]+}} bytes inside the {{[0-9]+}}-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:grow:
// CHECK: freed by thread T0 here:
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK-NOT: ERROR: heap-buffer-overflow
