/* log.c — where alloc8 writes: stderr, or `log_path`.<pid> (with
 * log_exe_name, `log_path`.<program>.<pid>).  The file is
 * opened on first use, and again in a fork child (a8_log_after_fork_child),
 * so children never interleave with their parent.  Can run inside malloc:
 * open/write only, lines formatted on the stack.  Takes the log lock only
 * around the open.
 *
 * stderr is the one the program started with: the checker keeps a copy of
 * fd 2 from its start (a8_log_keep_stderr), as valgrind keeps its own log
 * fd.  Programs built on gnulib (grep, find, ls, sort, ...) close stderr in
 * an atexit handler, before alloc8's exit check runs: its reports and the
 * leak report went nowhere.  A daemon may close fd 2 and open a data file
 * that gets the number: a report written to fd 2 would land in the
 * program's data.  The copy and the log file are each checked to be the
 * file they were (fstat's device and inode) before a line is written to
 * them: a program that closes every descriptor (closefrom) and opens
 * others may have reused the number.  Under a seccomp filter (a8_sandboxed)
 * there is no fstat: the copy is used as it is.  A program started with
 * stderr closed gets nothing on fd 2 at all. */
#include "core.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LINE_MAX_BYTES = 1024 };

struct kept_fd {
    int fd; /* -1: none */
    dev_t dev;
    ino_t ino;
};

static struct {
    int fd;    /* -1: not opened yet */
    pid_t pid; /* the process that opened fd */
    dev_t dev; /* the file fd was opened on */
    ino_t ino;
    a8_lock_t lock;
} g_log = {-1, 0, 0, 0, A8_LOCK_INIT};

static struct kept_fd g_err = {-1, 0, 0}; /* the program's first stderr */
static bool g_err_closed;                 /* fd 2 was closed when the checker started */

/* Whether fd is still open on the file (dev, ino). */
static bool same_file(int fd, dev_t dev, ino_t ino)
{
    if (a8_sandboxed())
        return true; /* no fstat under a filter: trust it */
    struct stat st;
    int saved_errno = errno;
    bool same = fstat(fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
    errno = saved_errno;
    return same;
}

void a8_log_keep_stderr(void)
{
    struct stat st;
    int saved_errno = errno;
    if (g_err.fd >= 0 || g_err_closed) {
        /* kept already */
    } else if (fstat(2, &st) != 0) {
        /* Started with stderr closed (prog 2>&-): whatever the program
         * opens later gets fd 2, a data file most likely.  Nothing goes to
         * fd 2 then (log_path still works). */
        g_err_closed = errno == EBADF;
    } else {
        /* High, out of the program's way (a8_fd_dup_high). */
        int fd = a8_fd_dup_high(2);
        if (fd >= 0)
            g_err = (struct kept_fd){fd, st.st_dev, st.st_ino};
    }
    errno = saved_errno;
}

/* Where a line for stderr goes: the kept copy while it is the file fd 2
 * was at the start, else fd 2 as it is now. */
static int err_fd(void)
{
    if (g_err.fd >= 0 && same_file(g_err.fd, g_err.dev, g_err.ino))
        return g_err.fd;
    return g_err_closed ? -1 : 2; /* -1: the write fails, EBADF */
}

/* The log file, when it is still the file it was opened on: false when
 * it is not open yet, is a fork parent's, or was closed (and maybe reused)
 * by the program. */
static bool log_open(pid_t pid)
{
    return g_log.fd >= 0 && g_log.pid == pid &&
           (g_log.fd == 2 || same_file(g_log.fd, g_log.dev, g_log.ino));
}

/* The program's file name for log_exe_name: glibc's
 * program_invocation_short_name (argv[0] after its last '/'), copied at
 * start-up (a8_log_keep_name).  It points into argv[0], which programs
 * that set their process title (postgres, perl's $0, sshd) overwrite
 * before the log is first opened, at exit or in a fork child. */
static char g_exe_name[256];

void a8_log_keep_name(void)
{
    const char *n = program_invocation_short_name;
    size_t i = 0;
    for (; n && n[i] && i < sizeof g_exe_name - 1; i++)
        g_exe_name[i] = n[i];
    g_exe_name[i] = '\0';
}

static const char *exe_name(void) { return g_exe_name[0] ? g_exe_name : "unknown"; }

/* log_path names a file of alloc8's own: "stderr" and "stdout" (and "")
 * name the streams, as in ASan's log_path. */
static bool log_to_file(void)
{
    return a8_opt.log_path[0] && a8_strcmp(a8_opt.log_path, "stderr") &&
           a8_strcmp(a8_opt.log_path, "stdout");
}

int a8_log_fd(void)
{
    if (!log_to_file())
        return a8_strcmp(a8_opt.log_path, "stdout") ? err_fd() : 1;
    pid_t pid = a8_getpid();
    if (A8_UNLIKELY(!log_open(pid))) {
        a8_lock(&g_log.lock);
        if (!log_open(pid)) {
            char path[A8_OPT_STR_MAX + 288]; /* + ".<file name>.<pid>" */
            if (a8_opt.log_exe_name)
                a8_snprintf(path, sizeof path, "%s.%s.%d", a8_opt.log_path, exe_name(), (int)pid);
            else
                a8_snprintf(path, sizeof path, "%s.%d", a8_opt.log_path, (int)pid);
            int saved_errno = errno;
            /* Kept open: up out of the program's way (core.h). */
            int fd = a8_open_kept(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
            struct stat st;
            if (fd >= 0 && fstat(fd, &st) == 0) {
                g_log.dev = st.st_dev;
                g_log.ino = st.st_ino;
            } else {
                char msg[A8_OPT_STR_MAX + 352];
                int n = a8_snprintf(msg, sizeof msg,
                                    "alloc8: cannot open log_path '%s' (errno %d); "
                                    "writing to stderr\n",
                                    path, errno);
                a8_write_all(err_fd(), msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
                if (fd >= 0)
                    close(fd);
                fd = 2; /* stderr from now on */
            }
            errno = saved_errno;
            g_log.fd = fd;
            g_log.pid = pid;
        }
        a8_unlock(&g_log.lock);
    }
    return g_log.fd == 2 ? err_fd() : g_log.fd;
}

static bool g_forked; /* a fork child of the process that loaded alloc8 (no exec since) */

void a8_log_after_fork_child(void)
{
    g_forked = true;
    a8_lock_reinit(&g_log.lock);
    /* Leave the parent's fd alone (it may be shared); the pid test in
     * a8_log_fd opens the child's own file. */
}

bool a8_forked(void) { return g_forked; }

bool a8_run_by_alloc8(void)
{
#if A8_STATIC || (defined A8_PREFIXED && A8_PREFIXED)
    return false; /* no library to look for in the parent */
#else
    static int known; /* 0: not asked yet, 1: no, 2: yes */
    if (g_forked)
        return false;
    if (!known) {
        bool yes = false;
        Dl_info di;
        if (dladdr((void *)a8_run_by_alloc8, &di) && di.dli_fname) {
            const char *base = a8_basename(di.dli_fname);
            char text[300]; /* "/liballoc8.so": a whole file name */
            int n = a8_snprintf(text, sizeof text, "/%s", base);
            yes = n > 1 && (size_t)n < sizeof text && a8_parent_maps_exec(text);
        }
        known = yes ? 2 : 1;
    }
    return known == 2;
#endif
}

/* A program that another one runs under alloc8 (vim's filter commands,
 * configure's compiler checks, a build tool's compilers) often has its
 * stderr read by that program as its output: vim's `:%!tr a-z A-Z` reads
 * tr's stdout and stderr into the file being edited.  A clean run's
 * SUMMARY line would land in that data, so such a program leaves it out
 * unless its lines go to a terminal or to log_path's own file, or
 * child_summary=1.  A fork child (no exec since) leaves it out wherever
 * they go: a shell's every subshell and a server's every worker would add
 * one (dash's subshells leave by _exit, which is checked). */
bool a8_log_quiet_child(void)
{
    if (a8_opt.child_summary)
        return false;
    if (log_to_file())
        return false;
    if (a8_forked())
        return true;
    /* The parent first: under a seccomp filter it is not asked (false), and
     * isatty's ioctl is not made either (OpenSSH's filter kills for it). */
    if (!a8_run_by_alloc8())
        return false;
    int saved_errno = errno;
    int fd = a8_log_fd();
    bool quiet = fd >= 0 && !isatty(fd);
    errno = saved_errno;
    return quiet;
}

void a8_log_raw(const char *s, size_t n) { a8_write_all(a8_log_fd(), s, n); }

/* Notes a thread makes while it writes a report (the symbolizer's "no
 * debug info for …", found as the report's stacks are printed): written at
 * once they would land inside the report, mid-line once a long one has been
 * flushed in part.  They wait here and follow the report.  Only the report
 * lock's holder holds notes, so one thread at a time uses the buffer; a
 * note that does not fit is written at once. */
static __thread int t_hold __attribute__((tls_model("initial-exec")));
static struct {
    size_t len;
    char buf[4096];
} g_held;

void a8_log_hold(bool on)
{
    if (on) {
        t_hold++;
        return;
    }
    if (t_hold > 0 && --t_hold == 0 && g_held.len) {
        a8_write_all(a8_log_fd(), g_held.buf, g_held.len);
        g_held.len = 0;
    }
}

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
    if (t_hold > 0 && n <= sizeof g_held.buf - g_held.len) {
        for (size_t i = 0; i < n; i++)
            g_held.buf[g_held.len + i] = line[i];
        g_held.len += n;
        return;
    }
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
