/* Path names, commands and argument vectors handed to the C library from
 * freed or unterminated blocks: the kernel (or the C library) reads them
 * where no check sees it, so each is checked at the call and reported with
 * the caller's line: fopen of a freed name, open of a name with no NUL in
 * its block, stat of a freed name, rename's second name unterminated,
 * execve's argv with no NULL in its block (the call then fails: the file
 * does not exist), execlp's argument freed, posix_spawnp's argv array
 * freed, and an open from the program's own wrapper (its line at #0, the
 * wrapper's caller at #1).  The calls then run as natively. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by fopen of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fopen:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_name:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by open, {{[0-9]+}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in open_in {{\S*}}@LINE:open:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:open_in:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by stat of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stat:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by rename, {{[0-9]+}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:rename:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by execve, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:execve:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:argv:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by execlp of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:execlp:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 8 bytes at 0x{{[0-9a-f]+}} by posix_spawnp of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:spawn:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_vec:
// CHECK: alloc8: SUMMARY: 7 errors (3 heap-buffer-overflow, 4 heap-use-after-free)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

__attribute__((noinline)) static int open_in(const char *name)
{
    return open(name, O_RDONLY); // LINE:open
}

int main(void)
{
    int bad = 0;
    char *name = strdup("/etc/hostname");
    free(name);                  // LINE:free_name
    FILE *fp = fopen(name, "r"); // LINE:fopen
    if (fp)
        fclose(fp);

    char *dir = malloc(10);
    memcpy(dir, "/etc/hosts", 10); /* no NUL: open reads on into the redzone */
    int fd = open_in(dir);         // LINE:open_in
    if (fd >= 0)
        close(fd);

    char *path = strdup("/etc/hostname");
    free(path);
    struct stat st;
    stat(path, &st); // LINE:stat

    char *to = malloc(12);
    memcpy(to, "/nonexisten", 12);
    to[11] = 'x';
    bad |= rename("/nonexistent/a", to) == 0; // LINE:rename

    char **argv = malloc(2 * sizeof *argv); // LINE:argv
    argv[0] = "prog";
    argv[1] = "arg";                                   /* and no NULL after it */
    execve("/nonexistent/alloc8-prog", argv, environ); // LINE:execve
    bad |= errno != ENOENT;

    char *arg = strdup("-c");
    free(arg);
    execlp("/nonexistent/alloc8-prog", "prog", arg, (char *)NULL); // LINE:execlp

    char **vec = malloc(3 * sizeof *vec);
    vec[0] = "true", vec[1] = NULL;
    free(vec); // LINE:free_vec
    pid_t pid;
    char *const ok_argv[] = {"true", NULL};
    /* the freed array, as the program wrongly hands it; glibc then fails */
    if (posix_spawnp(&pid, "true", NULL, NULL, (char *const *)vec, environ) == 0) // LINE:spawn
        waitpid(pid, NULL, 0);
    bad |= posix_spawnp(&pid, "true", NULL, NULL, ok_argv, environ) != 0;
    waitpid(pid, NULL, 0);

    free(dir), free(to), free(argv);
    return bad;
}
