/* SIGTERM sent to a thread that is inside malloc or free (kept there most of
 * the time by a tight loop): the report and the exit check wait until the
 * heap operation returns (it may hold an arena lock the check takes), then
 * run, and the process dies of SIGTERM.  Ten children (this program run
 * again, its stderr a pipe) each churn until their helper thread sends the
 * main thread SIGTERM; the parent counts the ones that died of it and the
 * ones whose stderr has the report (when the signal just ended a child
 * that was inside the heap, most had none), and copies the last report
 * out.  Its own alarm fails the test should a child hang. */
// EXIT: 0
// CHECK: alloc8: WARNING: killed-by-signal: SIGTERM, which the program raised itself (raise, abort), ended the program (SI_TKILL); it came to thread T0 here:
// CHECK: in churn {{\S*}}killed_in_malloc.c:
// CHECK: 10 of 10 children died of SIGTERM, 10 reported it
// CHECK-NOT: alloc8: ERROR
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { KIDS = 10 };

static pthread_t main_thread;

static void *stopper(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){0, 2000000}, NULL);
    pthread_kill(main_thread, SIGTERM);
    return NULL;
}

__attribute__((noinline)) static void churn(void)
{
    void *volatile keep[8] = {0};
    for (unsigned i = 0;; i++) {
        free(keep[i % 8]);
        keep[i % 8] = malloc(16 + i % 300);
    }
}

static char out[1 << 16];

int main(int argc, char **argv)
{
    if (argc > 1) { /* a child */
        main_thread = pthread_self();
        pthread_t t;
        pthread_create(&t, NULL, stopper, NULL);
        churn();
    }
    alarm(60);
    int died = 0, reported = 0;
    for (int k = 0; k < KIDS; k++) {
        int fd[2];
        if (pipe(fd) != 0)
            return 1;
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            dup2(fd[1], 2);
            close(fd[0]);
            close(fd[1]);
            execl("/proc/self/exe", argv[0], "child", (char *)NULL);
            _exit(127);
        }
        close(fd[1]);
        size_t n = 0;
        ssize_t r;
        while (n < sizeof out - 1 && (r = read(fd[0], out + n, sizeof out - 1 - n)) > 0)
            n += (size_t)r;
        out[n] = 0;
        close(fd[0]);
        int st;
        if (waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)
            died++;
        if (strstr(out, "killed-by-signal: SIGTERM"))
            reported++;
    }
    fputs(out, stderr);
    fprintf(stderr, "%d of %d children died of SIGTERM, %d reported it\n", died, KIDS, reported);
    return 0;
}
