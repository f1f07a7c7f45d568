// alloc8 keeps its descriptors (its copy of stderr, libunwind's pipe, the
// files the symbolizer opens for a report) above the program's soft
// descriptor limit when the limit can be raised for the moment it takes
// (soft below hard), and from 1024 up: a program that checks every number
// below its limit, as CPython's subprocess tests do with fstat, sees none
// of them, and its next open gets the lowest number.  Before, they sat at
// three quarters of the limit (at most 1000), inside the range such a
// program checks, and two of CPython's test_subprocess tests failed.
// The program lowers its soft limit to 256 (the hard one stays higher) and
// runs itself again under it.
// OPTIONS: sym_cache=off:exitcode=0
// CHECK: alloc8: ERROR: double-free
// CHECK: in child {{.*}}@BUG
// CHECK: child: soft limit 256; below it, open: 0 1 2; next open: 3
// CHECK: child: alloc8's descriptors: {{[1-9][0-9]*}}, all at 1024 or above and close-on-exec
// CHECK: parent: child exited 0
// CHECK-NOT: FAIL
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(void)
{
    char *p = malloc(10);
    free(p);
    free(p); // BUG
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    char open_below[256] = "";
    for (int fd = 0; fd < (int)rl.rlim_cur; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0)
            snprintf(open_below + strlen(open_below), sizeof open_below - strlen(open_below), " %d",
                     fd);
    }
    int next = open("/dev/null", O_RDONLY);
    fprintf(stderr, "child: soft limit %ld; below it, open:%s; next open: %d\n", (long)rl.rlim_cur,
            open_below, next);
    close(next);
    int own = 0, bad = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        int fd = atoi(e->d_name);
        if (fd < (int)rl.rlim_cur || fd == dirfd(d))
            continue;
        own++;
        if (fd < 1024 || !(fcntl(fd, F_GETFD) & FD_CLOEXEC)) {
            fprintf(stderr, "FAIL: descriptor %d\n", fd);
            bad++;
        }
    }
    if (d)
        closedir(d);
    if (!bad)
        fprintf(stderr, "child: alloc8's descriptors: %d, all at 1024 or above and close-on-exec\n",
                own);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child();
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 2048) {
        fprintf(stderr, "FAIL: hard descriptor limit %ld is too low for this test\n",
                (long)rl.rlim_max);
        return 1;
    }
    rl.rlim_cur = 256;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        perror("FAIL: setrlimit");
        return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", argv[0], "child", (char *)NULL);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    fprintf(stderr, "parent: child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
