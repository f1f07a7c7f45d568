/* opt_prog.c — a program that allocates and says whether it ran in a
 * secure-execution process (AT_SECURE), for the options tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int main(void)
{
    char *p = malloc(100);
    strcpy(p, "ran on");
    p = realloc(p, 1000);
    printf("%s secure=%lu\n", p, getauxval(AT_SECURE));
    free(p);
    return 0;
}
