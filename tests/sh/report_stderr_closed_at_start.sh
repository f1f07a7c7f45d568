#!/bin/bash
# A program started with stderr closed (prog 2>&-) that opens a data file,
# which gets fd 2, and then frees a block twice: the file keeps exactly the
# program's bytes (alloc8 writes nothing to an fd 2 the program did not
# start with), the exit status still says there was an error, and with
# log_path the report is in the log.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >closed.c <<'C'
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
    /* The lowest free number is 2 natively; under alloc8, libunwind's
     * pipe may have taken it at start-up: the file is put there. */
    int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || (fd != 2 && (dup2(fd, 2) != 2 || close(fd) != 0)))
        return 3;
    fd = 2;
    write(fd, "DATA\n", 5);
    char *p = malloc(16);
    free(p);
    free(p);
    write(fd, "MORE\n", 5);
    return 0;
}
C
${CC:-gcc} -O0 -g closed.c -o closed || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ./closed 2>&-
rc=$?
[ $rc -eq 23 ] || bad "exit $rc, expected 23 (exitcode)"
[ "$(cat data.txt)" = "$(printf 'DATA\nMORE')" ] || bad "data.txt changed: $(head -c 300 data.txt)"
rm -f data.txt
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/log ./closed 2>&-
rc=$?
[ $rc -eq 23 ] || bad "log_path: exit $rc, expected 23"
[ "$(cat data.txt)" = "$(printf 'DATA\nMORE')" ] || bad "log_path: data.txt changed"
grep -q 'ERROR: double-free' log.* 2>/dev/null || bad "log_path: no report in the log"
exit $fail
