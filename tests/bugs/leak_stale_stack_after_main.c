/* Blocks whose only pointers were main's locals are lost once main has
 * returned, as valgrind says, although exit's frames run over main's old
 * stack where copies of those pointers may linger (here six of them, and
 * a 1 KiB buffer exit's frames do not fill).  The exit check scans the
 * stack only from main's caller up. */
// EXIT: 24
// CHECK: definitely lost: 336 bytes in 6 blocks
// CHECK: still reachable: 0 bytes in 0 blocks
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *make(size_t n)
{
    char *p = malloc(n);
    memset(p, 1, n);
    return p;
}

int main(void)
{
    char *p[6];
    char line[1024];
    for (int i = 0; i < 6; i++)
        p[i] = make(16 * (i + 1));
    snprintf(line, sizeof line, "%p", (void *)p[0]);
    return line[0] == 0;
}
