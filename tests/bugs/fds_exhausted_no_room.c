// A program that lowers its descriptor limit below alloc8's own numbers
// (as a sandbox does, setting it to 0) and cannot raise it again (no
// CAP_SYS_RESOURCE), then uses every descriptor left: there is no room for
// /proc/self/maps at exit, not even the reserve's number (above the new
// limit).  Without the maps the leak check has no roots, and it called
// every block lost, the one a global holds too; now it is not run, and a
// note says why.  The program's exit status is its own.
// CHECK: next open after filling: EMFILE
// CHECK: alloc8: leak check (exit) not run: cannot open /proc/self/maps (errno 24: no descriptor left, and the limit cannot be raised), and without it there are no roots to scan
// CHECK-NOT: definitely lost
#include "fds_fill.h"

#include <stdlib.h>

static char *kept;

int main(void)
{
    drop_sys_resource();
    struct rlimit rl = {64, 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || !limit_fixed())
        return 77;
    kept = malloc(100);
    strcpy(kept, "reachable");
    fill_descriptors();
    return kept[0] == 'r' ? 0 : 1;
}
