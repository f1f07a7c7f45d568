// As fds_exhausted_room.c, but the limit cannot be raised: soft and hard
// are the same and the process lacks CAP_SYS_RESOURCE, as after
// `ulimit -n 64` (the program sets that up and executes itself).  The leak check
// then opens /proc/self/maps in the number of alloc8's reserve descriptor,
// given up for the open and made again after it: only the lost block is
// reported.  Files alloc8 keeps open (the symbolizer's) do not take that
// number before the exit's scan is done; its report then spends it on the
// program's file, and libc's frames stay module+offset, with a note that
// says why.  Before, the leak check called every block lost.
// OPTIONS: sym_cache=off
// EXIT: 24
// CHECK: next open after filling: EMFILE
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 55 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: in main {{.*}}@LINE:lost
// CHECK: ({{/.*}}libc.so.6+0x
// CHECK: definitely lost: 55 bytes in 1 blocks
// CHECK: alloc8: cannot open {{/.*}}libc.so.6 (errno 24: no descriptor left, and the limit cannot be raised): its frames show module+offset
// CHECK-NOT: 100 bytes in 1 blocks are definitely lost
// CHECK-NOT: leak check (exit) not run
#include "fds_fill.h"

#include <stdlib.h>

static char *kept;

int main(int argc, char **argv)
{
    if (argc < 2) {
        /* alloc8 starts in a process whose limit is already 64/64. */
        drop_sys_resource();
        struct rlimit rl = {64, 64};
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return 77;
        execl("/proc/self/exe", argv[0], "limited", (char *)NULL);
        return 1;
    }
    if (!limit_fixed())
        return 77;
    kept = malloc(100);
    strcpy(kept, "reachable");
    char *lost = malloc(55); // LINE:lost
    lost[0] = 1;
    lost = NULL;
    fill_descriptors();
    return kept[0] == 'r' ? 0 : 1;
}
