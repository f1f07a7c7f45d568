#!/bin/bash
# ALLOC8_OPTIONS is ignored in a secure-execution process: a setuid-root copy
# of a program linked against liballoc8.so, run as nobody (AT_SECURE=1).  The
# same binary run by root (no transition) honours the options.  ld.so drops
# LD_PRELOAD paths in secure mode, so the library is a DT_NEEDED dependency.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to make a setuid-root program"; exit 77; }
command -v setpriv >/dev/null || { echo "SKIP: setpriv not installed"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "SKIP: no user nobody"; exit 77; }
chmod 755 "$A8_TMP"
# the library in a directory nobody can read, under a name of its own
mkdir -p lib && cp "$A8_LIB" lib/liballoc8.so && chmod -R a+rX lib
${CC:-gcc} -O0 -g -fno-builtin "$A8_ROOT/tests/progs/opt_prog.c" -o prog \
    -L"$A8_TMP/lib" -Wl,-rpath,"$A8_TMP/lib" -Wl,--no-as-needed -lalloc8 || exit 1
readelf -d prog | grep -q 'liballoc8' || { echo "FAIL: prog does not need liballoc8"; exit 1; }
chown root prog && chmod 4755 prog
# control: as root the options apply (help text printed)
ALLOC8_OPTIONS=help=1:verbosity=1 ./prog >out.root 2>err.root || bad "root run: exit $?"
grep -qx 'ran on secure=0' out.root || bad "root run: $(cat out.root)"
grep -q 'default' err.root || bad "root run: help=1 not honoured: $(head -3 err.root)"
# secure: as nobody
ALLOC8_OPTIONS=help=1:verbosity=1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
    ./prog >out.nobody 2>err.nobody
rc=$?
if grep -qx 'ran on secure=0' out.nobody; then
    echo "SKIP: setuid bit not honoured here (nosuid mount or no_new_privs); AT_SECURE stayed 0"
    exit 77
fi
[ $rc -eq 0 ] || bad "nobody run: exit $rc: $(cat err.nobody)"
grep -qx 'ran on secure=1' out.nobody || bad "nobody run: $(cat out.nobody)"
grep -q 'default' err.nobody && bad "secure run printed help: options were not ignored"
grep -q 'ready' err.nobody && bad "secure run honoured verbosity=1"
grep -q 'ignored' err.nobody || bad "secure run: no note that ALLOC8_OPTIONS was ignored: $(cat err.nobody)"
exit $fail
