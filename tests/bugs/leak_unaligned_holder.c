// With guard_align=1 a guarded block ends flush against its guard page, so
// a 17-byte block starts at an odd address; the pointers the program keeps
// in it are aligned to the block's start, not to 8.  The leak scan read
// only 8-aligned words and called the block they point to lost (perl's
// threads, R's sed child).  Here: a holder reached from a global keeps the
// only pointer to `kept` (reachable), and a lost holder's pointer makes
// `inner` indirectly lost, not definitely.
// OPTIONS: guard_align=1:show_reachable=1
// EXIT: 24
// CHECK: holder is at an address 8 does not divide
// CHECK: 100 bytes in 1 blocks are still reachable
// CHECK: in main {{.*}}@LINE:kept
// CHECK: 77 (17 direct, 60 indirect) bytes in 1 blocks are definitely lost
// CHECK: in main {{.*}}@LINE:lost
// CHECK: 60 bytes in 1 blocks are indirectly lost
// CHECK: in main {{.*}}@LINE:inner
// CHECK: definitely lost: 17 bytes in 1 blocks
// CHECK: indirectly lost: 60 bytes in 1 blocks
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *holder;

int main(void)
{
    holder = malloc(17);
    void *kept = malloc(100); // LINE:kept
    memcpy(holder, &kept, sizeof kept);
    kept = NULL;
    char *gone = malloc(17);  // LINE:lost
    void *inner = malloc(60); // LINE:inner
    memcpy(gone, &inner, sizeof inner);
    inner = NULL;
    if ((uintptr_t)holder % 8 && (uintptr_t)gone % 8)
        fprintf(stderr, "holder is at an address 8 does not divide\n");
    gone = NULL;
    return 0;
}
