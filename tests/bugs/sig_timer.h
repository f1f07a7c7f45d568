/* sig_timer.h — shared by the signal-unsafe-call tests: SIGALRM to
 * `handler` every `usec` microseconds of real time (0: stop the timer). */
#ifndef SIG_TIMER_H
#define SIG_TIMER_H
#include <signal.h>
#include <string.h>
#include <sys/time.h>

static void sig_timer(void (*handler)(int), long usec)
{
    if (usec) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = handler;
        sigaction(SIGALRM, &sa, NULL);
    }
    struct itimerval t = {{0, usec}, {0, usec}};
    setitimer(ITIMER_REAL, &t, NULL);
}
#endif
