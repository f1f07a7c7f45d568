/* A write just past a 64-byte block: alloc8's guard page catches it at the
 * instruction; valgrind: Invalid write, 0 bytes after a block of size 64. */
#include <stdlib.h>
int main(void)
{
    char *p = malloc(64);
    p[64] = 1; // BUG overflow
    free(p);
    return 0;
}
