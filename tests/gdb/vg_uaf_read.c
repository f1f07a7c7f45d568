/* A read of a freed block. */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    int *p = malloc(10 * sizeof *p);
    for (int i = 0; i < 10; i++)
        p[i] = i;
    free(p);
    int v = p[3]; // BUG use-after-free
    printf("%d\n", v);
    return 0;
}
