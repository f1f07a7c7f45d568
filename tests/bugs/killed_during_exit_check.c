// SIGTERM that comes while a process is in its exit check (the heap check,
// the leak scan, the report) is held off until the check is done: the
// report is whole.  Then an _exit leaves with its status, as it would have
// without alloc8, before the signal came; exit()'s path goes on with the
// signal open again (the program's exit handlers and stdio flush would
// have run with it open), so the signal ends it there, with its warning.  This is how a
// multiprocessing Pool ends its workers: they leave by os._exit and are
// SIGTERMed at once; a worker killed in the middle of its check said
// nothing, so the program's exit status depended on timing.
//
// Each child (this program run again) leaks 256 blocks from 256 different
// stacks and leaves, by _exit and then by exit; its stderr is a pipe to the
// parent.  The parent
// reads until the leak report has begun, stops reading (the child's next
// writes block on the full pipe, so it is still inside its check), sends
// it SIGTERM, then reads the rest and relays it.  Before, the child died of
// SIGTERM with its report cut off.
// OPTIONS: stack_depth=32
// EXIT: 0
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: in grow {{.*}}@BUG
// CHECK: LEAK SUMMARY:
// CHECK: definitely lost: 6144 bytes in 256 blocks
// CHECK: SUMMARY: alloc8: 6144 byte(s) leaked in 256 allocation(s).
// CHECK: parent: _exit child: SIGTERM sent during its report; it exited with status 0
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit
// CHECK: SUMMARY: alloc8: 6144 byte(s) leaked in 256 allocation(s).
// CHECK: alloc8: WARNING: killed-by-signal: SIGTERM from process
// CHECK: parent: exit child: SIGTERM sent during its report; it was killed by signal 15
// CHECK-NOT: alloc8: ERROR: heap
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* 8 levels, each through left or right: 256 different stacks. */
static void *grow(unsigned bits, int level);

__attribute__((noinline)) static void *left(unsigned bits, int level)
{
    void *p = grow(bits, level);
    __asm__ volatile("" : : "r"(p) : "memory"); /* no tail call */
    return p;
}

__attribute__((noinline)) static void *right(unsigned bits, int level)
{
    void *p = grow(bits, level);
    __asm__ volatile("" : : "r"(p) : "memory");
    return p;
}

__attribute__((noinline)) static void *grow(unsigned bits, int level)
{
    if (level == 0)
        return malloc(24); // BUG
    return (bits & 1) ? left(bits >> 1, level - 1) : right(bits >> 1, level - 1);
}

__attribute__((noinline)) static void leak_all(void)
{
    for (unsigned i = 0; i < 256; i++)
        (void)grow(i, 8);
}

static char relay[1 << 22];

/* This program run again, with its stderr (where alloc8 writes: the one
 * it started with) a pipe to us. */
static void run_child(const char *how, char **argv)
{
    int fd[2];
    if (pipe(fd) != 0)
        return;
    pid_t c = fork();
    if (c == 0) {
        dup2(fd[1], 2);
        close(fd[0]);
        close(fd[1]);
        execl("/proc/self/exe", argv[0], how, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t n;
    int sent = 0;
    while ((n = read(fd[0], relay + len, sizeof relay - 1 - len)) > 0) {
        len += (size_t)n;
        relay[len] = 0;
        if (!sent && strstr(relay, "detected memory leaks")) {
            kill(c, SIGTERM);
            sent = 1;
        }
    }
    close(fd[0]);
    int st = 0;
    waitpid(c, &st, 0);
    fwrite(relay, 1, len, stderr);
    if (!sent)
        fprintf(stderr, "parent: %s child: its report never began\n", how);
    else if (WIFEXITED(st))
        fprintf(stderr,
                "parent: %s child: SIGTERM sent during its report; it exited with status %d\n", how,
                WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        fprintf(stderr,
                "parent: %s child: SIGTERM sent during its report; it was killed by signal %d\n",
                how, WTERMSIG(st));
}

int main(int argc, char **argv)
{
    if (argc > 1) { /* a child: leak, and leave as told */
        leak_all();
        if (!strcmp(argv[1], "_exit"))
            _exit(0);
        exit(0);
    }
    alarm(60);
    run_child("_exit", argv);
    run_child("exit", argv);
    return 0;
}
