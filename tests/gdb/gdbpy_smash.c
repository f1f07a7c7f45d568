/* For tests/sh/gdbpy_smashed.sh: one overflow that runs through its block's
 * redzone into the next block's header, one use after free write, then a
 * stop in stop_here() where gdb inspects the damage (guard_max=0: no block
 * has a guard page, so both writes land). */
#include <stdlib.h>
#include <string.h>

char *g_over, *g_next, *g_freed;

__attribute__((noinline)) void stop_here(void) { __asm__ volatile("" ::: "memory"); }

int main(void)
{
    g_over = malloc(100); // LINE:over
    g_next = malloc(100);
    g_freed = malloc(40);
    if (g_next <= g_over || g_next - g_over > 4096)
        return 2;                                       /* not neighbours: the test says so */
    memset(g_over, 'x', (size_t)(g_next - g_over) - 8); /* into g_next's header */
    free(g_freed);
    g_freed[8] = 'u'; /* a write after free */
    stop_here();
    return 0;
}
