/* exc_c.c — C frames that C++ exceptions must unwind through
 * (tests/sh/stack_exceptions.sh).  Built with -fexceptions. */
#include <stdlib.h>

/* Calls cb(arg) twice from C; an exception thrown by cb passes through here. */
int exc_c_call(int (*cb)(void *), void *arg)
{
    volatile int r = cb(arg);
    r += cb(arg);
    return r;
}

/* qsort with a comparator that may throw: libc's qsort frame is unwound too. */
void exc_c_sort(int *v, size_t n, int (*cmp)(const void *, const void *))
{
    int *copy = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        copy[i] = v[i];
    qsort(copy, n, sizeof *copy, cmp);
    for (size_t i = 0; i < n; i++)
        v[i] = copy[i];
    free(copy);
}
