#!/bin/bash
# With log_path set, alloc8 writes nothing to fd 2: not its reports and not
# its notes either (the "no debug info" note a leak report of a stripped
# program brings).  A program that closed stderr and opened a data file,
# which got fd 2, keeps that file's contents exactly as it wrote them.
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
exit $fail
