/* fork_threads.c — fork from a multithreaded program while other threads
 * allocate, many times.  The child allocates (every family, stdio, a thread
 * of its own) and exits 0; the parent waits.  A heap or arena lock held by
 * an allocating thread at fork time and not re-armed in the child deadlocks
 * the child: alarm() in both turns that into a failure, not a hang. */
// LIBS: -lpthread
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { THREADS = 4, FORKS = 100 };
static atomic_int g_stop;

static void *churn(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    void *keep[64] = {0};
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        unsigned i = rand_r(&seed) % 64;
        free(keep[i]);
        switch (rand_r(&seed) % 4) {
        case 0:
            keep[i] = malloc(rand_r(&seed) % 5000);
            break;
        case 1:
            keep[i] = calloc(1, rand_r(&seed) % 300);
            break;
        case 2:
            keep[i] = aligned_alloc(128, 256);
            break;
        default:
            keep[i] = realloc(NULL, rand_r(&seed) % 200000);
            break;
        }
    }
    for (int i = 0; i < 64; i++)
        free(keep[i]);
    return NULL;
}

static void *child_thread(void *arg)
{
    free(malloc(100));
    return arg;
}

static int child(int k)
{
    alarm(5);
    char *s = malloc(64);
    snprintf(s, 64, "child %d", k);
    void *big = malloc(300000);
    void *al = aligned_alloc(4096, 8192);
    s = realloc(s, 4000);
    char *d = strdup(s);
    pthread_t t;
    if (pthread_create(&t, NULL, child_thread, NULL) || pthread_join(t, NULL))
        return 3;
    free(d);
    free(al);
    free(big);
    free(s);
    return strncmp("child", "child", 5); /* 0 */
}

int main(void)
{
    alarm(90);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, churn, (void *)(uintptr_t)(i + 1));
    int failed = 0;
    for (int k = 0; k < FORKS; k++) {
        void *p = malloc(1000); /* the parent allocates around fork too */
        pid_t pid = fork();
        if (pid == 0)
            _exit(child(k));
        free(p);
        if (pid < 0) {
            printf("fork failed\n");
            failed++;
            break;
        }
        int st;
        if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            printf("child %d: %s %d\n", k, WIFSIGNALED(st) ? "signal" : "exit",
                   WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
            if (++failed > 1)
                break;
        }
    }
    atomic_store(&g_stop, 1);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    if (failed)
        return 1;
    printf("OK\n");
    return 0;
}
