/* reallocarray() whose nmemb × size overflows: a warning that names
 * reallocarray (not calloc), NULL and ENOMEM, and the old block stays the
 * program's. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = malloc(4 * sizeof(int));
    errno = 0;
    int *q = reallocarray(p, SIZE_MAX / 4, 16); // BUG
    printf("%s %s\n", q ? "non-null" : "null", errno == ENOMEM ? "ENOMEM" : "other");
    free(p);
    return q == NULL && errno == ENOMEM ? 0 : 1;
}
// EXIT: 0
// CHECK: alloc8: WARNING: reallocarray-overflow: nmemb 4611686018427387903 × size 16 overflows
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK-NOT: alloc8: ERROR
