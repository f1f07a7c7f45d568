/* A fork child counts its own errors: forked after its parent's report, a
 * child that does nothing wrong prints "no errors" and exits with its own
 * status, 0 (child_summary=1: a clean fork child's line is left out
 * otherwise).  It used to inherit the parent's count and exit 23 (haproxy's
 * new worker did, after a report in the master, which then stopped every
 * process).  The parent still ends with its error counted and exits 23. */
// OPTIONS: detect_leaks=0:child_summary=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: SUMMARY: no errors
// CHECK: child exit status 0
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-buffer-overflow)
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    volatile char *p = malloc(24);
    p[24] = 1;
    free((void *)p); // LINE:free
    pid_t pid = fork();
    if (pid == 0) {
        free(malloc(10));
        exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    fprintf(stderr, "child exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
