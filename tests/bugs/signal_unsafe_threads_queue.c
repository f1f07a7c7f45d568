/* A handler's malloc and free that interrupt a thread's own malloc or free
 * are served outside the heap, its frees queued on a page of the thread's
 * own (mapped at the first such call).  That page goes when the thread
 * ends: 4 KiB was kept for every thread that ever needed one.  Eight
 * threads in turn each churn until their handler (SIGUSR1, sent by main to
 * that thread) has run 40 times, most of them inside the heap, so every
 * thread maps a queue (all but surely).  verbosity=2's exit note counts the
 * queues mapped and those still mapped at exit: none, all eight threads
 * having ended.  The errors themselves are reported as ever, per thread. */
// OPTIONS: verbosity=2:dedup=1
// EXIT: 23
// CHECK: alloc8: ERROR: signal-unsafe-call on address 0x{{[0-9a-f]+}} (thread T{{[1-8]}})
// CHECK: #0 0x{{[0-9a-f]+}} in on_signal {{\S*}}@LINE:handler:
// CHECK: the interrupted {{(malloc|free)}} was called by thread T{{[1-8]}} here:
// CHECK: #0 0x{{[0-9a-f]+}} in worker {{\S*}}@LINE:loop:
// CHECK: alloc8: SUMMARY: {{\d+}} errors ({{\d+}} signal-unsafe-call)
// CHECK: signal queues: {{[2-8]}} mapped, 0 still mapped
// CHECK-NOT: definitely lost
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { THREADS = 8, HITS = 40, KEEP = 8 };
static __thread volatile sig_atomic_t t_hits;
static __thread char *volatile t_keep[KEEP];
static volatile int g_done;

static void on_signal(int sig)
{
    (void)sig;
    int i = t_hits++ % KEEP;
    free(t_keep[i]), t_keep[i] = malloc(24 + (size_t)i * 8); // LINE:handler
}

static void *worker(void *arg)
{
    (void)arg;
    unsigned long sum = 0;
    for (unsigned i = 0; t_hits < HITS; i++) {
        char *p;
        p = malloc(16 + i % 200), p[0] = (char)i, sum += (unsigned char)p[0], free(p); // LINE:loop
    }
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* none from here to the end */
    for (int i = 0; i < KEEP; i++)
        free(t_keep[i]);
    g_done = 1;
    return (void *)sum;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    for (int t = 0; t < THREADS; t++) {
        pthread_t th;
        g_done = 0;
        if (pthread_create(&th, NULL, worker, NULL))
            return 1;
        while (!g_done) {
            pthread_kill(th, SIGUSR1);
            usleep(100);
        }
        pthread_join(th, NULL);
    }
    return 0;
}
