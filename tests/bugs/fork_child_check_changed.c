// A fork child's exit check reads only what changed since the fork: spans
// whose pages are all still shared with the parent (/proc/self/pagemap)
// hold what the parent will check itself, at its evictions and its own
// exit.  Before, every child read the whole heap and quarantine it
// inherited: a shell's $(...) subshells got slower as the parent's
// quarantine grew, and a corruption made before the fork was reported by
// every child and again by the parent.
// Here the parent holds 2000 live and 2000 quarantined blocks and writes
// past a 3000-byte block (a span of its own) before it forks.  The first child writes past an
// inherited 77-byte block and exits; the second writes into an inherited
// 88-byte block after its free; the third changes nothing.  Each of the
// first two reports its own bug (the page it wrote is its own copy now, so
// it is checked) and the third skips spans; none reports the parent's
// write, which the parent then undoes (0xfb, the documented redzone byte),
// so no report of the 3000-byte block is expected at all.  The old library's
// children each reported it.  prefault=0: the prefault worker's writes in
// the parent after a fork copy pages the child then counts as changed, so
// a child sometimes checked (and reported) the parent's block too, as before.
// OPTIONS: verbosity=2:prefault=0
// EXIT: 24
// CHECK: 3 children forked
// CHECK: exit check of a fork child: {{[0-9]+}} of {{[0-9]+}} spans unchanged since the fork
// CHECK: alloc8: ERROR: heap-buffer-overflow
// CHECK: 3 bytes after the 77-byte block
// CHECK: in main {{.*}}@LINE:a77
// CHECK: exit check of a fork child: {{[0-9]+}} of {{[0-9]+}} spans unchanged since the fork
// CHECK: alloc8: ERROR: heap-use-after-free
// CHECK: 5 bytes inside the 88-byte block
// CHECK: in main {{.*}}@LINE:a88
// CHECK: exit check of a fork child: {{[1-9][0-9]*}} of {{[0-9]+}} spans unchanged since the fork
// CHECK: child 3 done
// CHECK: parent: children exited 23 23 0
// CHECK-NOT: 3000-byte block
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { N = 4000 };
static char *blk[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        blk[i] = malloc(40 + (size_t)(i % 7) * 24);
    for (int i = 0; i < N; i += 2)
        free(blk[i]);           /* half live, half in the quarantine */
    char *a77 = malloc(77);     // LINE:a77
    char *a88 = malloc(88);     // LINE:a88
    char *a3000 = malloc(3000); /* another size class: a span of its own */
    free(a88);
    a3000[3000 + 1] = 'x'; /* the parent's own bug, before the forks */
    fprintf(stderr, "3 children forked\n");
    int st[3];
    for (int k = 0; k < 3; k++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (k == 0)
                a77[77 + 3] = 'x';
            else if (k == 1)
                a88[5] = 'x';
            exit(0);
        }
        waitpid(pid, &st[k], 0);
        if (k == 2)
            fprintf(stderr, "child 3 done\n");
    }
    fprintf(stderr, "parent: children exited %d %d %d\n", WEXITSTATUS(st[0]), WEXITSTATUS(st[1]),
            WEXITSTATUS(st[2]));
    a3000[3000 + 1] = (char)0xfb; /* undone: the parent has nothing to report of it */
    return 0;
}
