/* fds_fill.h — shared by the fds_exhausted_* tests: a descriptor limit
 * that cannot be raised, and a process that has used all of it. */
#ifndef FDS_FILL_H
#define FDS_FILL_H
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* CAP_SYS_RESOURCE out of the effective and permitted sets and, for a
 * program executed next, out of the bounding set (a root test run may
 * have it). */
static void drop_sys_resource(void)
{
    prctl(PR_CAPBSET_DROP, CAP_SYS_RESOURCE, 0, 0, 0);
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) != 0)
        return;
    unsigned bit = 1u << (CAP_SYS_RESOURCE % 32);
    d[CAP_SYS_RESOURCE / 32].effective &= ~bit;
    d[CAP_SYS_RESOURCE / 32].permitted &= ~bit;
    syscall(SYS_capset, &h, d);
}

/* Whether the limit stays where it is (soft = hard = cur, no capability to
 * raise it); a test that needs that skips (77) otherwise. */
static int limit_fixed(void)
{
    struct rlimit now, more;
    if (getrlimit(RLIMIT_NOFILE, &now) != 0 || now.rlim_cur != now.rlim_max)
        return 0;
    more.rlim_cur = more.rlim_max = now.rlim_cur + 1;
    if (setrlimit(RLIMIT_NOFILE, &more) == 0) {
        setrlimit(RLIMIT_NOFILE, &now);
        printf("the descriptor limit can still be raised: nothing to test\n");
        return 0;
    }
    return 1;
}

/* Opens /dev/null until the process has no descriptor left. */
static void fill_descriptors(void)
{
    while (open("/dev/null", O_RDONLY) >= 0)
        ;
    fprintf(stderr, "next open after filling: %s\n", errno == EMFILE ? "EMFILE" : strerror(errno));
}
#endif
