/* posix_spawn's file actions copy their paths when added: a freed path
 * given to posix_spawn_file_actions_addopen, and an unterminated one given
 * to posix_spawn_file_actions_addchdir_np, are each reported at the call.
 * A correct addopen and addchdir_np then still work: the child runs in the
 * new directory with its stdout on the opened file. */
// OPTIONS: guard_max=0:detect_leaks=0
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by posix_spawn_file_actions_addopen of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:addopen:
// CHECK: is located 0 bytes inside the 10-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by posix_spawn_file_actions_addchdir_np, {{[0-9]+}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:addchdir:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: child wrote: /tmp
// CHECK: alloc8: SUMMARY: 2 errors (1 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    char *freed = strdup("/dev/null");
    free(freed);
    posix_spawn_file_actions_addopen(&fa, 9, freed, O_RDONLY, 0); // LINE:addopen
    char *dir = malloc(5);
    memcpy(dir, "/tmp/", 5);                        /* no NUL */
    posix_spawn_file_actions_addchdir_np(&fa, dir); // LINE:addchdir
    posix_spawn_file_actions_destroy(&fa);

    /* The same actions done right. */
    char out[] = "/tmp/alloc8-spawn-XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0)
        return 1;
    close(fd);
    char *path = strdup(out);
    char *where = strdup("/tmp");
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, path, O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addchdir_np(&fa, where);
    char *argv[] = {"/bin/pwd", NULL};
    pid_t pid;
    if (posix_spawn(&pid, "/bin/pwd", &fa, NULL, argv, environ) != 0)
        return 2;
    int st;
    waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    FILE *f = fopen(path, "r");
    char line[64] = "";
    if (!f || !fgets(line, sizeof line, f))
        return 3;
    fclose(f);
    unlink(path);
    fprintf(stderr, "child wrote: %s", line);
    free(path);
    free(where);
    free(dir);
    return 0;
}
