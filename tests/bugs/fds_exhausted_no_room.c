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
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *kept;

/* CAP_SYS_RESOURCE out of the effective set (a root test run may have it). */
static void drop_sys_resource(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) != 0)
        return;
    d[CAP_SYS_RESOURCE / 32].effective &= ~(1u << (CAP_SYS_RESOURCE % 32));
    syscall(SYS_capset, &h, d);
}

int main(void)
{
    drop_sys_resource();
    struct rlimit rl = {64, 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 77;
    struct rlimit more = {65, 65};
    if (setrlimit(RLIMIT_NOFILE, &more) == 0) {
        printf("the descriptor limit can still be raised: nothing to test\n");
        return 77;
    }
    kept = malloc(100);
    strcpy(kept, "reachable");
    while (open("/dev/null", O_RDONLY) >= 0)
        ;
    fprintf(stderr, "next open after filling: %s\n", errno == EMFILE ? "EMFILE" : strerror(errno));
    return kept[0] == 'r' ? 0 : 1;
}
