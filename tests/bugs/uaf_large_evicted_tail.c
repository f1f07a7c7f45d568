/* A large block that leaves the quarantine keeps its run's tail closed in the
 * run cache (checker/heap.c, keep_tail_closed), and the next large block of
 * that run closes or opens only the pages where its own tail differs:
 *  - a bigger block in the run writes all its bytes without a fault;
 *  - a smaller one still faults at a write far past its end;
 *  - a stale pointer's write into an evicted block's closed tail faults and
 *    is reported as the use after free it is, with the block's stacks.
 * quarantine_mb=1: 600 frees of 4 KiB blocks (3 MiB of slots) evict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void evict(void)
{
    for (int i = 0; i < 600; i++)
        free(malloc(4096));
}

static char *make(size_t n) { return malloc(n); } // LINE:alloc

int main(void)
{
    char *a = make(40000);
    free(a);
    evict();
    char *b = make(60000); /* the same 64 KiB run, its tail reaching further */
    memset(b, 1, 60000);
    free(b);
    evict();
    char *c = make(33000); /* the same run again, a shorter block */
    memset(c, 2, 33000);
    fprintf(stderr, "reused the run: %d %d\n", b == a, c == a);
    c[40000] = 1; // LINE:far
    free(c);
    char *d = make(40000);
    free(d); // LINE:free
    evict();
    d[39000] = 'X'; // BUG
    return 0;
}
// OPTIONS: quarantine_mb=1:guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: reused the run: 1 1
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE past the end of the block (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:far:
// CHECK: is located 7000 bytes after the 33000-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:BUG:
// CHECK: is located 39000 bytes inside the 40000-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in make {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: SUMMARY: 2 errors (1 heap-buffer-overflow, 1 heap-use-after-free)
