#!/bin/bash
# log_path under a seccomp allowlist that kills for open (bugs/seccomp_allowlist.c):
# the log file is opened as the filter comes, so the reports after it still
# reach the file and the process is not killed for opening it (sshd's
# pre-authentication child lost its log, or died, so).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
${CC:-gcc} -O0 -g -fno-builtin "$A8_ROOT/tests/bugs/seccomp_allowlist.c" -o sal || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/lg ./sal 2>err.txt
rc=$?
[ $rc = 23 ] || bad "exit $rc (159: killed by the filter)"
[ "$(cat err.txt)" = "sandboxed work done" ] || bad "stderr: $(head -3 err.txt)"
f=(lg.*)
[ ${#f[@]} = 1 ] && [ -f "${f[0]}" ] || bad "want one log file: $(ls lg.* 2>&1)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' "${f[0]}" || bad "no report in the log: $(head -3 "${f[0]}")"
grep -qE '#0 0x[0-9a-f]+ in main \S*seccomp_allowlist\.c:[0-9]+' "${f[0]}" || bad "main's frame: $(grep -m2 ' #0' "${f[0]}")"
grep -q '^alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)' "${f[0]}" || bad "no SUMMARY in the log"
[ $fail = 0 ] && echo "seccomp_log_path: OK"
exit $fail
