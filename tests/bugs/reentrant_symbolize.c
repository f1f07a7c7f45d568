/* The report of a double free is symbolized from inside free(): libdw's
 * thousands of allocations must take alloc8's internal route, never the
 * user-visible heap, whose figures (mallinfo2) must not move. */
#include <malloc.h>
#include <stdlib.h>

int main(void)
{
    char *keep = malloc(100);
    struct mallinfo2 before = mallinfo2();
    char *p = malloc(8);
    free(p);
    free(p); // BUG
    char *q = malloc(8);
    free(q);
    struct mallinfo2 after = mallinfo2();
    free(keep);
    /* exit 23 (alloc8's exitcode) only if the figures matched */
    return before.uordblks == after.uordblks && before.ordblks == after.ordblks ? 0 : 1;
}
// EXIT: 23
// CHECK: alloc8: ERROR: double-free
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: __libc_start_call_main {{\S*}}libc_start_call_main.h:
