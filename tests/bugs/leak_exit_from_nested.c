/* exit() called from a nested function: main's frame and finish's are live,
 * so the block main still points to is reachable (not a leak), while the
 * blocks whose pointers died with make_garbage's frame, below the call of
 * exit, are lost (valgrind agrees). */
// EXIT: 24
// CHECK: 64 bytes in 4 blocks are definitely lost
// CHECK: definitely lost: 64 bytes in 4 blocks
// CHECK: still reachable: 100 bytes in 1 blocks
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __attribute__((noinline)) void make_garbage(void)
{
    char *p[4];
    char line[2048];
    for (int i = 0; i < 4; i++) {
        p[i] = malloc(16);
        memset(p[i], 2, 16);
    }
    snprintf(line, sizeof line, "%p", (void *)p[0]);
    if (!line[0])
        abort();
}

static __attribute__((noinline)) void finish(const char *keep) { exit(keep[0] == 7 ? 0 : 1); }

int main(void)
{
    char *keep = malloc(100);
    memset(keep, 7, 100);
    make_garbage();
    finish(keep);
}
