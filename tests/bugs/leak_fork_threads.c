/* A fork child of a process with running threads has their stacks, copied,
 * but not the threads, nor their stack pointers and registers, and a thread
 * the child starts reuses one of those stacks.  A block that only a
 * worker's stack points to is not lost in the child: alloc8 takes the
 * blocks from before such a fork as reachable there.  valgrind and
 * LeakSanitizer both call it "definitely lost" in the child (as alloc8 did).
 * The child's own leak is still found. */
// LIBS: -lpthread
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: 21 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: in child_leaks {{\S*}}@BUG
// CHECK: SUMMARY: alloc8: 21 byte(s) leaked in 1 allocation(s).
// CHECK: child status 0
// CHECK-NOT: 300 bytes in 1 blocks
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int go, ready;
void *volatile sink;

static void *worker(void *arg)
{
    char *volatile buf = malloc(300); /* only this thread's stack holds it */
    memset(buf, 1, 300);
    ready = 1;
    while (!go)
        usleep(1000);
    free(buf);
    return arg;
}

__attribute__((noinline)) static void child_leaks(void)
{
    sink = malloc(21); // BUG
    sink = NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!ready)
        usleep(1000);
    pid_t p = fork();
    if (p == 0) {
        child_leaks();
        _exit(0);
    }
    int st = 0;
    waitpid(p, &st, 0);
    fprintf(stderr, "child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    go = 1;
    pthread_join(t, NULL);
    return 0;
}
