/* The program installs its own SIGSEGV handler after start-up (as crash
 * reporters do).  alloc8 keeps its guard-page handler: the overflow is still
 * reported and the program goes on; a real crash still reaches the program's
 * handler; and sigaction() reports the program's handler back as the kernel
 * would for SIGBUS: a full mask without SIGKILL and SIGSTOP, and the same
 * flags (glibc's SA_RESTORER among them; the JVM prints both). */
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
    struct sigaction sa, now, bus;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = crash_reporter;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGSEGV, NULL, &now);
    if (now.sa_handler != crash_reporter)
        return 3;
    sigaction(SIGBUS, &sa, NULL); /* not alloc8's: what the kernel answers */
    sigaction(SIGBUS, NULL, &bus);
    fprintf(stderr, "SIGSEGV query: SIGKILL %d, SIGSTOP %d, SIGINT %d in the mask, flags %#x\n",
            sigismember(&now.sa_mask, SIGKILL), sigismember(&now.sa_mask, SIGSTOP),
            sigismember(&now.sa_mask, SIGINT), (unsigned)now.sa_flags);
    if (now.sa_flags != bus.sa_flags ||
        sigismember(&now.sa_mask, SIGKILL) != sigismember(&bus.sa_mask, SIGKILL))
        fprintf(stderr, "SIGSEGV's answer differs from SIGBUS's: flags %#x\n",
                (unsigned)bus.sa_flags);
    char *p = malloc(32);
    p[32] = 'x'; // BUG
    fputs("after the overflow\n", stderr);
    volatile char *null = NULL;
    *null = 1; // LINE:crash
    return 0;
}
// EXIT: 42
// CHECK: SIGSEGV query: SIGKILL 0, SIGSTOP 0, SIGINT 1 in the mask, flags 0x14000000
// CHECK-NOT: differs from SIGBUS
// CHECK: alloc8: ERROR: heap-buffer-overflow
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: after the overflow
// CHECK: program's handler ran
