/* Freed names and a freed argv whose blocks were guarded, so their pages
 * are closed while they wait in quarantine: the check must not read them
 * itself (its own strlen would fault, the report would name the C
 * library's strlen at #0, and two such bugs at different calls would be
 * merged as repeats of one site).  Each is reported at its call, naming
 * the call, from its first byte or word, and the pages are opened so the
 * call behaves as natively: open and execve fail with ENOENT (the path
 * reads as free fill), not EFAULT. */
// OPTIONS: detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by open of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:open:
// CHECK: freed by thread T0 here:
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:open in main
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by fopen of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fopen:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 8 bytes at 0x{{[0-9a-f]+}} by execve of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:execve:
// CHECK: alloc8: SUMMARY: 3 errors (3 heap-use-after-free)
// CHECK-NOT: guard page
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    int bad = 0;
    char *a = strdup("/nonexistent/a");
    free(a);
    errno = 0;
    bad |= open(a, O_RDONLY) != -1 || errno != ENOENT; // LINE:open

    char *b = strdup("/nonexistent/b");
    free(b);
    bad |= fopen(b, "r") != NULL; // LINE:fopen

    char **argv = malloc(2 * sizeof *argv);
    argv[0] = "prog", argv[1] = NULL;
    free(argv);
    char *const envp[] = {NULL};
    errno = 0;
    execve("/nonexistent/alloc8-prog", argv, envp); // LINE:execve
    bad |= errno != ENOENT;
    return bad;
}
