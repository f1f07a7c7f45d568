/* A daemon-like program closes stderr and opens a data file, which gets
 * fd 2: a double free then is reported on the stderr the program started
 * with, through alloc8's copy of it, not into the data file.  Then the
 * program puts its stderr back on fd 2, closes every descriptor above 2
 * (closefrom) and opens another data file on the number alloc8's copy had:
 * a second double free is reported on fd 2 (the copy is no longer the file
 * it was), not into that file.  Each data file holds only the program's
 * own bytes at the end. */
// EXIT: 23
// CHECK: alloc8: ERROR: double-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:first:
// CHECK: alloc8: ERROR: double-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:second:
// CHECK: data intact
// CHECK: alloc8: SUMMARY: 2 errors (2 double-free)
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The descriptor above 2 open on the same file as fd 2: alloc8's copy
 * (-1: none). */
static int copy_of_stderr(void)
{
    struct stat err, st;
    if (fstat(2, &err) != 0)
        return -1;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int found = -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        int fd = atoi(e->d_name);
        if (fd > 2 && fd != dirfd(d) && fstat(fd, &st) == 0 && st.st_dev == err.st_dev &&
            st.st_ino == err.st_ino)
            found = fd;
    }
    closedir(d);
    return found;
}

/* The file holds exactly `want`. */
static int holds(const char *path, const char *want)
{
    char buf[256] = "";
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    return n == (ssize_t)strlen(want) && memcmp(buf, want, (size_t)n) == 0;
}

int main(void)
{
    int copy = copy_of_stderr();
    if (copy < 0)
        return 2;          /* alloc8 keeps one: without it this test means nothing */
    int keep_err = dup(2); /* for this test's last line */
    close(2);
    int data = open("one.dat", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (data != 2)
        return 2;
    write(data, "first\n", 6);
    char *p = malloc(16);
    free(p);
    free(p); // LINE:first

    /* stderr back on fd 2; everything above 2 closed (as closefrom(3)
     * does), keep_err kept. */
    if (dup2(keep_err, 2) != 2)
        return 2;
    for (int fd = 3; fd < 4096; fd++)
        if (fd != keep_err)
            close(fd);
    int other = open("two.dat", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (other < 0 || dup2(other, copy) != copy)
        return 2;
    write(copy, "second\n", 7);
    char *q = malloc(16);
    free(q);
    free(q); // LINE:second

    int ok = holds("one.dat", "first\n") && holds("two.dat", "second\n");
    dprintf(keep_err, "%s\n", ok ? "data intact" : "data damaged");
    return ok ? 0 : 1;
}
