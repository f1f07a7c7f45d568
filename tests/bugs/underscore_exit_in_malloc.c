/* A signal handler that calls _exit while its thread is inside malloc or
 * free: the exit check must not run there (the heap operation may hold an
 * arena lock the check would wait for), and the process must leave.  Once,
 * about one run in three hung for good in the check.  Twenty fork children
 * each loop on malloc/free until a 1 ms timer's handler calls _exit(3), so
 * nearly every run lands inside a heap operation at least once; the parent
 * counts the children that left with status 3.  Its own alarm (30 s) fails
 * the test with SIGALRM should a child hang. */
// EXIT: 0
// CHECK: 20 of 20 children left by _exit(3)
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

enum { KIDS = 20 };

static void on_alarm(int sig)
{
    (void)sig;
    _exit(3);
}

static void churn(void)
{
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {0, 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    void *volatile keep[8] = {0};
    for (unsigned i = 0;; i++) {
        free(keep[i % 8]);
        keep[i % 8] = malloc(16 + i % 200);
    }
}

int main(void)
{
    alarm(30);
    int left = 0;
    for (int k = 0; k < KIDS; k++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0)
            churn();
        int st;
        if (waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3)
            left++;
    }
    fprintf(stderr, "%d of %d children left by _exit(3)\n", left, KIDS);
    return 0;
}
