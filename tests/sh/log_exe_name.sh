#!/bin/bash
# log_exe_name=1 names each process's log file PATH.<program>.<pid>: in a
# process tree (a shell running two programs, one of them with a bug) each
# file names the program that wrote it, and the report is in the buggy
# program's file.  Without the option
# the files stay PATH.<pid>.  A program that writes over its argv[0]
# (its process title) keeps the name it started with.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >ovf.c <<'C'
#include <stdlib.h>
int main(void)
{
    char *p = malloc(12);
    p[12] = 1; /* found at free */
    free(p);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin ovf.c -o ovf-prog || { echo "FAIL: building ovf-prog"; exit 1; }
cp /bin/true ./clean-prog
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/lg:log_exe_name=1:detect_leaks=0 \
    sh -c './ovf-prog; ./clean-prog; :' 2>stderr.out
[ -s stderr.out ] && bad "something went to stderr: $(head -3 stderr.out)"
ovf=(lg.ovf-prog.*) clean=(lg.clean-prog.*)
[ ${#ovf[@]} = 1 ] && [ -f "${ovf[0]}" ] || bad "want one lg.ovf-prog.<pid>: $(ls lg.* 2>&1 | tr '\n' ' ')"
[ ${#clean[@]} = 1 ] && [ -f "${clean[0]}" ] || bad "want one lg.clean-prog.<pid>: $(ls lg.* 2>&1 | tr '\n' ' ')"
[[ "${ovf[0]}" =~ ^lg\.ovf-prog\.[0-9]+$ ]] || bad "file name '${ovf[0]}'"
grep -q '^alloc8: ERROR: heap-buffer-overflow' "${ovf[0]}" || bad "no report in ${ovf[0]}: $(head -3 "${ovf[0]}")"
grep -q 'ovf.c:6' "${ovf[0]}" || bad "report lacks the free site ovf.c:6: $(grep -m3 ' #' "${ovf[0]}")"
grep -q '^alloc8: SUMMARY: no errors' "${clean[0]}" || bad "clean-prog's file: $(cat "${clean[0]}")"
grep -q 'ERROR' "${clean[0]}" && bad "the report went to clean-prog's file"
rm -f lg.*
# A program that sets its process title (postgres, perl's $0, sshd) writes
# over argv[0] before the log is opened, here at the first report and in a
# forked child: the file is still named after the program as it started.
cat >title.c <<'C'
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    char *end = argv[argc - 1] + strlen(argv[argc - 1]);
    memset(argv[0], ' ', (size_t)(end - argv[0])); /* as perl's $0 = "x" */
    argv[0][0] = 'x';
    char *p = malloc(12);
    p[12] = 1;
    free(p); /* the first report opens the log */
    pid_t pid = fork();
    if (pid == 0) {
        p = malloc(5);
        p[5] = 1;
        free(p);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin title.c -o title-prog || { echo "FAIL: building title-prog"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/lg:log_exe_name=1:detect_leaks=0 \
    ./title-prog an-argument 2>stderr.out
[ -s stderr.out ] && bad "title-prog: something went to stderr: $(head -3 stderr.out)"
title=(lg.title-prog.*)
[ ${#title[@]} = 2 ] && [ -f "${title[0]}" ] || bad "want lg.title-prog.<pid> for the program and its child: $(ls lg.* 2>&1 | tr '\n' ' ')"
for f in "${title[@]}"; do
    grep -q '^alloc8: ERROR: heap-buffer-overflow' "$f" || bad "no report in $f: $(head -3 "$f")"
done
rm -f lg.*
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=log_path=$A8_TMP/lg:detect_leaks=0 ./ovf-prog 2>/dev/null
n=$(ls lg.* 2>/dev/null | grep -cE '^lg\.[0-9]+$')
[ "$n" -ge 1 ] && ! ls lg.ovf-prog.* >/dev/null 2>&1 || bad "without log_exe_name: $(ls lg.* 2>&1 | tr '\n' ' ')"
[ $fail = 0 ] && echo "log_exe_name: OK"
exit $fail
