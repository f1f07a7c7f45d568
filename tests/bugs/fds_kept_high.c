// A report symbolizes its stacks from the ELF files of the program and of
// libc (sym_cache=off: opened, not read from the frames cache), and libdw
// keeps those files open for the rest of the run.  libdw opened them itself
// at the lowest free numbers, 3 and up, without close-on-exec: the
// program's next open got 6 instead of 3, and every program it executed
// inherited them.  alloc8 now opens them itself, moves them up beside its
// copy of stderr and marks them close-on-exec.
// OPTIONS: sym_cache=off:exitcode=0
// CHECK: alloc8: ERROR: double-free
// CHECK: in main {{.*}}@BUG
// CHECK: in __libc_start_main {{.*}}libc-start.c
// CHECK: next open: the same number as before the report
// CHECK: new descriptors: {{[1-9][0-9]*}}, all high and close-on-exec
// CHECK-NOT: low or inherited
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

/* Whether fd was open before the report: a bit per number. */
static unsigned char before[4096 / 8];

static void snapshot(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (atoi(e->d_name) > 0 && atoi(e->d_name) < 4096 && atoi(e->d_name) != dirfd(d))
            before[atoi(e->d_name) / 8] |= 1u << (atoi(e->d_name) % 8);
    if (d)
        closedir(d);
}

int main(void)
{
    int probe = open("/dev/null", O_RDONLY);
    close(probe);
    snapshot();
    char *p = malloc(10);
    free(p);
    free(p); // BUG
    int again = open("/dev/null", O_RDONLY);
    fprintf(stderr, "next open: %s\n",
            again == probe ? "the same number as before the report" : "a different number");
    close(again);

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    long floor = rl.rlim_cur / 4 * 3 < 1000 ? (long)(rl.rlim_cur / 4 * 3) : 1000;
    int fresh = 0, bad = 0;
    DIR *d = opendir("/proc/self/fd");
    int own = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        int fd = atoi(e->d_name);
        if (fd <= 0 || fd == own || (fd < 4096 && (before[fd / 8] >> (fd % 8) & 1)))
            continue;
        fresh++;
        if (fd < floor || !(fcntl(fd, F_GETFD) & FD_CLOEXEC)) {
            fprintf(stderr, "descriptor %d: low or inherited\n", fd);
            bad++;
        }
    }
    closedir(d);
    if (!bad)
        fprintf(stderr, "new descriptors: %d, all high and close-on-exec\n", fresh);
    return 0;
}
