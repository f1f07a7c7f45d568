/* strncpy whose source lies inside its destination: valgrind ("Source and
 * destination overlap in strncpy") and alloc8 (param-overlap) both report
 * it at the call. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *p = malloc(40);
    strcpy(p, "abcdefghij");
    strncpy(p, p + 2, 20); // BUG
    int ok = strcmp(p, "cdefghij") == 0;
    free(p);
    return ok ? 0 : 1;
}
