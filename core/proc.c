/* proc.c — process facts without libc allocation: pid, tid, secure-exec.
 * Can run inside malloc. */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t a8_getpid(void) { return (pid_t)syscall(SYS_getpid); }

pid_t a8_gettid(void) { return (pid_t)syscall(SYS_gettid); }

int a8_proc_open(const char *name)
{
    char path[64];
    a8_snprintf(path, sizeof path, "/proc/thread-self/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        a8_snprintf(path, sizeof path, "/proc/self/%s", name);
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    return fd;
}

size_t a8_read_all(int fd, char *buf, size_t size)
{
    size_t have = 0;
    while (have + 1 < size) {
        ssize_t n = read(fd, buf + have, size - 1 - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    if (size)
        buf[have] = 0;
    return have;
}

int a8_fd_floor(void)
{
    struct rlimit rl;
    long low = 1000;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (long)(rl.rlim_cur / 4 * 3) < low)
        low = (long)(rl.rlim_cur / 4 * 3);
    return (int)low;
}

long a8_proc_exe(char *buf, size_t size)
{
    if (size == 0)
        return -1;
    ssize_t n = readlink("/proc/thread-self/exe", buf, size - 1);
    if (n < 0)
        n = readlink("/proc/self/exe", buf, size - 1);
    buf[n > 0 ? n : 0] = 0;
    return n > 0 ? (long)n : -1;
}

bool a8_read_lines(int fd, bool (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
    char buf[8192];
    bool found = false, skip = false; /* skip: the rest of a line too long for buf */
    size_t have = 0;
    while (!found) {
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        size_t start = 0;
        for (size_t i = 0; i < have && !found; i++) {
            if (buf[i] != '\n')
                continue;
            found = !skip && fn(buf + start, i - start, ctx);
            skip = false;
            start = i + 1;
        }
        if (start == 0 && have == sizeof buf) { /* one line fills buf: drop it */
            skip = true;
            have = 0;
            continue;
        }
        for (size_t i = start; i < have; i++)
            buf[i - start] = buf[i];
        have -= start;
    }
    return found;
}

/* The hexadecimal number at *s (up to end) into *v, *s left past it. */
static bool maps_hex(const char **s, const char *end, uintptr_t *v)
{
    const char *h = *s;
    while (*s < end && a8_hex_digit(**s) >= 0)
        (*s)++;
    return a8_parse_hex(h, *s, v);
}

bool a8_maps_parse(const char *line, size_t len, struct a8_maps_line *m)
{
    const char *s = line, *end = line + len;
    if (!maps_hex(&s, end, &m->lo) || s >= end || *s++ != '-' || !maps_hex(&s, end, &m->hi) ||
        end - s < 5 || *s++ != ' ')
        return false;
    for (int i = 0; i < 4; i++)
        m->perms[i] = s[i];
    for (int field = 0; field < 4; field++) { /* perms, offset, device, inode */
        while (s < end && *s != ' ')
            s++;
        while (s < end && *s == ' ')
            s++;
    }
    m->path = s;
    m->path_len = (size_t)(end - s);
    return true;
}

/* One line of a maps file: an executable mapping of a file whose path ends
 * with the suffix ("7f..-7f.. r-xp 00001000 fe:00 123  /usr/lib/x.so"). */
static bool exec_line(const char *l, size_t n, void *suffix)
{
    size_t slen = a8_strlen(suffix);
    struct a8_maps_line m;
    return a8_maps_parse(l, n, &m) && m.perms[2] == 'x' && m.path_len >= slen &&
           !a8_strncmp(m.path + m.path_len - slen, suffix, slen);
}

bool a8_parent_maps_exec(const char *suffix)
{
    size_t slen = a8_strlen(suffix);
    char path[64];
    if (!slen || slen > 512 || a8_sandboxed())
        return false;
    a8_snprintf(path, sizeof path, "/proc/%d/maps", (int)getppid());
    int saved_errno = errno;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool found = fd >= 0 && a8_read_lines(fd, exec_line, (void *)suffix);
    if (fd >= 0)
        close(fd);
    errno = saved_errno;
    return found;
}

/* AT_SECURE: set-user-ID, set-group-ID or capability-raising exec. */
bool a8_secure_exec(void) { return getauxval(AT_SECURE) != 0; }

bool a8_sandbox_flag;
void (*a8_before_sandbox)(void);

void a8_sandbox_coming(const char *how)
{
    if (a8_sandboxed())
        return;
    /* log_path's file is opened now: open may be what the filter forbids
     * (OpenSSH's kills the process, or refuses it: the reports are lost). */
    (void)a8_log_fd();
    if (a8_before_sandbox)
        a8_before_sandbox();
    if (__atomic_exchange_n(&a8_sandbox_flag, true, __ATOMIC_RELAXED))
        return;
    if (a8_opt.verbosity >= 1)
        a8_note("the program installs a seccomp filter (%s): alloc8 keeps to the system calls "
                "any allocator makes from now on",
                how);
}

bool a8_seccomp_active(void)
{
    if (a8_sandboxed())
        return true; /* and asking might be what the filter forbids */
    int saved_errno = errno;
    bool on = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0;
    errno = saved_errno;
    return on;
}

int a8_cpus_available(void)
{
    unsigned long mask[16]; /* 1024 CPUs */
    memset(mask, 0, sizeof mask);
    long n = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    if (n <= 0)
        return 1;
    int cpus = 0;
    for (size_t i = 0; i < (size_t)n / sizeof mask[0]; i++)
        cpus += __builtin_popcountl(mask[i]);
    return cpus;
}
