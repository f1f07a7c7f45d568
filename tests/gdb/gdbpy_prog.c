/* For tests/sh/gdbpy_*.sh: blocks of known sizes, one freed, then a stop
 * in stop_here() where gdb inspects the heap.  No stdio: nothing else
 * allocates, so the heap holds exactly these blocks. */
#include <stdlib.h>
#include <string.h>

char *g_live, *g_mid, *g_big, *g_freed;

__attribute__((noinline)) static char *make_block(size_t n)
{
    char *p = malloc(n); // LINE:alloc
    memset(p, 'x', n);
    return p;
}

__attribute__((noinline)) static void release(char *p)
{
    free(p); // LINE:free
}

__attribute__((noinline)) void stop_here(void) { __asm__ volatile("" ::: "memory"); }

int main(void)
{
    g_live = make_block(100);
    g_mid = make_block(3000);
    g_big = make_block(100000);
    g_freed = make_block(48);
    release(g_freed);
    stop_here();
    free(g_live);
    free(g_mid);
    free(g_big);
    return 0;
}
