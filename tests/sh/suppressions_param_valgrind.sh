#!/bin/bash
# valgrind reports a freed path handed to open or fopen as "Syscall param
# openat(filename) points to unaddressable byte(s)", and the suppression it
# writes for it is a Memcheck:Param block whose stack starts at the system
# call inside the C library (fopen's: open, _IO_file_open,
# _IO_file_fopen@@GLIBC_2.2.5, __fopen_internal, then the program).  alloc8 reports the same bugs at
# the call as heap-use-after-free; the file valgrind wrote, used as is,
# hides them, and the same bug at a call it has no entry for (unlink) is
# still reported.
set -u
cd "$A8_TMP"
command -v valgrind >/dev/null || { echo "skip: valgrind is not installed (make deps installs it)"; exit 77; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >p.c <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
__attribute__((noinline)) static char *freed_name(void)
{
    char *p = strdup("/nonexistent/alloc8-name");
    free(p);
    return p;
}
__attribute__((noinline)) static void open_it(void)
{
    int fd = open(freed_name(), O_RDONLY);
    if (fd >= 0)
        close(fd);
}
__attribute__((noinline)) static void fopen_it(void)
{
    FILE *fp = fopen(freed_name(), "r");
    if (fp)
        fclose(fp);
}
__attribute__((noinline)) static void unlink_it(void) { unlink(freed_name()); }
int main(int argc, char **argv)
{
    (void)argv;
    open_it();
    fopen_it();
    if (argc > 1)
        unlink_it();
    return 0;
}
C
$CC -O0 -g -fno-builtin p.c -o p || { echo "FAIL: build"; exit 1; }
valgrind -q --gen-suppressions=all ./p 2>vg.err
grep -v '^==' vg.err >vg.supp
[ "$(grep -c 'Memcheck:Param' vg.supp)" = 2 ] || bad "valgrind wrote no two Param suppressions"
grep -q '^ *openat(filename)$' vg.supp || bad "valgrind's Param blocks name no openat(filename)"
grep -q 'fun:_IO_file_fopen@@GLIBC' vg.supp || bad "valgrind's fopen block has no versioned frame"

LD_PRELOAD=$A8_LIB ./p 2>plain.out
[ "$(grep -c 'alloc8: ERROR: heap-use-after-free' plain.out)" = 2 ] ||
    bad "without suppressions: want 2 heap-use-after-free reports"
grep -q 'READ of .* by fopen of the block after it was freed' plain.out || bad "no fopen report"
ALLOC8_OPTIONS=suppressions=vg.supp LD_PRELOAD=$A8_LIB ./p 2>supp.out
rc=$?
grep -q 'alloc8: ERROR:' supp.out && bad "valgrind's Param suppressions did not hide the reports"
grep -qxF 'alloc8: 2 error reports suppressed (suppressions=vg.supp):' supp.out ||
    bad "no suppressed-reports line"
[ $rc = 0 ] || bad "all suppressed: exit $rc, want 0"
ALLOC8_OPTIONS=suppressions=vg.supp LD_PRELOAD=$A8_LIB ./p fresh 2>fresh.out
[ "$(grep -c 'alloc8: ERROR:' fresh.out)" = 1 ] || bad "want exactly the unlink report"
grep -q 'READ of .* by unlink of the block after it was freed' fresh.out ||
    bad "the unlink bug, which valgrind's file has no entry for, was hidden"
[ $fail = 0 ] || tail -n 30 ./*.out vg.supp
[ $fail = 0 ] && echo "valgrind's Param suppressions: ok"
exit $fail
