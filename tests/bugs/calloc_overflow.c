/* calloc() whose nmemb × size overflows: a warning, NULL and ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    errno = 0;
    void *p = calloc(SIZE_MAX / 4, 16); // BUG
    printf("%s %s\n", p ? "non-null" : "null", errno == ENOMEM ? "ENOMEM" : "other");
    return 0;
}
// EXIT: 0
// CHECK: alloc8: WARNING: calloc-overflow
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK-NOT: alloc8: ERROR
