/* With signal() instead of sigaction(): the program installs its own SIGSEGV handler after start-up
 * (as crash reporters do).  alloc8 keeps its guard-page handler: the overflow is still reported and
 * the program goes on; a real crash still reaches the program's handler; and sigaction() reports
 * the program's handler back. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void crash_reporter(int sig)
{
    static const char msg[] = "program's handler ran\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(98);
    _exit(42);
}

int main(void)
{
    struct sigaction sa, now;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = crash_reporter;
    sigemptyset(&sa.sa_mask);
    if (signal(SIGSEGV, crash_reporter) == SIG_ERR)
        return 4;
    sigaction(SIGSEGV, NULL, &now);
    if (now.sa_handler != crash_reporter)
        return 3;
    char *p = malloc(32);
    p[32] = 'x'; // BUG
    fputs("after the overflow\n", stderr);
    volatile char *null = NULL;
    *null = 1; // LINE:crash
    return 0;
}
// EXIT: 42
// CHECK: alloc8: ERROR: heap-buffer-overflow
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: after the overflow
// CHECK: program's handler ran
