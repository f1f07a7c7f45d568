// The leak scan skips heap spans that hold no live block (most of them at
// exit: the quarantine holds the rest).  Here a chain of live blocks of many
// sizes is scattered among thousands of freed ones, some spans emptied and
// refilled through a small quarantine, one block large.  Each link is
// reachable only through the previous block: if the scan skipped a span that
// holds one, everything after it would be reported lost.  Exactly the three
// 77-byte blocks below are leaked.
// OPTIONS: quarantine_mb=1
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 231 bytes in 3 blocks are definitely lost in loss record 1 of 1
// CHECK: in leak_three {{.*}}@LINE:leak
// CHECK: LEAK SUMMARY:
// CHECK:    definitely lost: 231 bytes in 3 blocks
// CHECK:    indirectly lost: 0 bytes in 0 blocks
// CHECK:      possibly lost: 0 bytes in 0 blocks
// CHECK:    still reachable: 892600 bytes in 401 blocks
// CHECK: SUMMARY: alloc8: 231 byte(s) leaked in 3 allocation(s).
// CHECK-NOT: are indirectly lost
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct node {
    struct node *next;
    size_t size;
};
struct node *chain; /* the only root */

static void link_new(size_t size)
{
    struct node *n = malloc(size);
    if (!n)
        abort();
    memset(n, 0, size);
    n->next = chain;
    n->size = size;
    chain = n;
}

__attribute__((noinline)) static void leak_three(void)
{
    for (int i = 0; i < 3; i++) {
        volatile char *p = malloc(77); // LINE:leak
        if (!p)
            abort();
        p[0] = 1;
    }
}

int main(void)
{
    void *junk[64] = {0};
    for (unsigned i = 0; i < 40000; i++) {
        size_t size = 16 + (i * 37) % 3000;
        unsigned j = i % 64;
        free(junk[j]); /* freed blocks outnumber live ones 100 to 1 */
        junk[j] = malloc(size);
        if (i % 100 == 0)
            link_new(size);
    }
    link_new(300 * 1024); /* a large block: a run of several spans */
    for (unsigned i = 0; i < 64; i++)
        free(junk[i]);
    for (unsigned i = 0; i < 2000; i++) /* more frees after the last link */
        free(malloc(200 + i % 500));
    leak_three();
    write(1, "done\n", 5);
    return 0;
}
