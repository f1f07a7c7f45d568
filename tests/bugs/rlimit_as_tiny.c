/* Under an address-space limit too small for the checker's heap (16 MiB at
 * least) the checker says once that checking is off and the program runs on
 * glibc's malloc, its output intact.  It says nothing more: the stack
 * capture's "out of memory: falling back to glibc backtrace()" line (no room
 * to dlopen libunwind) came after, about stacks no report would show. */
// ULIMIT_V: 20000
// EXIT: 0
// CHECK: checking is off
// CHECK: heap 'checker' failed to initialise; using glibc's malloc
// CHECK: sum 4950, last block ok
// CHECK-NOT: stack capture
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    int sum = 0;
    char *p = NULL;
    for (int i = 0; i < 100; i++) {
        free(p);
        p = malloc(1000 + (size_t)i);
        memset(p, i, 1000);
        sum += i;
    }
    fprintf(stderr, "sum %d, last block %s\n", sum, p[999] == 99 ? "ok" : "bad");
    free(p);
    return 0;
}
