/* exc_cfuncs.c — C frames for cxx_exceptions.sh to throw through: a
 * callback driver and qsort (libc's, compiled with unwind tables).  Built
 * with -fexceptions. */
#include <stdlib.h>

void exc_c_each(int n, void (*cb)(int, void *), void *ctx)
{
    char *scratch = malloc(64); /* leaked when cb throws: fine for a test */
    for (int i = 0; i < n; i++)
        cb(i, ctx);
    free(scratch);
}

void exc_c_sort(int *v, size_t n, int (*cmp)(const void *, const void *))
{
    qsort(v, n, sizeof *v, cmp);
}
