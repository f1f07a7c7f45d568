/* Calls that fill a struct of a size they fix, given blocks too short or
 * freed: stat's struct stat, clock_gettime's timespec, inet_pton's IPv6
 * address, poll's array one entry past its block, getsockname's address
 * as long as *addrlen says (more than its block), localtime_r's struct tm
 * and waitpid's status in freed blocks.  Each is reported at the call, as
 * a write (the kernel's would not fault), with the caller's line; the
 * calls then run as natively (what they write past a block stays in its
 * redzone and slack). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 144 bytes at 0x{{[0-9a-f]+}} by stat, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stat_short:
// CHECK: is located 0 bytes after the 136-byte block
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by clock_gettime, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:clock_short:
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by inet_pton, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pton_short:
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by poll, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:poll_past:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 16 bytes at 0x{{[0-9a-f]+}} by getsockname, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sockname_long:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 56 bytes at 0x{{[0-9a-f]+}} by localtime_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:localtime_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_tm:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 4 bytes at 0x{{[0-9a-f]+}} by waitpid of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:waitpid_freed:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_status:
// CHECK: alloc8: SUMMARY: 7 errors (5 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    int bad = 0;
    struct stat *st = malloc(sizeof(struct stat) - 8);
    bad |= stat("/", st) != 0; // LINE:stat_short

    struct timespec *ts = malloc(8);
    bad |= clock_gettime(CLOCK_MONOTONIC, ts) != 0; // LINE:clock_short

    void *a6 = malloc(8);
    bad |= inet_pton(AF_INET6, "::1", a6) != 1; // LINE:pton_short

    int fds[2];
    if (pipe(fds) != 0)
        return 2;
    struct pollfd *pf = malloc(2 * sizeof *pf);
    pf[0] = (struct pollfd){.fd = fds[0], .events = POLLIN};
    pf[1] = (struct pollfd){.fd = fds[1], .events = POLLOUT};
    bad |= poll(pf, 3, 0) < 1; // LINE:poll_past
    bad |= !(pf[1].revents & POLLOUT);

    int s = socket(AF_INET, SOCK_DGRAM, 0);
    void *sa = malloc(8);
    socklen_t len = sizeof(struct sockaddr_in);
    bad |= s >= 0 && getsockname(s, sa, &len) != 0; // LINE:sockname_long

    struct tm *tm = malloc(sizeof *tm);
    free(tm); // LINE:free_tm
    time_t t = 0;
    localtime_r(&t, tm); // LINE:localtime_freed

    int *status = malloc(sizeof *status);
    free(status); // LINE:free_status
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    bad |= waitpid(pid, status, 0) != pid; // LINE:waitpid_freed

    if (s >= 0)
        close(s);
    close(fds[0]), close(fds[1]);
    free(st), free(ts), free(a6), free(pf), free(sa);
    return bad;
}
