/* posix_memalign with an alignment that is not a power of two: EINVAL and a warning. */
#include <errno.h>
#include <stdlib.h>

int main(void)
{
    void *p = NULL;
    int r = posix_memalign(&p, 24, 100); // BUG
    return r == EINVAL && p == NULL ? 0 : 1;
}
// EXIT: 0
// CHECK: alloc8: WARNING: invalid-alignment
// CHECK: 24
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
