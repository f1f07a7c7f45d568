// A forked child that leaks reports its own leak when it exits, through
// exit() or _exit() alike (valgrind checks at either), and keeps its status
// (0); the parent, which freed everything, reports no leak of its own but
// exits 24 for its children's, and says why.  The _exit child's report
// once was missing: only exit() ran the check.
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: 77 bytes in 1 blocks are definitely lost
// CHECK: in child_work {{.*}}@BUG
// CHECK: SUMMARY: alloc8: 77 byte(s) leaked in 1 allocation(s).
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: 55 bytes in 1 blocks are definitely lost
// CHECK: in main {{.*}}@LINE:quick
// CHECK: SUMMARY: alloc8: 55 byte(s) leaked in 1 allocation(s).
// CHECK: parent: child 1 status 0, child 2 status 0
// CHECK: alloc8: SUMMARY: no errors, 0 bytes in 0 blocks still allocated at exit
// CHECK: alloc8: 2 fork children of this process leaked (their reports are their own): exit status 24
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void *volatile sink;

static void child_work(void) { malloc(77); } // BUG

int main(void)
{
    pid_t c1 = fork();
    if (c1 == 0) {
        child_work();
        exit(0);
    }
    int s1 = 0, s2 = 0;
    waitpid(c1, &s1, 0);
    pid_t c2 = fork();
    if (c2 == 0) {
        sink = malloc(55); // LINE:quick
        sink = NULL;
        _exit(0); /* no exit handlers: alloc8's check runs all the same */
    }
    waitpid(c2, &s2, 0);
    fprintf(stderr, "parent: child 1 status %d, child 2 status %d\n", WEXITSTATUS(s1),
            WEXITSTATUS(s2));
    return 0;
}
