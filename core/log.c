/* log.c — where alloc8 writes: stderr, or `log_path`.<pid>.  The file is
 * opened on first use, and again in a fork child (a8_log_after_fork_child),
 * so children never interleave with their parent.  Can run inside malloc:
 * open/write only, lines formatted on the stack.  Takes the log lock only
 * around the open. */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

enum { LINE_MAX_BYTES = 1024 };

static struct {
    int fd;    /* -1: not opened yet */
    pid_t pid; /* the process that opened fd */
    a8_lock_t lock;
} g_log = {-1, 0, A8_LOCK_INIT};

int a8_log_fd(void)
{
    if (!a8_opt.log_path[0])
        return 2;
    pid_t pid = a8_getpid();
    if (A8_LIKELY(g_log.fd >= 0 && g_log.pid == pid))
        return g_log.fd;
    a8_lock(&g_log.lock);
    if (g_log.fd < 0 || g_log.pid != pid) {
        char path[A8_OPT_STR_MAX + 32];
        a8_snprintf(path, sizeof path, "%s.%d", a8_opt.log_path, (int)pid);
        int saved_errno = errno;
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0) {
            char msg[A8_OPT_STR_MAX + 96];
            int n = a8_snprintf(msg, sizeof msg,
                                "alloc8: cannot open log_path '%s' (errno %d); "
                                "writing to stderr\n",
                                path, errno);
            a8_write_all(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
            fd = 2;
        }
        errno = saved_errno;
        g_log.fd = fd;
        g_log.pid = pid;
    }
    a8_unlock(&g_log.lock);
    return g_log.fd;
}

void a8_log_after_fork_child(void)
{
    a8_lock_reinit(&g_log.lock);
    /* Leave the parent's fd alone (it may be shared); the pid test in
     * a8_log_fd opens the child's own file. */
}

void a8_log_raw(const char *s, size_t n) { a8_write_all(a8_log_fd(), s, n); }

static void vline(int fd, const char *prefix, const char *fmt, va_list ap)
{
    char line[LINE_MAX_BYTES];
    size_t n = 0;
    if (prefix) {
        a8_strlcpy(line, prefix, sizeof line);
        n = a8_strlen(line);
    }
    int m = a8_vsnprintf(line + n, sizeof line - n, fmt, ap);
    n += (size_t)m < sizeof line - n ? (size_t)m : sizeof line - n - 1;
    if (n && line[n - 1] != '\n' && n + 1 < sizeof line)
        line[n++] = '\n';
    a8_write_all(fd, line, n);
}

void a8_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(a8_log_fd(), NULL, fmt, ap);
    va_end(ap);
}

/* Notes follow the reports to log_path: fd 2 may be the program's by now
 * (closed and reopened as a data file), and a build's stderr is its own. */
void a8_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(a8_log_fd(), "alloc8: ", fmt, ap);
    va_end(ap);
}
