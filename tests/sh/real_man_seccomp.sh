#!/bin/bash
# A real program that sandboxes itself: man-db's man puts a seccomp filter on
# itself (libseccomp's seccomp_load, through syscall()) before it runs the
# groff pipeline.  Under the checker:
# - alloc8 sees the filter coming (the verbosity=1 note, from man itself);
# - nothing is killed by the filter, and man exits as it does natively;
# - the formatted page is byte-identical to the native one.
# (groff's troff has alloc-dealloc mismatches of its own; exitcode=0 keeps
# them from changing the children's exit status, which man would pass on.)
set -u
cd "$A8_TMP"
command -v man >/dev/null || { echo "man (man-db) is not installed"; exit 77; }
man -w ls >/dev/null 2>&1 || { echo "no manual page for ls on this machine (man pages excluded?)"; exit 77; }
unset MAN_DISABLE_SECCOMP MANOPT
export LANG=C LC_ALL=C MANWIDTH=80 MANPAGER=cat PAGER=cat
fail=0
bad() { echo "FAIL: $*"; fail=1; }
man -P cat ls >native.out 2>native.err
nrc=$?
[ -s native.out ] || bad "native man printed nothing: $(head -n 3 native.err)"
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=verbosity=1:detect_leaks=0:exitcode=0 man -P cat ls >on.out 2>on.err
rc=$?
grep -q 'the program installs a seccomp filter' on.err ||
    bad "the filter man installs was not seen"
grep -qi 'bad system call' on.err && bad "a process was killed by the filter"
[ $rc -eq $nrc ] || bad "exit $rc under the checker, $nrc natively"
cmp -s native.out on.out || bad "output differs from native: $(diff native.out on.out | head -n 5)"
[ $fail = 0 ] || tail -n 15 on.err
exit $fail
