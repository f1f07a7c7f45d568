/* A program that closes stdout and stderr in an atexit handler, as every
 * gnulib program does (close_stdout: grep, find, ls, sort, ...).  alloc8's
 * exit check runs after it: its reports and the leak report still reach the
 * stderr the program started with, through alloc8's own copy of it (they
 * were written to the closed fd 2, and lost).  The write into the freed
 * block is found by the exit check, the leak by the leak check. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at exit
// CHECK: 5 bytes inside the 24-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 40 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:leak:
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-use-after-free), 40 bytes in 1 blocks still allocated at exit
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void close_std(void)
{
    fclose(stdout);
    fclose(stderr); /* closes fd 2 */
}

static void *volatile g_keep;

int main(void)
{
    atexit(close_std);
    char *p = malloc(24);
    memset(p, 'a', 24);
    free(p);             // LINE:free
    p[5] = 'x';          /* found at exit */
    g_keep = malloc(40); // LINE:leak
    g_keep = NULL;
    puts("ok");
    return 0;
}
