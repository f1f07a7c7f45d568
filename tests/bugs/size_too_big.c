/* A request above max_size: a warning, NULL and ENOMEM. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    errno = 0;
    void *p = malloc(5000); // BUG
    printf("%s %d\n", p ? "non-null" : "null", errno == ENOMEM);
    return p == NULL && errno == ENOMEM ? 0 : 1;
}
// OPTIONS: max_size=4096
// EXIT: 0
// CHECK: alloc8: WARNING: allocation-size-too-big
// CHECK: 5000
// CHECK: 4096
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
