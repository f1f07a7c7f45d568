#!/bin/bash
# With log_path set, alloc8 writes nothing to fd 2: not its reports and not
# its notes either (the "no debug info" note a leak report of a stripped
# program brings).  A program that closed stderr and opened a data file,
# which got fd 2, keeps that file's contents exactly as it wrote them.
# One that closes every descriptor (the log file's too) and opens a data
# file on the log's number: the next report goes to the log file, opened
# again, and the data file keeps its contents.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >fd2.c <<'C'
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
void *volatile kept;
int main(void)
{
    close(2);
    int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd != 2)
        return 3;
    write(fd, "DATA\n", 5);
    kept = malloc(100); /* leaked: the leak report names a stripped frame */
    kept = 0;
    return 0;
}
C
${CC:-gcc} -O0 -g0 fd2.c -o fd2 && strip fd2 || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/log:leak_exitcode=0 ./fd2
rc=$?
[ $rc -eq 0 ] || bad "exit $rc, expected 0"
[ "$(cat data.txt)" = "DATA" ] || bad "data.txt changed: $(head -c 400 data.txt)"
log=$(ls log.* 2>/dev/null | head -1)
[ -n "$log" ] || bad "no log file"
if [ -n "$log" ]; then
    grep -q 'definitely lost' "$log" || bad "no leak report in $log"
    grep -q 'no debug info' "$log" || bad "the no-debug-info note is not in $log"
fi
[ $fail = 0 ] || { cat data.txt; cat log.* 2>/dev/null | head -30; }

cat >reuse.c <<'C'
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* The descriptor open on this process's log file (-1: none). */
static int log_fd(void)
{
    DIR *d = opendir("/proc/self/fd");
    int found = -1;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char link[64], to[4096];
        strcpy(link, "/proc/self/fd/");
        strcat(link, e->d_name);
        ssize_t n = readlink(link, to, sizeof to - 1);
        if (n > 0 && (to[n] = 0, strstr(to, "/rlog.")))
            found = atoi(e->d_name);
    }
    if (d)
        closedir(d);
    return found;
}
int main(void)
{
    char *p = malloc(16);
    free(p);
    free(p); /* the first report opens the log */
    int lfd = log_fd();
    if (lfd < 0)
        return 3;
    for (int fd = 3; fd < 4096; fd++)
        close(fd);
    int data = open("reuse.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (data < 0 || dup2(data, lfd) != lfd)
        return 4;
    write(lfd, "DATA\n", 5);
    char *q = malloc(24);
    free(q);
    free(q); /* reported in the log file, not in reuse.dat */
    return 0;
}
C
${CC:-gcc} -O0 -g reuse.c -o reuse || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/rlog:exitcode=0 ./reuse
rc=$?
[ $rc -eq 0 ] || bad "reuse: exit $rc, expected 0"
[ "$(cat reuse.dat)" = "DATA" ] || bad "reuse.dat changed: $(head -c 400 reuse.dat)"
rlog=$(ls rlog.* 2>/dev/null | head -1)
[ -n "$rlog" ] || bad "reuse: no log file"
if [ -n "$rlog" ]; then
    [ "$(grep -c 'ERROR: double-free' "$rlog")" = 2 ] || bad "reuse: want 2 double-free reports in $rlog"
    grep -q '16-byte block' "$rlog" && grep -q '24-byte block' "$rlog" || bad "reuse: a block missing in $rlog"
fi
[ $fail = 0 ] || { cat reuse.dat; cat rlog.* 2>/dev/null | head -30; }
exit $fail
