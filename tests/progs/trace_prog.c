/* trace_prog.c — known allocation calls from known functions, for
 * tests/sh/trace_calls.sh (built -rdynamic so dladdr names them).  Prints
 * each result pointer so the test can find the trace line of each call.  With
 * argument "fork", a child process allocates too; with "threads", 4 threads
 * make 2000 malloc(777)/free pairs each. */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((noinline)) void *trace_do_malloc(void) { return malloc(12345); }
__attribute__((noinline)) void *trace_do_calloc(void) { return calloc(7, 9); }
__attribute__((noinline)) void *trace_do_realloc(void *p) { return realloc(p, 23456); }
__attribute__((noinline)) void *trace_do_aligned(void) { return aligned_alloc(4096, 100); }
__attribute__((noinline)) int trace_do_posix_memalign(void **p)
{
    return posix_memalign(p, 64, 333);
}
__attribute__((noinline)) void trace_do_free(void *p) { free(p); }
__attribute__((noinline)) void *trace_child_work(void) { return malloc(4242); }

__attribute__((noinline)) void *trace_thread(void *arg)
{
    for (int i = 0; i < 2000; i++)
        free(malloc(777));
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] == 't') {
        pthread_t t[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, trace_thread, NULL);
        for (int i = 0; i < 4; i++)
            pthread_join(t[i], NULL);
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("pid %d\n", (int)getpid());
    void *m = trace_do_malloc();
    printf("malloc %p\n", m);
    void *c = trace_do_calloc();
    printf("calloc %p\n", c);
    void *r = trace_do_realloc(m);
    printf("realloc %p\n", r);
    void *a = trace_do_aligned();
    printf("aligned %p\n", a);
    void *pm = NULL;
    trace_do_posix_memalign(&pm);
    printf("posix_memalign %p\n", pm);
    trace_do_free(r);
    printf("free %p\n", r);
    trace_do_free(c);
    trace_do_free(a);
    trace_do_free(pm);
    if (argc > 1) {
        pid_t pid = fork();
        if (pid == 0) {
            void *k = trace_child_work();
            printf("child %d %p\n", (int)getpid(), k);
            free(k);
            _exit(0);
        }
        int st;
        waitpid(pid, &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st))
            return 1;
    }
    return 0;
}
