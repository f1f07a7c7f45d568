#!/bin/bash
# _exit and _Exit get the exit check (checker/exitfrom.c), with care for the
# ways out where it must not run, or must not touch the program's data:
#   - _Exit from a signal handler: the leak is reported with its site, the
#     status is leak_exitcode, and the program's unflushed stdio stays
#     unwritten, as without alloc8 (exit() would have flushed it; a fork
#     child flushing would write its parent's output twice);
#   - a vfork child's _exit (it shares its parent's memory): no check, no
#     line from it, its status kept; the parent's check is its own;
#   - a signal handler calling _exit while the program allocates on every
#     CPU: every run ends, none hangs;
#   - a fork child of a 4-thread process that uses _exit: no false leak;
#   - rsync, whose receiver leaves by _exit from a SIGUSR2 handler: the same
#     leaks in its three processes as valgrind finds (alloc8 saw two).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cat >sigexit.c <<'C'
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
void *volatile sink;
static void on_usr1(int sig) { _Exit(sig == SIGUSR1 ? 0 : 9); }
int main(void)
{
    signal(SIGUSR1, on_usr1);
    printf("buffered, never flushed");
    sink = malloc(48); // LINE:sig
    sink = NULL;
    raise(SIGUSR1);
    return 5;
}
C
cat >vf.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
    char *keep = malloc(16);
    pid_t p = vfork();
    if (p == 0)
        _exit(3);
    int st = 0;
    waitpid(p, &st, 0);
    fprintf(stderr, "vfork child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    free(keep);
    return 0;
}
C
cat >storm.c <<'C'
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>
static void on_alarm(int sig) { (void)sig; _exit(0); }
static void *churn(void *arg)
{
    for (;;) {
        void *p = malloc(64 + (rand() & 1023));
        free(p);
    }
    return arg;
}
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, churn, NULL);
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    churn(NULL);
    return 1;
}
C
cat >mtfork.c <<'C'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static volatile int go, ready;
static void *worker(void *arg)
{
    char *volatile buf = malloc(200 + (int)(long)arg);
    memset(buf, 2, 200);
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (!go)
        usleep(1000);
    free(buf);
    return NULL;
}
int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    while (ready < 4)
        usleep(1000);
    pid_t p = fork();
    if (p == 0) {
        /* a grandchild too: the orphaned stacks are still there */
        pid_t g = fork();
        if (g == 0)
            _exit(0);
        waitpid(g, NULL, 0);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    go = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    return 0;
}
C
for p in sigexit vf storm mtfork; do
    $CC -g -O1 -pthread -o $p $p.c || { bad "cannot build $p"; }
done

# _Exit from a signal handler
./sigexit >native.out 2>/dev/null
nst=$?
LD_PRELOAD=$A8_LIB ./sigexit >a8.out 2>err
st=$?
[ $nst -eq 0 ] || bad "native sigexit status $nst, want 0"
[ $st -eq 24 ] || bad "sigexit under alloc8: status $st, want 24 (leak_exitcode)"
cmp -s native.out a8.out || bad "stdout differs from native: '$(cat a8.out)' vs '$(cat native.out)'"
[ -s a8.out ] && bad "stdio was flushed by _Exit's check: '$(cat a8.out)'"
line=$(grep -n 'LINE:sig' sigexit.c | cut -d: -f1)
grep -q '48 bytes in 1 blocks are definitely lost' err || bad "no 48-byte leak report: $(head -5 err)"
grep -Eq "#0 0x[0-9a-f]+ in main .*sigexit\.c:$line:" err || bad "leak not at sigexit.c:$line in main"

# vfork child
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=child_summary=1 ./vf >/dev/null 2>err
st=$?
[ $st -eq 0 ] || bad "vfork program: status $st"
grep -q 'vfork child status 3' err || bad "vfork child's status lost: $(cat err)"
n=$(grep -c 'alloc8: SUMMARY' err)
[ "$n" -eq 1 ] || bad "vfork: $n SUMMARY lines, want 1 (the parent's): $(cat err)"
grep -q 'ERROR' err && bad "vfork: an error report: $(head -5 err)"

# _exit from SIGALRM while two threads allocate
hung=0
for i in $(seq 1 20); do
    timeout 20 env LD_PRELOAD=$A8_LIB ./storm >/dev/null 2>err
    st=$?
    if [ $st -eq 124 ]; then
        hung=$((hung + 1))
    elif [ $st -ne 0 ]; then
        bad "storm run $i: status $st: $(head -3 err)"
    fi
    grep -q 'ERROR' err && bad "storm run $i: $(head -3 err)"
done
[ $hung -eq 0 ] || bad "storm: $hung of 20 runs hung"

# fork child (and grandchild) of a 4-thread process
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=child_summary=1 ./mtfork >/dev/null 2>err
st=$?
[ $st -eq 0 ] || bad "mtfork: status $st: $(grep -m3 'lost' err)"
grep -q 'lost in loss record' err && bad "mtfork: a false leak: $(grep -m3 -A3 'lost in loss' err)"
n=$(grep -c 'alloc8: SUMMARY' err)
[ "$n" -eq 3 ] || bad "mtfork: $n SUMMARY lines, want 3 (parent, child, grandchild)"

# rsync -a, local: a sender, a generator and a receiver
if command -v rsync >/dev/null && command -v valgrind >/dev/null; then
    mkdir -p src/d && cp sigexit.c vf.c storm.c src/ && cp mtfork.c src/d/
    lost() { grep -oE 'definitely lost: [0-9,]+ bytes in [0-9,]+ blocks' | grep -oE '[0-9,]+ bytes in [0-9,]+' | tr -d , | sort; }
    rm -rf dst && LD_PRELOAD=$A8_LIB rsync -a src/ dst/ 2>rs.err
    a8=$(lost <rs.err)
    [ -f dst/d/mtfork.c ] || bad "rsync under alloc8 did not copy"
    rm -rf dst && valgrind --leak-check=full rsync -a src/ dst/ 2>vg.err
    vg=$(lost <vg.err)
    [ "$(wc -l <<<"$vg")" = 3 ] || bad "valgrind: not 3 rsync processes' leak summaries: $vg"
    [ "$a8" = "$vg" ] || bad "rsync: alloc8's definitely lost [$(echo $a8)] vs valgrind's [$(echo $vg)]"
else
    echo "(rsync or valgrind missing: the rsync case is not run)"
fi

exit $fail
