/* Out of memory under a small address-space limit: NULL + ENOMEM each time,
 * one warning for the whole run, and the program goes on. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

int main(void)
{
    int nulls = 0, enomem = 0;
    for (int i = 0; i < 200; i++) {
        errno = 0;
        void *p = malloc(64u << 20); // BUG
        if (!p) {
            nulls++;
            enomem += errno == ENOMEM;
        }
    }
    printf("nulls=%d enomem=%d\n", nulls, enomem);
    return nulls > 0 && nulls == enomem ? 0 : 1;
}
// OPTIONS: detect_leaks=0
// ULIMIT_V: 3000000
// EXIT: 0
// CHECK: alloc8: WARNING: out-of-memory
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK-NOT: WARNING: out-of-memory{{[\s\S]*}}WARNING: out-of-memory
