/* core.h — what every alloc8 layer shares: the per-thread re-entrancy guard,
 * the internal arena, the allocation-free formatter, the log sink, locks and
 * the option table.
 *
 * Everything declared here may run inside malloc: nothing in core/ calls libc
 * allocation, stdio or snprintf.  Internal calls return 0 or -errno.
 */
#ifndef ALLOC8_CORE_H
#define ALLOC8_CORE_H

/* A8_STATIC=1: the link-time library for statically linked programs
 * (liballoc8-static.a, see the Makefile): no dlopen/dlsym, glibc's originals
 * by their internal names, no glibc heap behind alloc8's. */
#ifndef A8_STATIC
#define A8_STATIC 0
#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#define A8_LIKELY(x) __builtin_expect(!!(x), 1)
#define A8_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define A8_EXPORT __attribute__((visibility("default")))
#define A8_COLD __attribute__((cold, noinline))
#define A8_NOINLINE __attribute__((noinline))
#define A8_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- per-thread state (core/tls.c) ------------------------------------
 * One initial-exec TLS block per thread.  `depth` is volatile: glibc marks
 * functions such as dlsym `leaf`, and GCC would otherwise move a plain
 * counter update across the call (DESIGN.md §6). */
struct alloc8_req;
/* One of alloc8's C++ operators is running the program's own operator
 * (interpose/cxx.c).  Under a new: the latest allocations made meanwhile,
 * so the block the program's operator returns can be recorded as the
 * operator's call.  Under a delete: the free of free_p is that operator's
 * call (entry.c applies it). */
#define A8_FWD_GOT 4
struct a8_fwd {
    const struct alloc8_req *new_req, *free_req;
    void *free_p;
    void *got[A8_FWD_GOT]; /* ring: got[ngot % A8_FWD_GOT] is the next slot */
    unsigned ngot;
};
struct a8_tls {
    volatile int depth; /* > 0: inside alloc8 → internal arena */
    uint32_t tid;       /* small thread id, T0 = main; 0 until known */
    uint32_t tid_valid; /* 1 once tid is assigned */
    int thread_ended;   /* the heap's thread_exit hook already ran */
    void *heap_tls;     /* the active heap's per-thread pointer */
    struct a8_fwd fwd;
    size_t quiet_size; /* nonzero: a failure of this size was warned of already (cxx.c) */
    unsigned faults;   /* guard-page faults of this thread reported (checker/strmem.c) */
    /* A name reported at a lookup's call (getpwnam_r, ...): its bytes
     * [lo, hi) are not reported again by the checked calls of the lookup's
     * own modules (NSS) until it returns (checker/printfs.c). */
    uintptr_t call_quiet_lo, call_quiet_hi;
    /* Heap operations of this thread in progress (interpose/entry.c): an
     * allocation call that comes in meanwhile, the guard down, is a signal
     * handler's.  in_heap_call: the outermost one's call. */
    int in_heap;
    int in_heap_call;
    volatile int sig_pending; /* a handler's call waits in sigq */
    struct a8_sigq *sigq;     /* its queue, mapped at the first (entry.c) */
    int int_locked;           /* this thread holds the internal arena's lock */
};
extern __thread struct a8_tls a8_tls __attribute__((tls_model("initial-exec")));

static inline void a8_guard_enter(void) { a8_tls.depth = a8_tls.depth + 1; }
static inline void a8_guard_leave(void) { a8_tls.depth = a8_tls.depth - 1; }
static inline bool a8_guarded(void) { return a8_tls.depth != 0; }
/* This thread is inside alloc8: its guard is raised, a heap operation is in
 * progress or it holds the internal arena's lock.  A signal handler that
 * finds it so interrupted alloc8, whose locks the thread may hold: it must
 * take none of them (a check that waits for one would wait forever). */
static inline bool a8_inside(void) { return a8_tls.depth || a8_tls.in_heap || a8_tls.int_locked; }
/* This thread's small id (T0, T1, …), assigned on first use. */
uint32_t a8_thread_id(void);

/* ---- locks (core/lock.c) -----------------------------------------------
 * A small spin-then-futex mutex that never allocates and can be re-armed in
 * a fork child.  Lock ranks (take lower first) are listed in checker/heap.c. */
typedef struct a8_lock {
    volatile int state; /* 0 free, 1 locked, 2 locked with waiters */
} a8_lock_t;
#define A8_LOCK_INIT                                                                               \
    {                                                                                              \
        0                                                                                          \
    }

/* glibc (2.32+) clears __libc_single_threaded when the process first creates
 * a thread, by any of its pthread_create paths, and never sets it again in
 * that process.  Weak: with an older libc, "threaded". */
extern char __libc_single_threaded __attribute__((weak));
static inline bool a8_single_threaded(void)
{
    return &__libc_single_threaded != NULL &&
           __atomic_load_n(&__libc_single_threaded, __ATOMIC_RELAXED);
}

/* lock.c: the paths that wait, spin or wake. */
void a8_lock_contended(a8_lock_t *l);
void a8_unlock_threaded(a8_lock_t *l);

/* The uncontended cases inline (lock.c's comment says why the
 * single-threaded ones are plain stores): a malloc/free pair takes four. */
static inline void a8_lock(a8_lock_t *l)
{
    if (A8_LIKELY(a8_single_threaded() && l->state == 0)) {
        /* Compiler barrier only: no other thread can see the word. */
        __atomic_store_n(&l->state, 1, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        return;
    }
    int c = 0;
    if (A8_LIKELY(__atomic_compare_exchange_n(&l->state, &c, 1, false, __ATOMIC_ACQUIRE,
                                              __ATOMIC_RELAXED)))
        return;
    a8_lock_contended(l);
}

static inline void a8_unlock(a8_lock_t *l)
{
    if (A8_LIKELY(a8_single_threaded())) {
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        __atomic_store_n(&l->state, 0, __ATOMIC_RELAXED);
        return;
    }
    a8_unlock_threaded(l);
}
/* Takes the lock if it is free; never waits (signal handlers use it). */
static inline bool a8_trylock(a8_lock_t *l)
{
    int c = 0;
    return __atomic_compare_exchange_n(&l->state, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}
static inline void a8_lock_reinit(a8_lock_t *l) { l->state = 0; }

/* ---- internal arena (core/intalloc.c) ----------------------------------
 * Memory for alloc8 itself and for everything that allocates while the guard
 * is raised (libdw, libunwind, dlsym) or before initialisation completes (the
 * bootstrap).  Never checked, never reported.  One reserved address range, so
 * a8_int_owns() is a range test. */
void *a8_int_alloc(size_t size, size_t align);
void *a8_int_calloc(size_t nmemb, size_t size);
void *a8_int_realloc(void *p, size_t size);
void a8_int_free(void *p);
size_t a8_int_usable(const void *p);
bool a8_int_owns(const void *p);
void a8_int_fork_prepare(void);
void a8_int_fork_parent(void);
void a8_int_fork_child(void);
struct a8_int_stats {
    size_t reserved, committed, in_use, peak, allocs, frees;
};
void a8_int_stats(struct a8_int_stats *st);
/* The per-thread queues of a signal handler's calls (interpose/entry.c):
 * mapped at a thread's first such call, unmapped when it ends. */
void a8_sigq_thread_end(void);
void a8_sigq_stats(unsigned long *mapped, unsigned long *unmapped);

/* Page-granular memory straight from the kernel (never the heap), recorded
 * as alloc8's own (below). */
void *a8_pages_map(size_t size);
void a8_pages_unmap(void *p, size_t size);
/* alloc8's own memory outside the checker's heap region: a8_pages_map's
 * mappings, the internal arena's reservation and what a8_own_add records
 * (a helper thread's stack).  The leak check leaves them out when it scans
 * the program's anonymous memory.  a8_own_each says false when a range
 * could not be recorded (the table was full once). */
void a8_own_add(const void *p, size_t size);
void a8_own_del(const void *p);
bool a8_own_each(void (*fn)(uintptr_t lo, uintptr_t hi, void *ctx), void *ctx);
/* Fault in [p, p + size) for writing now, in one call.  A table that is
 * looked up before it is written takes two faults per page otherwise (the
 * read maps the zero page, the first write copies it and flushes the TLB of
 * every CPU the process runs on): python3's start-up took 2,300 of them. */
void a8_pages_populate(void *p, size_t size);
#define A8_MADV_POPULATE_WRITE 23 /* <linux/mman.h>, Linux 5.14 */

/* ---- formatting (core/fmt.c) -------------------------------------------
 * An allocation-free vsnprintf subset: %s %c %d %i %u %o %x %X %p %% with the
 * l, ll, z, j length modifiers, '-' and '0' flags, width and precision
 * (precision on %s limits the bytes read).  Always NUL-terminates when
 * size > 0; returns the length the full output would have. */
int a8_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int a8_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* write(2) until done or a hard error; keeps errno. */
void a8_write_all(int fd, const char *s, size_t n);
size_t a8_strlen(const char *s);
/* A hexadecimal digit's value (either case), or -1. */
static inline int a8_hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}
/* The hex digits in [s, e) (all of them, at least one, at most a
 * uintptr_t's worth) into *v; false otherwise. */
bool a8_parse_hex(const char *s, const char *e, uintptr_t *v);
/* The part of a path after its last '/' (all of it when there is none). */
static inline const char *a8_basename(const char *path)
{
    const char *b = path;
    for (; *path; path++)
        if (*path == '/')
            b = path + 1;
    return b;
}
int a8_strcmp(const char *a, const char *b);
int a8_strncmp(const char *a, const char *b, size_t n);
void a8_strlcpy(char *dst, const char *src, size_t size);
int a8_parse_u64(const char *s, size_t n, uint64_t *out); /* 0 / -EINVAL / -ERANGE */

/* ---- log sink (core/log.c) ---------------------------------------------
 * stderr, or `log_path`.<pid> opened on first use (again after fork). */
void a8_log_raw(const char *s, size_t n);
void a8_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line to stderr prefixed "alloc8: " — for option and set-up messages. */
void a8_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Between a8_log_hold(true) and a8_log_hold(false) (the report lock's
 * holder, while it writes a report) this thread's notes are held, then
 * written after the report. */
void a8_log_hold(bool on);
void a8_log_after_fork_child(void);
int a8_log_fd(void);
/* Keep a copy of fd 2 as it is now, for stderr's lines (log.c's head says
 * why).  The checker calls it once at start-up. */
void a8_log_keep_stderr(void);
void a8_log_keep_name(void); /* log_exe_name's program name, at start-up (log.c) */
/* Whether this program was started by another one under alloc8: the parent
 * process has alloc8's library loaded (its /proc maps; false when they
 * cannot be read).  A fork child that has not called exec is the same
 * program: false.  Asked at exit; the answer is kept (log.c). */
bool a8_run_by_alloc8(void);
/* Whether this process is a fork child of the one that loaded alloc8 (no
 * exec since). */
bool a8_forked(void);
/* A clean run's SUMMARY line is left out: the program was started by one
 * under alloc8 and its lines go to a pipe or file that one may read (log.c). */
bool a8_log_quiet_child(void);

/* ---- options (core/options.c, core/options.def) ------------------------ */
enum a8_opt_type { A8_OPT_BOOL, A8_OPT_INT, A8_OPT_STR };
#define A8_OPT_STR_MAX 256

struct a8_options {
#define A8_OPT_bool(name, def, help) bool name;
#define A8_OPT_int(name, def, min, max, help) long long name;
#define A8_OPT_str(name, def, help) char name[A8_OPT_STR_MAX];
#include "options.def"
#undef A8_OPT_bool
#undef A8_OPT_int
#undef A8_OPT_str
};
extern struct a8_options a8_opt;

/* Reset every option to its default. */
void a8_opt_defaults(struct a8_options *o);
/* Parse "k=v:k=v" into *o.  Each problem gives one line through `note`
 * (NULL: a8_note) and the value kept.  Returns the number of problems. */
int a8_opt_parse(struct a8_options *o, const char *s, void (*note)(const char *fmt, ...));
/* Print every option, its default and its help to fd. */
void a8_opt_print_help(int fd);
/* The same as a Markdown table (README). */
void a8_opt_print_markdown(int fd);
/* Read ALLOC8_OPTIONS (ignored in secure-execution processes). */
void a8_opt_load_env(void);

/* ---- entry point names (core/calls.c) ---------------------------------- */
/* "malloc", "operator new[]", ... for an enum alloc8_call value. */
const char *a8_call_name(int call);

/* ---- process facts (core/proc.c) --------------------------------------- */
pid_t a8_getpid(void);
/* /proc/thread-self/NAME (or /proc/self/NAME before Linux 3.17), opened
 * read-only: once the main thread has called pthread_exit, /proc/self's
 * maps read empty and its exe link fails, as they describe the main
 * thread's (gone) memory. */
int a8_proc_open(const char *name);
/* Reads fd to its end or until buf is full (size - 1 bytes, NUL added),
 * retrying EINTR; the bytes read.  Allocation-free. */
size_t a8_read_all(int fd, char *buf, size_t size);
/* Where alloc8 puts descriptors it keeps when they cannot go above the
 * soft limit (a8_fd_move_up), as fcntl F_DUPFD's floor: high, out of the
 * way of a program that counts on the lowest free number (open after
 * close(3) giving 3) or closes every descriptor above 2 and opens its own:
 * three quarters of the descriptor limit, at most 1000. */
int a8_fd_floor(void);
/* A program that has used every descriptor its limit allows (a server at
 * EMFILE, one that leaks descriptors, a sandbox that lowered the limit)
 * must still let alloc8 read /proc and open ELF files: a leak check
 * without the maps has no roots and would call every block lost.  Room
 * for one more descriptor comes from RLIMIT_NOFILE raised for one call
 * (the soft limit to the hard one, or both by 64 where the process may:
 * CAP_SYS_RESOURCE) and then put back (the descriptor stays valid past
 * the limit), or else from the reserve: a descriptor of alloc8's own,
 * high up (a8_fd_reserve_init, at start-up), closed for the call so that
 * its number is the one free, and made again once the number is free.
 * Neither under a seccomp filter. */
void a8_fd_reserve_init(void);
enum { A8_ROOM_NONE, A8_ROOM_RAISED, A8_ROOM_RESERVE, A8_ROOM_TAKEN };
struct a8_fd_room {
    struct rlimit saved;
    int how; /* A8_ROOM_*; TAKEN: the reserve's number is held, make it later */
};
/* Makes room (the reserve only when `reserve`) for a call that opens one
 * descriptor, inside libc too (pthread_getattr_np reads /proc/self/maps);
 * false when there is none to make (or another room is open).  end puts
 * the limit back, and makes the reserve again. */
bool a8_fd_room_begin(struct a8_fd_room *r, bool reserve);
void a8_fd_room_end(struct a8_fd_room *r);
/* open(), and when it fails with EMFILE once more with room made: for a
 * descriptor closed soon after (a /proc file, the frames cache).  errno
 * is the open's. */
int a8_open_room(const char *path, int flags, mode_t mode);
/* fd moved up (close-on-exec when asked), the old number closed: for a
 * descriptor alloc8 keeps open, so that the program's next open gets the
 * number it would without alloc8.  Up is above the soft descriptor limit
 * (up to a limit of 4096), with the limit raised for the call, so that a
 * program that checks every number below its limit sees none of alloc8's;
 * else at a8_fd_floor.  The same fd when it cannot be moved (or is < 0). */
int a8_fd_move_up(int fd, bool cloexec);
/* A close-on-exec copy of fd put up as a8_fd_move_up puts it; -1 when it
 * cannot be put there (the copy of stderr: no copy rather than a low one). */
int a8_fd_dup_high(int fd);
/* A file alloc8 keeps open (the symbolizer's ELF and debug files, the
 * log): opened close-on-exec, with room from a raised limit only (not the
 * reserve, which it would hold for good, until a8_fd_reserve_spend), then
 * a8_fd_move_up. */
int a8_open_kept(const char *path, int flags, mode_t mode);
/* The exit's leak scan is done: its report may spend the reserve on the
 * first file it must open. */
void a8_fd_reserve_spend(void);
/* The program's path, NUL-ended, from the thread-self exe link; its length,
 * or -1. */
long a8_proc_exe(char *buf, size_t size);
/* Calls fn(line, length without the newline, ctx) for each line read from
 * fd until fn returns true (then true); a line longer than 8 KiB is
 * skipped.  No allocation. */
bool a8_read_lines(int fd, bool (*fn)(const char *line, size_t len, void *ctx), void *ctx);
/* One line of a /proc maps file, "lo-hi perms offset dev inode path", as
 * a8_maps_parse reads it: perms is "rwxp" (a '-' where not), path points
 * into the line (path_len 0: an anonymous mapping). */
struct a8_maps_line {
    uintptr_t lo, hi;
    char perms[4];
    const char *path;
    size_t path_len;
};
/* False when the line does not have that shape. */
bool a8_maps_parse(const char *line, size_t len, struct a8_maps_line *m);
/* Whether the parent process has an executable mapping of a file whose
 * path ends with suffix (up to 512 bytes), i.e. has that library loaded (a
 * debugger's read-only mapping of it for its symbols does not count);
 * false when its /proc maps cannot be read (another user's, under a
 * seccomp filter). */
bool a8_parent_maps_exec(const char *suffix);
pid_t a8_gettid(void);
bool a8_secure_exec(void);
/* A seccomp filter (or strict mode) is in force, or the program is putting
 * one in (a8_sandboxed): system calls beyond the usual ones (io_uring,
 * clone) may kill the process, so leave them be. */
bool a8_seccomp_active(void);
/* The program has asked for a seccomp filter (interpose/sandbox.c saw the
 * prctl or seccomp call, before the kernel put it in force).  From then on
 * alloc8 makes only the system calls every allocator makes — mmap, munmap,
 * mprotect to read/write or none, madvise(MADV_DONTNEED), write — and no
 * others: no guard markers, populating, io_uring, core-dump advice, helper
 * thread or prctl. */
extern bool a8_sandbox_flag;
static inline bool a8_sandboxed(void)
{
    return __atomic_load_n(&a8_sandbox_flag, __ATOMIC_RELAXED);
}
void a8_sandbox_coming(const char *how);
/* Set by the heap: what to do while the calls a filter may forbid are still
 * allowed (the checker snapshots the loaded modules' paths). */
extern void (*a8_before_sandbox)(void);
/* CPUs this thread may run on (its affinity mask). */
int a8_cpus_available(void);
/* The bytes of address space a new mapping can still take under RLIMIT_AS
 * (ulimit -v), to within 1 MiB; SIZE_MAX when there is no limit.  Found by
 * trying PROT_NONE reservations (mmap and munmap only: callable inside
 * malloc), so it is what is left now, the process's own mappings counted. */
size_t a8_as_room(void);

#endif
