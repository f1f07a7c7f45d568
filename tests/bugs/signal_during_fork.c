// A signal that ends the process (SIGTERM) arriving while a thread is in
// fork() must still end it, with alloc8's warning and exit check.  While the
// fork handlers hold alloc8's locks (the report lock, the arenas'), the
// signal is held off until they are released.  Before, the kernel ran
// alloc8's SIGTERM handler at the end of the fork system call (a signal
// that comes while fork copies the address space restarts the call), with
// those locks held by the same thread: the handler waited for the report
// lock forever.  Found as an intermittent hang of CPython's
// test_multiprocessing_fork, whose workers are SIGTERMed while they fork.
//
// Each victim (a fork child of this program) holds 8,000 blocks, so that
// each of its forks spends a while copying, and forks in a loop; it is
// sent SIGTERM after a varying delay, and must be dead within 10 seconds.
// A hung one is killed with SIGKILL and counted.  With the old library
// about a third of them hung.
// OPTIONS: detect_leaks=0
// EXIT: 0
// CHECK: alloc8: WARNING: killed-by-signal: SIGTERM from process
// CHECK: in victim_loop {{.*}}signal_during_fork.c:
// CHECK: signal_during_fork: 12 of 12 victims died of SIGTERM, 0 hung
// CHECK-NOT: alloc8: ERROR
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { BLOCKS = 8000, TRIALS = 12 };
static void *held[BLOCKS];

__attribute__((noinline)) static void victim_loop(void)
{
    for (;;) {
        pid_t p = fork();
        if (p == 0)
            syscall(SYS_exit_group, 0); /* straight out: the parent's time goes to fork */
        if (p > 0)
            waitpid(p, NULL, 0);
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Is pid dead within ms milliseconds?  Its status into *st. */
static int dead_within(pid_t pid, long ms, int *st)
{
    for (long waited = 0; waited < ms; waited += 10) {
        if (waitpid(pid, st, WNOHANG) == pid)
            return 1;
        sleep_ms(10);
    }
    return 0;
}

int main(void)
{
    for (int i = 0; i < BLOCKS; i++)
        held[i] = malloc(64 + (size_t)(i % 7) * 512);
    int died = 0, hung = 0, other = 0;
    for (int t = 0; t < TRIALS; t++) {
        pid_t v = fork();
        if (v == 0) {
            victim_loop();
            _exit(1);
        }
        sleep_ms(30 + 17 * t);
        kill(v, SIGTERM);
        int st = 0;
        if (!dead_within(v, 10000, &st)) {
            hung++;
            kill(v, SIGKILL);
            waitpid(v, &st, 0);
        } else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) {
            died++;
        } else {
            other++;
        }
    }
    for (int i = 0; i < BLOCKS; i++)
        free(held[i]);
    fprintf(stderr, "signal_during_fork: %d of %d victims died of SIGTERM, %d hung", died, TRIALS,
            hung);
    if (other)
        fprintf(stderr, ", %d ended otherwise", other);
    fprintf(stderr, "\n");
    return 0;
}
