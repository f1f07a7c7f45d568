/* The program's view of the signals alloc8 holds: a query of SIGUSR1 says
 * SIG_DFL; a handler the program sets runs, with its flags (SA_RESETHAND:
 * once, then the default again); SIG_IGN ignores; SIG_DFL set again brings
 * back alloc8's report, and the process dies of SIGUSR1. */
// EXIT: -10
// CHECK: SIGUSR1 at start: SIG_DFL
// CHECK: handler ran for signal 10
// CHECK: after SA_RESETHAND: SIG_DFL
// CHECK: ignored SIGUSR1 went by
// CHECK: signal() gave back SIG_IGN
// CHECK: alloc8: WARNING: killed-by-signal: SIGUSR1, which the program raised itself (raise, abort), ended the program (SI_TKILL); it came to thread T0 here:
// CHECK: in main {{\S*}}@BUG:
// CHECK: alloc8: SUMMARY: no errors
// CHECK-NOT: went on after the last raise
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void handler(int sig) { fprintf(stderr, "handler ran for signal %d\n", sig); }

static const char *what(void)
{
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    return sa.sa_handler == SIG_DFL ? "SIG_DFL" : sa.sa_handler == SIG_IGN ? "SIG_IGN" : "handler";
}

int main(void)
{
    fprintf(stderr, "SIGUSR1 at start: %s\n", what());
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    fprintf(stderr, "after SA_RESETHAND: %s\n", what());
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    fprintf(stderr, "ignored SIGUSR1 went by\n");
    void (*old)(int) = signal(SIGUSR1, SIG_DFL);
    fprintf(stderr, "signal() gave back %s\n", old == SIG_IGN ? "SIG_IGN" : "something else");
    raise(SIGUSR1); // BUG
    fprintf(stderr, "went on after the last raise\n");
    return 0;
}
