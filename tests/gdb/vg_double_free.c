/* The same block freed twice. */
#include <stdlib.h>
static void release(char *p) { free(p); }
int main(void)
{
    char *p = malloc(24);
    release(p);
    free(p); // BUG double-free
    return 0;
}
