/* pathcalls.c — the path names, commands and argument vectors a program
 * hands to the C library, checked at the call.
 *
 * open(name, ...) has the kernel read name to its NUL, where no check sees
 * it: a name freed before the call, or built without its NUL, is read all
 * the same, from the freed block or past the end of its own (valgrind
 * reports such a system-call parameter; ASan checks fopen's and opendir's,
 * among others).  So the program's calls that take a path come here first:
 * each path is read to its NUL (a8_check_cstring: only a string in alloc8's
 * heap is read), then the C library's function runs.  fopen's and popen's
 * mode, popen's and system's command, and mkstemp's template (read to its
 * NUL, then rewritten in place) likewise.
 *
 * The exec family and posix_spawn read argv and envp: the array of
 * pointers to and including its NULL, then each string.  An array in the
 * heap is read no further than its block: one that ends without a NULL is
 * reported as read one pointer past it, and the words past the block are
 * never followed.  An array elsewhere (the stack, a global) is copied
 * through a8_fetch, so a wild one fails the call (EFAULT) as it does
 * natively rather than crash the check.
 *
 * getenv, setenv, unsetenv and putenv read environ's strings, which
 * putenv may have made the program's own heap blocks: each is checked to
 * its NUL before the call (vec_read_until).
 *
 * open, openat and creat, which alloc8 itself calls while it starts, go
 * straight to the kernel until a8_pathcalls_init has found the C library's;
 * the other calls look theirs up at first use.  Only in the preloaded
 * checker; errno is the call's.
 */
#include "checker.h"
#include "interpose.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
    P_OPEN,
    P_OPENAT,
    P_CREAT,
    P_OPEN_2,
    P_OPENAT_2,
    P_ACCESS,
    P_FACCESSAT,
    P_UNLINK,
    P_UNLINKAT,
    P_RMDIR,
    P_MKDIR,
    P_MKDIRAT,
    P_RENAME,
    P_RENAMEAT,
    P_RENAMEAT2,
    P_LINK,
    P_LINKAT,
    P_SYMLINK,
    P_SYMLINKAT,
    P_CHDIR,
    P_CHROOT,
    P_CHMOD,
    P_FCHMODAT,
    P_CHOWN,
    P_LCHOWN,
    P_FCHOWNAT,
    P_TRUNCATE,
    P_UTIMENSAT,
    P_MKFIFO,
    P_FOPEN,
    P_FREOPEN,
    P_FDOPEN,
    P_POPEN,
    P_OPENDIR,
    P_REMOVE,
    P_SYSTEM,
    P_MKSTEMP,
    P_MKOSTEMP,
    P_MKDTEMP,
    P_EXECVE,
    P_EXECV,
    P_EXECVP,
    P_EXECVPE,
    P_FEXECVE,
    P_POSIX_SPAWN,
    P_POSIX_SPAWNP,
    P_GETENV,
    P_SECURE_GETENV,
    P_SETENV,
    P_UNSETENV,
    P_PUTENV,
    P_MKNOD,
    P_MKNODAT,
    P_MKFIFOAT,
    P_PATHCONF,
    P_EUIDACCESS,
    P_EACCESS,
    P_INOTIFY_ADD_WATCH,
    P_MKSTEMPS,
    P_MKOSTEMPS,
    P_SPAWN_ADDOPEN,
    P_SPAWN_ADDCHDIR,
    P_COUNT
};
/* clang-format off */
static const char *const k_names[] = {
    "open", "openat", "creat", "__open_2", "__openat_2", "access", "faccessat", "unlink",
    "unlinkat", "rmdir", "mkdir", "mkdirat", "rename", "renameat", "renameat2", "link", "linkat",
    "symlink", "symlinkat", "chdir", "chroot", "chmod", "fchmodat", "chown", "lchown", "fchownat",
    "truncate", "utimensat", "mkfifo", "fopen", "freopen", "fdopen", "popen", "opendir", "remove",
    "system", "mkstemp", "mkostemp", "mkdtemp", "execve", "execv", "execvp", "execvpe", "fexecve",
    "posix_spawn", "posix_spawnp", "getenv", "secure_getenv", "setenv", "unsetenv", "putenv",
    "mknod", "mknodat", "mkfifoat", "pathconf", "euidaccess", "eaccess", "inotify_add_watch",
    "mkstemps", "mkostemps", "posix_spawn_file_actions_addopen",
    "posix_spawn_file_actions_addchdir_np",
};
/* clang-format on */
_Static_assert(sizeof k_names / sizeof k_names[0] == P_COUNT, "a name for every call");
static void *g_fn[P_COUNT];
#define REAL(i, type) ((type)a8_calls_chk_fn(&g_fn[i], k_names[i]))

void a8_pathcalls_init(void)
{
    for (int i = 0; i < P_COUNT; i++)
        a8_glibc_fn(&g_fn[i], k_names[i]);
}

/* open's mode argument is there when the flags create a file. */
static bool takes_mode(int flags) { return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE; }

static int do_openat(const void *ret, const char *name, int dirfd, const char *path, int flags,
                     mode_t mode, int i)
{
    typedef int (*at_fn)(int, const char *, int, ...);
    typedef int (*fn)(const char *, int, ...);
    a8_check_cstring(ret, path, name);
    void *f = __atomic_load_n(&g_fn[i], __ATOMIC_ACQUIRE);
    if (!f) /* before a8_pathcalls_init: alloc8's own start-up, say */
        return (int)syscall(SYS_openat, dirfd, path, flags, mode);
    return i == P_OPENAT ? ((at_fn)f)(dirfd, path, flags, mode) : ((fn)f)(path, flags, mode);
}

/* The mode of a variadic open, when its flags say there is one. */
#define OPEN_MODE(flags, last)                                                                     \
    mode_t mode = 0;                                                                               \
    if (takes_mode(flags)) {                                                                       \
        va_list ap;                                                                                \
        va_start(ap, last);                                                                        \
        mode = (mode_t)va_arg(ap, int);                                                            \
        va_end(ap);                                                                                \
    }

A8_EXPORT int open(const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    return do_openat(A8_CALLER, "open", AT_FDCWD, path, flags, mode, P_OPEN);
}

A8_EXPORT int open64(const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    return do_openat(A8_CALLER, "open64", AT_FDCWD, path, flags, mode, P_OPEN);
}

A8_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    return do_openat(A8_CALLER, "openat", dirfd, path, flags, mode, P_OPENAT);
}

A8_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    return do_openat(A8_CALLER, "openat64", dirfd, path, flags, mode, P_OPENAT);
}

static int do_creat(const void *ret, const char *name, const char *path, mode_t mode)
{
    a8_check_cstring(ret, path, name);
    int (*f)(const char *, mode_t) = __atomic_load_n(&g_fn[P_CREAT], __ATOMIC_ACQUIRE);
    if (!f)
        return (int)syscall(SYS_openat, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    return f(path, mode);
}

A8_EXPORT int creat(const char *path, mode_t mode)
{
    return do_creat(A8_CALLER, "creat", path, mode);
}

A8_EXPORT int creat64(const char *path, mode_t mode)
{
    return do_creat(A8_CALLER, "creat64", path, mode);
}

/* The _FORTIFY_SOURCE entries open calls when its flags are not constant:
 * glibc's own stops a program that asks to create without a mode. */
A8_EXPORT int __open_2(const char *path, int flags)
{
    a8_check_cstring(A8_CALLER, path, "__open_2");
    return REAL(P_OPEN_2, int (*)(const char *, int))(path, flags);
}

A8_EXPORT int __open64_2(const char *path, int flags)
{
    a8_check_cstring(A8_CALLER, path, "__open64_2");
    return REAL(P_OPEN_2, int (*)(const char *, int))(path, flags);
}

A8_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
    a8_check_cstring(A8_CALLER, path, "__openat_2");
    return REAL(P_OPENAT_2, int (*)(int, const char *, int))(dirfd, path, flags);
}

A8_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
    a8_check_cstring(A8_CALLER, path, "__openat64_2");
    return REAL(P_OPENAT_2, int (*)(int, const char *, int))(dirfd, path, flags);
}

/* ---- calls that take one or two paths and numbers -------------------------- */

/* The body of an entry whose string arguments s... are each read to their
 * NUL, then handed on with the rest. */
#define PATHS1(i, type, a, ...)                                                                    \
    a8_check_cstring(A8_CALLER, a, k_names[i]);                                                    \
    return REAL(i, type)(__VA_ARGS__)
#define PATHS2(i, type, a, b, ...)                                                                 \
    a8_check_cstring(A8_CALLER, a, k_names[i]);                                                    \
    a8_check_cstring(A8_CALLER, b, k_names[i]);                                                    \
    return REAL(i, type)(__VA_ARGS__)

A8_EXPORT int mknod(const char *path, mode_t mode, dev_t dev)
{
    PATHS1(P_MKNOD, int (*)(const char *, mode_t, dev_t), path, path, mode, dev);
}

A8_EXPORT int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
    PATHS1(P_MKNODAT, int (*)(int, const char *, mode_t, dev_t), path, dirfd, path, mode, dev);
}

A8_EXPORT int mkfifoat(int dirfd, const char *path, mode_t mode)
{
    PATHS1(P_MKFIFOAT, int (*)(int, const char *, mode_t), path, dirfd, path, mode);
}

A8_EXPORT long pathconf(const char *path, int name)
{
    PATHS1(P_PATHCONF, long (*)(const char *, int), path, path, name);
}

A8_EXPORT int euidaccess(const char *path, int how)
{
    PATHS1(P_EUIDACCESS, int (*)(const char *, int), path, path, how);
}

A8_EXPORT int eaccess(const char *path, int how)
{
    PATHS1(P_EACCESS, int (*)(const char *, int), path, path, how);
}

A8_EXPORT int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
    PATHS1(P_INOTIFY_ADD_WATCH, int (*)(int, const char *, uint32_t), path, fd, path, mask);
}

A8_EXPORT int access(const char *path, int how)
{
    PATHS1(P_ACCESS, int (*)(const char *, int), path, path, how);
}

A8_EXPORT int faccessat(int dirfd, const char *path, int how, int flags)
{
    PATHS1(P_FACCESSAT, int (*)(int, const char *, int, int), path, dirfd, path, how, flags);
}

A8_EXPORT int unlink(const char *path) { PATHS1(P_UNLINK, int (*)(const char *), path, path); }

A8_EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
    PATHS1(P_UNLINKAT, int (*)(int, const char *, int), path, dirfd, path, flags);
}

A8_EXPORT int rmdir(const char *path) { PATHS1(P_RMDIR, int (*)(const char *), path, path); }

A8_EXPORT int mkdir(const char *path, mode_t mode)
{
    PATHS1(P_MKDIR, int (*)(const char *, mode_t), path, path, mode);
}

A8_EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
    PATHS1(P_MKDIRAT, int (*)(int, const char *, mode_t), path, dirfd, path, mode);
}

A8_EXPORT int rename(const char *from, const char *to)
{
    PATHS2(P_RENAME, int (*)(const char *, const char *), from, to, from, to);
}

A8_EXPORT int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    PATHS2(P_RENAMEAT, int (*)(int, const char *, int, const char *), from, to, fromfd, from, tofd,
           to);
}

A8_EXPORT int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags)
{
    PATHS2(P_RENAMEAT2, int (*)(int, const char *, int, const char *, unsigned), from, to, fromfd,
           from, tofd, to, flags);
}

A8_EXPORT int link(const char *from, const char *to)
{
    PATHS2(P_LINK, int (*)(const char *, const char *), from, to, from, to);
}

A8_EXPORT int linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
    PATHS2(P_LINKAT, int (*)(int, const char *, int, const char *, int), from, to, fromfd, from,
           tofd, to, flags);
}

A8_EXPORT int symlink(const char *target, const char *path)
{
    PATHS2(P_SYMLINK, int (*)(const char *, const char *), target, path, target, path);
}

A8_EXPORT int symlinkat(const char *target, int dirfd, const char *path)
{
    PATHS2(P_SYMLINKAT, int (*)(const char *, int, const char *), target, path, target, dirfd,
           path);
}

A8_EXPORT int chdir(const char *path) { PATHS1(P_CHDIR, int (*)(const char *), path, path); }

A8_EXPORT int chroot(const char *path) { PATHS1(P_CHROOT, int (*)(const char *), path, path); }

A8_EXPORT int chmod(const char *path, mode_t mode)
{
    PATHS1(P_CHMOD, int (*)(const char *, mode_t), path, path, mode);
}

A8_EXPORT int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
    PATHS1(P_FCHMODAT, int (*)(int, const char *, mode_t, int), path, dirfd, path, mode, flags);
}

A8_EXPORT int chown(const char *path, uid_t uid, gid_t gid)
{
    PATHS1(P_CHOWN, int (*)(const char *, uid_t, gid_t), path, path, uid, gid);
}

A8_EXPORT int lchown(const char *path, uid_t uid, gid_t gid)
{
    PATHS1(P_LCHOWN, int (*)(const char *, uid_t, gid_t), path, path, uid, gid);
}

A8_EXPORT int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
    PATHS1(P_FCHOWNAT, int (*)(int, const char *, uid_t, gid_t, int), path, dirfd, path, uid, gid,
           flags);
}

A8_EXPORT int truncate(const char *path, off_t len)
{
    PATHS1(P_TRUNCATE, int (*)(const char *, off_t), path, path, len);
}

A8_EXPORT int truncate64(const char *path, off_t len)
{
    a8_check_cstring(A8_CALLER, path, "truncate64");
    return REAL(P_TRUNCATE, int (*)(const char *, off_t))(path, len);
}

A8_EXPORT int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    PATHS1(P_UTIMENSAT, int (*)(int, const char *, const struct timespec *, int), path, dirfd, path,
           times, flags);
}

A8_EXPORT int mkfifo(const char *path, mode_t mode)
{
    PATHS1(P_MKFIFO, int (*)(const char *, mode_t), path, path, mode);
}

/* ---- stdio and the rest of the C library -------------------------------------- */

typedef FILE *(*fopen_fn)(const char *, const char *);
typedef FILE *(*freopen_fn)(const char *, const char *, FILE *);

A8_EXPORT FILE *fopen(const char *path, const char *mode)
{
    PATHS2(P_FOPEN, fopen_fn, path, mode, path, mode);
}

A8_EXPORT FILE *fopen64(const char *path, const char *mode)
{
    a8_check_cstring(A8_CALLER, path, "fopen64");
    a8_check_cstring(A8_CALLER, mode, "fopen64");
    return REAL(P_FOPEN, fopen_fn)(path, mode);
}

/* A NULL path: the same file in another mode. */
A8_EXPORT FILE *freopen(const char *path, const char *mode, FILE *fp)
{
    PATHS2(P_FREOPEN, freopen_fn, path, mode, path, mode, fp);
}

A8_EXPORT FILE *freopen64(const char *path, const char *mode, FILE *fp)
{
    a8_check_cstring(A8_CALLER, path, "freopen64");
    a8_check_cstring(A8_CALLER, mode, "freopen64");
    return REAL(P_FREOPEN, freopen_fn)(path, mode, fp);
}

A8_EXPORT FILE *fdopen(int fd, const char *mode)
{
    PATHS1(P_FDOPEN, FILE * (*)(int, const char *), mode, fd, mode);
}

A8_EXPORT FILE *popen(const char *command, const char *mode)
{
    PATHS2(P_POPEN, fopen_fn, command, mode, command, mode);
}

A8_EXPORT DIR *opendir(const char *path) { PATHS1(P_OPENDIR, DIR * (*)(const char *), path, path); }

A8_EXPORT int remove(const char *path) { PATHS1(P_REMOVE, int (*)(const char *), path, path); }

/* A NULL command asks whether there is a shell. */
A8_EXPORT int system(const char *command)
{
    PATHS1(P_SYSTEM, int (*)(const char *), command, command);
}

A8_EXPORT int mkstemp(char *tmpl) { PATHS1(P_MKSTEMP, int (*)(char *), tmpl, tmpl); }

A8_EXPORT int mkstemps(char *tmpl, int suffixlen)
{
    PATHS1(P_MKSTEMPS, int (*)(char *, int), tmpl, tmpl, suffixlen);
}

A8_EXPORT int mkostemps(char *tmpl, int suffixlen, int flags)
{
    PATHS1(P_MKOSTEMPS, int (*)(char *, int, int), tmpl, tmpl, suffixlen, flags);
}

A8_EXPORT int mkostemp(char *tmpl, int flags)
{
    PATHS1(P_MKOSTEMP, int (*)(char *, int), tmpl, tmpl, flags);
}

A8_EXPORT int mkstemp64(char *tmpl)
{
    a8_check_cstring(A8_CALLER, tmpl, "mkstemp64");
    return REAL(P_MKSTEMP, int (*)(char *))(tmpl);
}

A8_EXPORT int mkostemp64(char *tmpl, int flags)
{
    a8_check_cstring(A8_CALLER, tmpl, "mkostemp64");
    return REAL(P_MKOSTEMP, int (*)(char *, int))(tmpl, flags);
}

A8_EXPORT char *mkdtemp(char *tmpl) { PATHS1(P_MKDTEMP, char *(*)(char *), tmpl, tmpl); }

/* ---- the exec family and posix_spawn: argv and envp --------------------------- */

enum {
    VEC_CHUNK = 32,        /* pointers fetched at a time */
    VEC_MAX = 1 << 21 >> 3 /* ARG_MAX's bytes in pointers: no kernel takes more */
};

/* Whether vector entry s, now checked to its NUL, is the one that defines
 * name (len bytes, then '='): where a lookup stops (NULL name: nowhere). */
static bool vec_entry(const void *ret, const char *s, const char *name, size_t len, const char *fn)
{
    a8_check_cstring(ret, s, fn);
    return name && !a8_strncmp(s, name, len) && s[len] == '=';
}

/* Checks what the call reads of vector v (argv, envp or environ): its
 * pointers to and including the NULL, then each string to its NUL; with a
 * name, only up to the entry that defines it (getenv's walk). */
static void vec_read_until(const void *ret, char *const *v, const char *name, size_t len,
                           const char *fn)
{
    if (!v || !a8_call_checked(ret))
        return;
    int saved = errno;
    size_t room = a8_checker_room(v);
    if (room != SIZE_MAX) { /* in the heap: never past its block */
        size_t words = room / sizeof *v, k = 0;
        while (k < words && v[k] && !vec_entry(ret, v[k], name, len, fn))
            k++;
        /* No NULL in the block (or a freed one): the next word is read.
         * NOFAULT: a closed page there is reported here, and opened. */
        if (k == words)
            a8_checker_access(v, (words + 1) * sizeof *v, A8_ACC_NOFAULT, fn);
        errno = saved;
        return;
    }
    char *buf[VEC_CHUNK];
    for (size_t i = 0; i < VEC_MAX; i += VEC_CHUNK) {
        size_t k = VEC_CHUNK;
        while (k && !a8_fetch(buf, v + i, k * sizeof *v))
            k /= 2; /* the NULL may lie before the unreadable part */
        for (size_t j = 0; j < k; j++) {
            if (!buf[j] || vec_entry(ret, buf[j], name, len, fn)) {
                errno = saved;
                return;
            }
        }
        if (k < VEC_CHUNK)
            break; /* unreadable: the call fails (EFAULT) */
    }
    errno = saved;
}

static void vec_read(const void *ret, char *const *v, const char *fn)
{
    vec_read_until(ret, v, NULL, 0, fn);
}

static int do_execve(const void *ret, const char *fn, int i, const char *path, char *const argv[],
                     char *const envp[])
{
    a8_check_cstring(ret, path, fn);
    vec_read(ret, argv, fn);
    vec_read(ret, i == P_EXECV || i == P_EXECVP ? environ : envp, fn); /* execv: the caller's */
    switch (i) {
    case P_EXECV:
        return REAL(P_EXECV, int (*)(const char *, char *const *))(path, argv);
    case P_EXECVP:
        return REAL(P_EXECVP, int (*)(const char *, char *const *))(path, argv);
    case P_EXECVPE:
        return REAL(P_EXECVPE, int (*)(const char *, char *const *, char *const *))(path, argv,
                                                                                    envp);
    default:
        return REAL(P_EXECVE, int (*)(const char *, char *const *, char *const *))(path, argv,
                                                                                   envp);
    }
}

A8_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
    return do_execve(A8_CALLER, "execve", P_EXECVE, path, argv, envp);
}

A8_EXPORT int execv(const char *path, char *const argv[])
{
    return do_execve(A8_CALLER, "execv", P_EXECV, path, argv, NULL);
}

A8_EXPORT int execvp(const char *file, char *const argv[])
{
    return do_execve(A8_CALLER, "execvp", P_EXECVP, file, argv, NULL);
}

A8_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
    return do_execve(A8_CALLER, "execvpe", P_EXECVPE, file, argv, envp);
}

A8_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
    vec_read(A8_CALLER, argv, "fexecve");
    vec_read(A8_CALLER, envp, "fexecve");
    return REAL(P_FEXECVE, int (*)(int, char *const *, char *const *))(fd, argv, envp);
}

/* execl, execlp and execle: the arguments after arg to the NULL become an
 * argv on this stack, as glibc makes it, and go to the v-form; execle's
 * envp follows the NULL (with_env: taken only there). */
#define LIST_ARGV(arg, argv, envp, with_env)                                                       \
    size_t argc = 1;                                                                               \
    va_list ap;                                                                                    \
    va_start(ap, arg);                                                                             \
    while (va_arg(ap, const char *))                                                               \
        argc++;                                                                                    \
    va_end(ap);                                                                                    \
    char *argv[argc + 1];                                                                          \
    argv[0] = (char *)(arg);                                                                       \
    va_start(ap, arg);                                                                             \
    for (size_t k = 1; k <= argc; k++)                                                             \
        argv[k] = va_arg(ap, char *);                                                              \
    char *const *envp = (with_env) ? va_arg(ap, char *const *) : NULL;                             \
    va_end(ap)

A8_EXPORT int execl(const char *path, const char *arg, ...)
{
    LIST_ARGV(arg, argv, envp, false);
    return do_execve(A8_CALLER, "execl", P_EXECV, path, argv, envp);
}

A8_EXPORT int execlp(const char *file, const char *arg, ...)
{
    LIST_ARGV(arg, argv, envp, false);
    return do_execve(A8_CALLER, "execlp", P_EXECVP, file, argv, envp);
}

A8_EXPORT int execle(const char *path, const char *arg, ...)
{
    LIST_ARGV(arg, argv, envp, true);
    return do_execve(A8_CALLER, "execle", P_EXECVE, path, argv, envp);
}

typedef int (*spawn_fn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                        const posix_spawnattr_t *, char *const *, char *const *);

static int do_spawn(const void *ret, int i, pid_t *pid, const char *path,
                    const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
                    char *const argv[], char *const envp[])
{
    a8_check_cstring(ret, path, k_names[i]);
    vec_read(ret, argv, k_names[i]);
    vec_read(ret, envp, k_names[i]);
    return REAL(i, spawn_fn)(pid, path, fa, attr, argv, envp);
}

A8_EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
                          const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return do_spawn(A8_CALLER, P_POSIX_SPAWN, pid, path, fa, attr, argv, envp);
}

A8_EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
                           const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return do_spawn(A8_CALLER, P_POSIX_SPAWNP, pid, file, fa, attr, argv, envp);
}

/* posix_spawn's file actions: the C library copies these paths when the
 * action is added (its own strdup, not checked), so they are read here. */
A8_EXPORT int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *fa, int fd,
                                               const char *path, int oflag, mode_t mode)
{
    PATHS1(P_SPAWN_ADDOPEN, int (*)(posix_spawn_file_actions_t *, int, const char *, int, mode_t),
           path, fa, fd, path, oflag, mode);
}

A8_EXPORT int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *fa, const char *path)
{
    PATHS1(P_SPAWN_ADDCHDIR, int (*)(posix_spawn_file_actions_t *, const char *), path, fa, path);
}

/* ---- the environment: getenv, setenv, unsetenv, putenv ------------------------- */

/* putenv keeps the program's own string in environ: a string freed after
 * it, or one with no NUL in its block, is read by every later lookup that
 * reaches it (CERT POS34-C; valgrind reports the read inside getenv).  So
 * each call is checked for the environment strings it reads: its own
 * arguments, then environ's entries in order, each to its NUL, up to the
 * one that defines name (len bytes, then '='), or all of them (name NULL:
 * setenv, unsetenv and putenv look at every entry).  environ itself, once
 * setenv or putenv has grown it, is a block of the heap: read no further
 * than its end, as argv is (vec_read_until). */

/* A name's length up to its end or its '=' (no entry can match past it). */
static size_t env_name_len(const char *name)
{
    size_t n = 0;
    while (name[n] && name[n] != '=')
        n++;
    return n;
}

static char *do_getenv(const void *ret, int i, const char *name)
{
    if (name && a8_call_checked(ret)) {
        a8_check_cstring(ret, name, k_names[i]);
        vec_read_until(ret, environ, name, env_name_len(name), k_names[i]);
    }
    return REAL(i, char *(*)(const char *))(name);
}

A8_EXPORT char *getenv(const char *name) { return do_getenv(A8_CALLER, P_GETENV, name); }

A8_EXPORT char *secure_getenv(const char *name)
{
    return do_getenv(A8_CALLER, P_SECURE_GETENV, name);
}

A8_EXPORT int setenv(const char *name, const char *value, int overwrite)
{
    const void *ret = A8_CALLER;
    a8_check_cstring(ret, name, "setenv");
    a8_check_cstring(ret, value, "setenv");
    vec_read(ret, environ, "setenv");
    return REAL(P_SETENV, int (*)(const char *, const char *, int))(name, value, overwrite);
}

A8_EXPORT int unsetenv(const char *name)
{
    const void *ret = A8_CALLER;
    a8_check_cstring(ret, name, "unsetenv");
    vec_read(ret, environ, "unsetenv");
    return REAL(P_UNSETENV, int (*)(const char *))(name);
}

A8_EXPORT int putenv(char *string)
{
    const void *ret = A8_CALLER;
    a8_check_cstring(ret, string, "putenv");
    vec_read(ret, environ, "putenv");
    return REAL(P_PUTENV, int (*)(char *))(string);
}
