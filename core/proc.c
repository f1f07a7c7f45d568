/* proc.c — process facts without libc allocation: pid, tid, secure-exec.
 * Can run inside malloc. */
#include "core.h"

#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t a8_getpid(void) { return (pid_t)syscall(SYS_getpid); }

pid_t a8_gettid(void) { return (pid_t)syscall(SYS_gettid); }

/* AT_SECURE: set-user-ID, set-group-ID or capability-raising exec. */
bool a8_secure_exec(void) { return getauxval(AT_SECURE) != 0; }
