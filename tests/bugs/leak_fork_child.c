// A forked child that leaks reports its own leak when it exits through
// exit(), and keeps its status (0); a child that leaves with _exit()
// reports nothing; the parent, which freed everything, reports no leak of
// its own but exits 24 for its child's, and says why.
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: 77 bytes in 1 blocks are definitely lost
// CHECK: in child_work {{.*}}@BUG
// CHECK: SUMMARY: alloc8: 77 byte(s) leaked in 1 allocation(s).
// CHECK: parent: child 1 status 0, child 2 status 0
// CHECK: alloc8: SUMMARY: no errors, 0 bytes in 0 blocks still allocated at exit
// CHECK: alloc8: 1 fork child of this process leaked (its report is its own): exit status 24
// CHECK-NOT: 55 bytes in 1 blocks
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

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
        malloc(55);
        _exit(0); /* no exit handlers: no leak report */
    }
    waitpid(c2, &s2, 0);
    fprintf(stderr, "parent: child 1 status %d, child 2 status %d\n", WEXITSTATUS(s1),
            WEXITSTATUS(s2));
    return 0;
}
