/* The same bug at the same site is reported once, then counted. */
#include <stdlib.h>

int main(void)
{
    for (int i = 0; i < 5; i++) {
        char *p = malloc(8);
        free(p);
        free(p); // BUG
    }
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: double-free
// CHECK-NOT: ERROR: double-free{{[\s\S]*}}ERROR: double-free
// CHECK: 4 more
// CHECK: alloc8: SUMMARY: 5 errors
