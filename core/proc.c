/* proc.c — process facts without libc allocation: pid, tid, secure-exec.
 * Can run inside malloc. */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t a8_getpid(void) { return (pid_t)syscall(SYS_getpid); }

pid_t a8_gettid(void) { return (pid_t)syscall(SYS_gettid); }

int a8_proc_open(const char *name)
{
    char path[64];
    a8_snprintf(path, sizeof path, "/proc/thread-self/%s", name);
    int fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0 && errno == ENOENT) {
        a8_snprintf(path, sizeof path, "/proc/self/%s", name);
        fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
    }
    return fd;
}

/* ---- descriptors past the program's limit ------------------------------ */

/* One room at a time: two overlapping raises would put back each other's
 * limit.  Taken with trylock: a report from a signal handler that
 * interrupted one gets no room. */
static a8_lock_t g_room_lock;
#define ROOM 64 /* descriptors past the hard limit, when only that is left */

/* The reserve: a descriptor of alloc8's own (a memfd, whose inode no
 * other file has), high up, given up for a moment when nothing else makes
 * room.  fd -1: none (never made, taken, or the program closed it). */
static struct {
    int fd;
    dev_t dev;
    ino_t ino;
} g_reserve = {-1, 0, 0};

static bool g_reserve_on; /* a8_fd_reserve_init was called: keep one */

/* Whether the soft descriptor limit can be raised to the hard one, which
 * any process may do: then room comes from that, and the reserve would
 * only take a number (the program may lower its hard limit later: the
 * reserve is made then, at alloc8's next open). */
static bool limit_raisable(void)
{
    struct rlimit rl;
    return getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
           (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > rl.rlim_cur);
}

/* Under g_room_lock, as reserve_release is: taken with trylock here. */
static void reserve_make(void)
{
    if (g_reserve.fd >= 0 || a8_sandboxed() || limit_raisable() || !a8_trylock(&g_room_lock))
        return;
    int saved_errno = errno;
    int fd = (int)syscall(SYS_memfd_create, "alloc8-reserve", 1u /* MFD_CLOEXEC */);
    struct stat st;
    if (fd >= 0)
        fd = a8_fd_move_up(fd, true);
    if (fd >= 0 && fstat(fd, &st) == 0)
        g_reserve = (typeof(g_reserve)){fd, st.st_dev, st.st_ino};
    else if (fd >= 0)
        close(fd);
    a8_unlock(&g_room_lock);
    errno = saved_errno;
}

void a8_fd_reserve_init(void)
{
    g_reserve_on = true;
    reserve_make();
}

/* Closes the reserve, if it is still ours, for the next open to take its
 * number: the one free number when every other is in use. */
static bool reserve_release(void)
{
    struct stat st;
    if (g_reserve.fd < 0)
        return false;
    bool ours =
        fstat(g_reserve.fd, &st) == 0 && st.st_dev == g_reserve.dev && st.st_ino == g_reserve.ino;
    if (ours)
        close(g_reserve.fd);
    g_reserve.fd = -1; /* not ours any more either way: left to the program */
    return ours;
}

bool a8_fd_room_begin(struct a8_fd_room *r, bool reserve)
{
    r->how = A8_ROOM_NONE;
    if (a8_sandboxed() || !a8_trylock(&g_room_lock))
        return false;
    int saved_errno = errno;
    if (getrlimit(RLIMIT_NOFILE, &r->saved) == 0 && r->saved.rlim_cur != RLIM_INFINITY) {
        struct rlimit more = r->saved;
        if (r->saved.rlim_max == RLIM_INFINITY)
            more.rlim_cur = r->saved.rlim_cur + ROOM;
        else if (r->saved.rlim_max > r->saved.rlim_cur)
            more.rlim_cur = r->saved.rlim_max; /* always allowed */
        else
            more.rlim_cur = more.rlim_max = r->saved.rlim_cur + ROOM; /* CAP_SYS_RESOURCE */
        if (setrlimit(RLIMIT_NOFILE, &more) == 0)
            r->how = A8_ROOM_RAISED;
    }
    if (r->how == A8_ROOM_NONE && reserve && reserve_release())
        r->how = A8_ROOM_RESERVE;
    if (r->how == A8_ROOM_NONE)
        a8_unlock(&g_room_lock);
    errno = saved_errno;
    return r->how != A8_ROOM_NONE;
}

void a8_fd_room_end(struct a8_fd_room *r)
{
    if (r->how == A8_ROOM_NONE)
        return;
    int saved_errno = errno;
    if (r->how == A8_ROOM_RAISED)
        setrlimit(RLIMIT_NOFILE, &r->saved); /* lowering: always allowed */
    a8_unlock(&g_room_lock);
    /* The reserve's number is free again once what took it is closed:
     * now for a call inside libc, at the next open for one of ours. */
    if (r->how == A8_ROOM_RESERVE)
        reserve_make();
    r->how = A8_ROOM_NONE;
    errno = saved_errno;
}

/* open(), and on EMFILE once more with room made (the reserve only when
 * `reserve`); a descriptor in the reserve's number holds it until closed. */
static int open_with_room(const char *path, int flags, mode_t mode, bool reserve)
{
    int fd = open(path, flags, mode);
    struct a8_fd_room r;
    if (fd < 0 && errno == EMFILE && a8_fd_room_begin(&r, reserve)) {
        fd = open(path, flags, mode);
        int e = errno;
        if (fd >= 0 && r.how == A8_ROOM_RESERVE)
            r.how = A8_ROOM_TAKEN; /* made again once the number is free */
        a8_fd_room_end(&r);
        errno = e;
    }
    return fd;
}

int a8_open_room(const char *path, int flags, mode_t mode)
{
    if (g_reserve_on && g_reserve.fd < 0)
        reserve_make(); /* taken by the last call: back, if there is room now */
    return open_with_room(path, flags, mode, true);
}

static int dup_up(int fd, int floor, bool cloexec)
{
    return fcntl(fd, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, floor);
}

/* Soft limits up to this get alloc8's descriptors above them: a higher one
 * would grow the kernel's descriptor table (copied at every fork) to its
 * size.  And at least from ABOVE_MIN, where the raised limit reaches:
 * above a small limit a program still probes the numbers it had open
 * before it lowered the limit (CPython's test_close_fds_when_max_fd_is_lowered). */
enum { ABOVE_MAX = 4096, ABOVE_MIN = 1024 };

/* fd copied to the lowest free number at or above the soft descriptor
 * limit, with the limit raised for the call (a8_fd_room_begin): numbers the
 * program's own descriptors never get, and that a program checking every
 * number below its limit (CPython's subprocess tests, a daemon closing what
 * it did not open) never sees, as valgrind keeps its own.  -1 when the
 * limit is above ABOVE_MAX or cannot be raised. */
static int dup_above_limit(int fd, bool cloexec)
{
    struct rlimit rl, raised;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
        rl.rlim_cur > ABOVE_MAX)
        return -1;
    struct a8_fd_room r;
    if (!a8_fd_room_begin(&r, false))
        return -1;
    int hi = -1;
    if (r.how == A8_ROOM_RAISED) {
        int at = (int)rl.rlim_cur;
        if (at < ABOVE_MIN && getrlimit(RLIMIT_NOFILE, &raised) == 0 &&
            raised.rlim_cur > ABOVE_MIN + 64)
            at = ABOVE_MIN;
        hi = dup_up(fd, at, cloexec);
    }
    a8_fd_room_end(&r);
    return hi;
}

/* Above the limit, else at a8_fd_floor (within a raised limit if need be);
 * -1 when neither can be had. */
static int dup_high(int fd, bool cloexec)
{
    int hi = dup_above_limit(fd, cloexec);
    int floor = a8_fd_floor();
    if (hi >= 0 || floor <= 2 || fd >= floor)
        return hi;
    hi = dup_up(fd, floor, cloexec);
    struct a8_fd_room r;
    if (hi < 0 && errno == EMFILE && a8_fd_room_begin(&r, false)) {
        hi = dup_up(fd, floor, cloexec);
        a8_fd_room_end(&r);
    }
    return hi;
}

/* Placed high already: above the soft limit, or at the floor where the
 * limit is out of ABOVE_MAX's reach. */
static bool is_high(int fd)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur <= ABOVE_MAX)
        return fd >= (long)rl.rlim_cur;
    return fd >= a8_fd_floor();
}

int a8_fd_dup_high(int fd)
{
    int saved_errno = errno;
    int hi = dup_high(fd, true);
    errno = saved_errno;
    return hi;
}

int a8_fd_move_up(int fd, bool cloexec)
{
    if (fd < 0 || is_high(fd))
        return fd;
    int saved_errno = errno;
    int hi = dup_high(fd, cloexec);
    if (hi >= 0) { /* else (a filter, no room) it stays where it is */
        close(fd);
        fd = hi;
    }
    errno = saved_errno;
    return fd;
}

static bool g_reserve_spend; /* a8_fd_reserve_spend was called */

void a8_fd_reserve_spend(void) { g_reserve_spend = true; }

int a8_open_kept(const char *path, int flags, mode_t mode)
{
    /* Not the reserve, until the exit: a file kept open would hold its
     * number for good, and the leak check at exit needs it for the maps.
     * Made again first if a closed descriptor left its number free. */
    if (g_reserve_on && g_reserve.fd < 0 && !g_reserve_spend)
        reserve_make();
    int fd = open_with_room(path, flags | O_CLOEXEC, mode, g_reserve_spend);
    return a8_fd_move_up(fd, true);
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
    int fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
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

/* ---- address space under RLIMIT_AS ----------------------------------------- */

#define ROOM_STEP (1UL << 20)

size_t a8_as_room(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return SIZE_MAX;
    int saved_errno = errno;
    /* lo fits, hi does not (the whole limit cannot: this process is mapped) */
    size_t lo = 0, hi = (size_t)rl.rlim_cur;
    while (hi - lo > ROOM_STEP) {
        size_t mid = (lo + (hi - lo) / 2) & ~(ROOM_STEP - 1);
        if (mid <= lo)
            mid = lo + ROOM_STEP;
        void *p = mmap(NULL, mid, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
            hi = mid;
        } else {
            munmap(p, mid);
            lo = mid;
        }
    }
    errno = saved_errno;
    return lo;
}
