/* prefixed_bug.c — a double free in the prefixed mode: alloc8 is linked into
 * the program itself, so its frames share the program's module; the report's
 * stacks must still start at the program's call sites (tests/sh/
 * prefixed_mode.sh checks the lines named here). */
#include <alloc8.h>
#include <stdio.h>

__attribute__((noinline)) static char *alloc_site(void)
{
    return alloc8_malloc(10); /* line 10: allocated by, #0 */
}

int main(void)
{
    char *p = alloc_site();
    alloc8_free(p); /* line 16: previously freed by, #0 */
    alloc8_free(p); /* line 17: the double free, #0 */
    puts("done");
    return 0;
}
