/* A program that fails on its own keeps its own exit status. */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(8);
    free(p);
    free(p); // BUG
    return 3;
}
// EXIT: 3
// CHECK: alloc8: ERROR: double-free
