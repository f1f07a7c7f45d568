/* unwpipe.c — libunwind's pipe, kept out of the program's descriptors.
 *
 * libunwind (1.6 and later) opens a pipe when it starts and keeps it: to
 * test an address before reading it (walking a frame that has no unwind
 * data, JIT code say) it reads a byte from the read end and writes one from
 * that address into the write end, and opens a new pipe should that read
 * fail.  pipe2 gives the lowest free numbers, 3 and 4 in most programs.  A
 * program that closes every descriptor above 2 (daemons do) and opens its
 * own files gets those numbers, and libunwind then read from its input and
 * wrote stack bytes into its output.  So alloc8 exports pipe and pipe2: a
 * call from libunwind's code gets both descriptors moved up to a8_fd_floor,
 * beside the log's copy of stderr; any other call is the plain system call.
 * Only in the preloaded checker (libunwind is the checker's).  errno is the
 * call's. */
#include "checker.h"
#include "stack.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void move_up(int fds[2], int flags)
{
    for (int i = 0; i < 2; i++)
        fds[i] = a8_fd_move_up(fds[i], (flags & O_CLOEXEC) != 0);
}

A8_EXPORT int pipe2(int fds[2], int flags)
{
    uintptr_t caller = (uintptr_t)__builtin_return_address(0);
    int r = (int)syscall(SYS_pipe2, fds, flags);
    if (r == 0 && a8_stack_unwinder_pc(caller))
        move_up(fds, flags);
    return r;
}

A8_EXPORT int pipe(int fds[2])
{
    uintptr_t caller = (uintptr_t)__builtin_return_address(0);
    int r = (int)syscall(SYS_pipe2, fds, 0);
    if (r == 0 && a8_stack_unwinder_pc(caller))
        move_up(fds, 0);
    return r;
}
