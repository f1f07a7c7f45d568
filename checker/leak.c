/* leak.c — the leak check: a conservative reachability scan of the checker
 * heap, classified as valgrind classifies leaks (README "Leaks", DESIGN §8).
 *
 * 1. Moment.  At exit from ck_at_exit (the on_exit handler registered at
 *    alloc8's initialisation, so it runs after the program's atexit handlers
 *    and static destructors), or from the program's _exit (exitfrom.c); on demand
 * (alloc8_leak_check*); from outside by leak_check_signal, which wakes a helper thread that runs
 * the check.
 * 2. Stop the world without ptrace.  With every arena lock held (so no
 *    block changes and no thread is inside the heap's critical sections),
 *    each other thread of /proc/self/task gets STOP_SIG by tgkill; its
 *    handler saves the interrupted registers, stack pointer and thread
 *    pointer into a slot, acknowledges and waits on a futex until released.
 *    The task list is read again until no new thread appears.  A zombie
 *    (a main thread that called pthread_exit) is skipped.  A thread that
 *    blocks STOP_SIG is not sent it (a sigwait for every signal would take
 *    it): after GRACE_MS still blocking, it is left running and scanned from
 *    the stack pointer of the system call it waits in (/proc/self/task/
 *    <tid>/syscall), the call's arguments counting as its registers; should
 *    it never wait, every thread stack is scanned whole.  A signalled thread
 *    that does not answer in STOP_TIMEOUT_MS (exiting, stuck in the kernel)
 *    is counted and the report says so.  SA_RESTART keeps most interrupted
 *    syscalls going.  STOP_SIG is SIGURG: ignored by default, and gdb and strace pass
 *    it without stopping; a SIGURG that is not ours goes to the program's
 *    handler.
 * 3. Roots: the writable PT_LOAD segments of every module but alloc8's own;
 *    every thread's stack from its stack pointer (less the 128-byte red
 *    zone) to the end of its mapping, and its registers; its static TLS and
 *    TCB (around the thread pointer) and its DTV; the resident pages of the
 *    program's anonymous mappings (scan_anon).  In a fork child of a process
 *    whose threads were running, the blocks from before the fork are roots
 *    (prefork_fn): the threads that held them did not come along.  The heap region and the
 *    memory alloc8 maps for itself are never roots.  Module ranges are
 *    taken before the world stops (dl_iterate_phdr takes the loader's lock)
 *    and clipped to what /proc/self/maps shows readable once it has stopped.
 * 4. Mark (valgrind's algorithm): a start pointer from a root or from a
 *    reachable block makes a block reachable; any other pointer (interior,
 *    or from a possibly-lost block) makes an unreached block possibly lost.
 *    Interior pointers that valgrind's default heuristics accept (newarray,
 *    length64, stdstring) count as start pointers.  Then every block still
 *    unreached leads a clique: what it reaches is indirectly lost and its
 *    size is added to the leader's; the leaders are definitely lost.  An
 *    explicit work stack in kernel pages, no recursion.  The state lives in
 *    bh_next of LIVE blocks and is reset to NULL before the locks go.
 * 5. Records: blocks grouped by (class, allocation stack) into loss records
 *    in kernel pages; the world resumes; reports/leak_report.c symbolizes,
 *    applies suppressions (checker/suppress.c) and prints.
 *
 * Locks: the leak lock (taken first, outside everything; re-armed in a fork
 * child), then every arena lock.  Nothing here allocates from the heap:
 * buffers come from a8_pages_map; the guard is raised throughout.  Never
 * runs inside malloc.
 */
#include "checker.h"
#include "leak.h"
#include "reports.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifdef A8_PREFIXED
#define A8_IS_PREFIXED 1
#else
#define A8_IS_PREFIXED 0
#endif

#define STOP_SIG SIGURG
#define STOP_TIMEOUT_MS 2000
#define GRACE_MS 20  /* a thread blocking STOP_SIG that long is scanned unstopped */
#define LOCATE_MS 50 /* how long to wait for such a thread to enter a system call */
#define MAX_WAITERS 1024
#define RED_ZONE 128  /* x86-64 ABI: leaf code may keep data below rsp */
#define TCB_SCAN 4096 /* bytes scanned above the thread pointer (struct pthread) */
#define MAX_TASKS 65536

/* bh_next states (LIVE blocks, during a scan only) */
#define ST_UNREACHED 0u
#define ST_REACHABLE 1u
#define ST_POSSIBLE 2u
#define ST_INDIRECT 3u
#define ST_LEADER 4u /* | leader index << 3 */

/* ---- growable arrays in kernel pages --------------------------------------- */

struct vec {
    char *p;
    size_t len, cap; /* elements */
    size_t esz;
};

static bool vec_grow(struct vec *v, size_t need)
{
    if (need <= v->cap)
        return true;
    size_t cap = v->cap ? v->cap : 4096 / v->esz;
    while (cap < need)
        cap *= 2;
    char *n = a8_pages_map(cap * v->esz);
    if (!n)
        return false;
    for (size_t i = 0; i < v->len * v->esz; i++)
        n[i] = v->p[i];
    if (v->p)
        a8_pages_unmap(v->p, v->cap * v->esz);
    v->p = n;
    v->cap = cap;
    return true;
}

static void *vec_push(struct vec *v)
{
    if (v->len == v->cap && !vec_grow(v, v->len + 1))
        return NULL;
    return v->p + v->esz * v->len++;
}

static void vec_free(struct vec *v)
{
    if (v->p)
        a8_pages_unmap(v->p, v->cap * v->esz);
    v->p = NULL;
    v->len = v->cap = 0;
}

struct range {
    uintptr_t lo, hi;
    bool anon; /* maps: anonymous read-write memory (a stack, its TLS, [heap]) */
};

/* A thread that blocks STOP_SIG (one that waits in sigwait for every
 * signal, say): not signalled, not stopped, its stack scanned from where it
 * waits in a system call (task_waiting). */
struct waiter {
    pid_t tid;
    bool final;       /* still blocking after GRACE_MS: given up on */
    uint64_t checked; /* when its status was last read */
    uintptr_t sp;     /* 0: not located */
    uintptr_t args[6];
};

struct slot {
    pid_t tid;
    volatile int ready;
    uintptr_t sp, tp;
    uintptr_t alt; /* its alternate signal stack (alt_stack) */
    uintptr_t regs[NGREG];
};

static struct {
    a8_lock_t lock;
    pid_t lock_pid; /* the process that holds it (fork re-arms) */
    bool have_tls_info;
    size_t tls_static; /* static TLS bytes below the thread pointer */
    uint64_t mark_seq; /* alloc8_leak_mark */
    /* the stop handshake */
    bool installed;
    struct sigaction old;
    volatile int active;
    volatile uint32_t gen; /* futex word: bumped to release */
    uint32_t nack, inside;
    struct slot *slots; /* nslots */
    uint32_t nslots;    /* MAX_TASKS, fewer under RLIMIT_AS (install_handler) */
    struct waiter waiters[MAX_WAITERS];
    size_t nwaiters;
    bool whole_stacks;       /* a waiter's stack pointer is unknown: scan every stack */
    struct range main_stack; /* the main thread's [stack] mapping */
    /* the signal-triggered check */
    int sig_pipe[2];
    pid_t helper_tid;    /* the leak_check_signal thread: never stopped, never scanned */
    uintptr_t helper_sp; /* an address on its stack */
    /* scan state, valid under the lock */
    uintptr_t rlo, rhi; /* the heap region */
    struct vec work;    /* struct a8_bh * */
    struct vec lives;   /* struct a8_bh *: every live block, in address order (each_live) */
    bool lives_ok;      /* lives holds them all: the passes after the scan walk it */
    struct vec leaders; /* uint64_t[2]: bytes, blocks */
    struct vec roots;   /* struct range: modules */
    struct vec maps;    /* struct range: readable mappings, merged */
    struct vec anon;    /* struct range: the program's anonymous read-write mappings */
    struct vec excl;    /* struct range: left out of those (alloc8's, modules', heap) */
    struct vec recs;    /* struct a8_leak_rec */
    /* The loader's code that allocates: ld.so's text, or in a static
     * program glibc's TLS functions (static_loader_ranges) */
    struct range ld[3];
    int nld;
    struct vec hash; /* int32_t record index + 1 */
    uint64_t scanned;
    long page;
    bool own_noted;
    bool no_vm_readv; /* process_vm_readv refused: read in place */
    int mem_fd;       /* /proc/self/mem in a fork child (vm_copy), else -1 */
} g_leak = {.lock = A8_LOCK_INIT, .sig_pipe = {-1, -1}, .mem_fd = -1};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- /proc/thread-self/maps --------------------------------------------------- */

/* Whether a maps line's path field names anonymous memory: none, the brk
 * heap, or a named anonymous mapping (PR_SET_VMA_ANON_NAME; glibc names its
 * own so), shared anonymous memory.  Files, device mappings, SysV shared
 * memory and the main thread's [stack] (scanned from its stack pointer) are
 * not (file_rw_path takes the files and shared memory). */
static bool anon_path(const char *s, const char *end)
{
    size_t n = (size_t)(end - s);
    return n == 0 || (n == 6 && a8_strncmp(s, "[heap]", 6) == 0) ||
           (n > 6 && a8_strncmp(s, "[anon:", 6) == 0) ||
           (n == 19 && a8_strncmp(s, "/dev/zero (deleted)", 19) == 0); /* MAP_SHARED */
}

/* A writable file mapping whose pages may hold the program's pointers, as
 * valgrind scans them: a file mapped read-write (HotSpot's class-data
 * archive, an mmap'ed data file; private or shared), POSIX or SysV shared
 * memory, a memfd.  Not a device's (/dev/…, but /dev/shm), not an
 * anon_inode's (io_uring's rings).  The modules' own writable segments are
 * mapped from their files too: scan_anon excludes them, roots already. */
static bool file_rw_path(const char *s, const char *end)
{
    size_t n = (size_t)(end - s);
    if (n == 0 || s[0] == '[')
        return false;
    if (n > 5 && a8_strncmp(s, "/dev/", 5) == 0)
        return n > 9 && a8_strncmp(s, "/dev/shm/", 9) == 0;
    return !(n > 11 && a8_strncmp(s, "anon_inode:", 11) == 0);
}

/* One line of /proc/self/maps, "lo-hi rwxp ... path", into g_leak. */
static bool maps_line(const char *line, size_t len, void *ctx)
{
    (void)ctx;
    struct a8_maps_line l;
    if (!a8_maps_parse(line, len, &l) || l.perms[0] != 'r')
        return false;
    const char *path = l.path, *end = l.path + l.path_len;
    bool stack = l.path_len == 7 && a8_strncmp(path, "[stack]", 7) == 0;
    bool anon_rw = l.perms[1] == 'w' && anon_path(path, end);
    bool file_rw = l.perms[1] == 'w' && !anon_rw && !stack && file_rw_path(path, end);
    struct range *r = vec_push(&g_leak.maps);
    if (r) {
        r->lo = l.lo;
        r->hi = l.hi;
        r->anon = anon_rw || stack;
    }
    if (stack)
        g_leak.main_stack = (struct range){l.lo, l.hi, true};
    if (anon_rw || file_rw) {
        struct range *a = vec_push(&g_leak.anon);
        if (a) {
            a->lo = l.lo;
            a->hi = l.hi;
        }
    }
    return false; /* every line */
}

/* Readable mappings, ascending, and the read-write ones among them that
 * scan_anon reads: anonymous, and files' (file_rw_path) (unmerged).  Read
 * while the world is stopped.  0, or the errno of a maps file that cannot
 * be opened. */
static int maps_read(void)
{
    g_leak.maps.esz = g_leak.anon.esz = sizeof(struct range);
    g_leak.maps.len = g_leak.anon.len = 0;
    g_leak.main_stack = (struct range){0, 0, false};
    int fd = a8_proc_open("maps");
    if (fd < 0)
        return errno ? errno : EIO;
    a8_read_lines(fd, maps_line, NULL);
    close(fd);
    /* Merge adjacent anonymous read-write mappings: a stack and its TLS may
     * be split.  Nothing else: a thread's stack is scanned to the end of its
     * range, and a file or device mapping next to it (io_uring's rings, a
     * file shorter than its mapping) is no root, and reading one can raise
     * SIGBUS. */
    struct range *m = (struct range *)g_leak.maps.p;
    size_t out = 0;
    for (size_t i = 0; i < g_leak.maps.len; i++) {
        if (out && m[out - 1].hi == m[i].lo && m[out - 1].anon && m[i].anon)
            m[out - 1].hi = m[i].hi;
        else
            m[out++] = m[i];
    }
    g_leak.maps.len = out;
    return 0;
}

static const struct range *map_of(uintptr_t p)
{
    const struct range *m = (const struct range *)g_leak.maps.p;
    size_t lo = 0, hi = g_leak.maps.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p < m[mid].lo)
            hi = mid;
        else if (p >= m[mid].hi)
            lo = mid + 1;
        else
            return &m[mid];
    }
    return NULL;
}

/* ---- marking ----------------------------------------------------------------- */

/* In a fork child the states go to a table of the scan's own instead
 * (side_begin): a write to a block's header copies its page, shared with
 * the parent until then, and a shell's $(...) subshells each copied every
 * page that held a live block.  Open addressing, at most half full; should
 * it fill (blocks allocated between the count and the scan), the rest go
 * to the header after all, where st_of finds them. */
static struct {
    uintptr_t *key, *val;
    size_t cap, used, bytes;
} g_side;

static inline size_t side_find(const struct a8_bh *h)
{
    uint64_t x = ((uintptr_t)h >> 4) * 0x9E3779B97F4A7C15ull;
    size_t k = (size_t)(x >> 29) & (g_side.cap - 1);
    while (g_side.key[k] && g_side.key[k] != (uintptr_t)h)
        k = (k + 1) & (g_side.cap - 1);
    return k;
}

static inline uintptr_t st_of(const struct a8_bh *h)
{
    if (g_side.key) {
        size_t k = side_find(h);
        if (g_side.key[k])
            return g_side.val[k];
    }
    return (uintptr_t)h->bh_next;
}

static inline void st_set(struct a8_bh *h, uintptr_t s)
{
    if (g_side.key) {
        size_t k = side_find(h);
        if (g_side.key[k] || g_side.used < g_side.cap / 2) {
            g_side.used += !g_side.key[k];
            g_side.key[k] = (uintptr_t)h;
            g_side.val[k] = s;
            return;
        }
    }
    h->bh_next = (struct a8_bh *)s;
}

/* The header's field again (NULL for a LIVE block), written only where a
 * state went to it. */
static inline void st_clear(struct a8_bh *h)
{
    if (h->bh_next)
        h->bh_next = NULL;
}

/* Up to this many live blocks (32 MiB of table) the side table is used. */
enum { SIDE_MAX_BLOCKS = 1u << 20 };

static void side_begin(size_t blocks)
{
    if (!a8_forked() || blocks > SIDE_MAX_BLOCKS)
        return;
    size_t cap = 1024;
    while (cap < 2 * (blocks + 1024))
        cap *= 2;
    uintptr_t *t = a8_pages_map(2 * cap * sizeof *t);
    if (!t)
        return;
    g_side = (typeof(g_side)){t, t + cap, cap, 0, 2 * cap * sizeof *t};
}

static void side_end(void)
{
    if (g_side.key)
        a8_pages_unmap(g_side.key, g_side.bytes);
    g_side = (typeof(g_side)){0};
}

static void push(struct a8_bh *h)
{
    struct a8_bh **e = vec_push(&g_leak.work);
    if (e)
        *e = h;
}

/* A block's words are taken in 8-byte steps from its own start: a guarded
 * block with guard_align below 8 starts at any address, and the pointers
 * the program keeps in it are aligned to its start, not to 8. */
typedef uintptr_t __attribute__((aligned(1), may_alias)) block_word;

/* valgrind's default heuristics: interior pointers that are really the
 * start of what the program uses. */
static bool heuristic_start(const struct a8_bh *h, uintptr_t p)
{
    uintptr_t u = a8_bh_user(h);
    size_t sz = h->bh_size;
    const block_word *w = (const block_word *)u;
    if (p == u + 8 && sz >= 8) {
        /* length64: the first word holds the size of what follows */
        if (w[0] + 8 == sz)
            return true;
        /* newarray: operator new[] cookie, the element count */
        if (w[0] > 0 && (sz - 8) % w[0] == 0)
            return true;
    }
    /* stdstring (the old COW std::string): length, capacity, refcount, chars */
    if (p == u + 24 && sz >= 25) {
        uint64_t len = w[0], cap = w[1];
        if (len <= cap && cap + 1 + 24 == sz)
            return true;
    }
    return false;
}

/* The live block a scanned word points into, or NULL (a range test on the
 * heap region first: most words are not heap pointers). */
static inline struct a8_bh *block_at_word(uintptr_t w)
{
    if (w - g_leak.rlo >= g_leak.rhi - g_leak.rlo)
        return NULL;
    return a8_checker_live_at(w);
}

/* One word found in a root (definite) or a block. */
static inline void consider(uintptr_t w, bool definite)
{
    struct a8_bh *h = block_at_word(w);
    if (!h)
        return;
    uintptr_t st = st_of(h);
    if (definite && st != ST_REACHABLE && (w == a8_bh_user(h) || heuristic_start(h, w))) {
        st_set(h, ST_REACHABLE);
        push(h);
    } else if (st == ST_UNREACHED) {
        st_set(h, ST_POSSIBLE);
        push(h);
    }
}

static void scan_range(uintptr_t lo, uintptr_t hi, bool definite)
{
    lo = (lo + 7) & ~(uintptr_t)7;
    if (hi < lo + 8)
        return;
    g_leak.scanned += hi - lo;
    for (const uintptr_t *p = (const uintptr_t *)lo; (uintptr_t)(p + 1) <= hi; p++)
        consider(*p, definite);
}

/* A root range: clipped to readable memory, minus the heap region. */
static void scan_root(uintptr_t lo, uintptr_t hi)
{
    uintptr_t ilo, ihi;
    while (lo < hi) {
        const struct range *m = map_of(lo);
        if (!m) {
            /* skip to the next mapping */
            const struct range *ms = (const struct range *)g_leak.maps.p;
            size_t i = 0;
            while (i < g_leak.maps.len && ms[i].hi <= lo)
                i++;
            if (i == g_leak.maps.len || ms[i].lo >= hi)
                return;
            lo = ms[i].lo;
            continue;
        }
        uintptr_t e = m->hi < hi ? m->hi : hi;
        if (!(lo < g_leak.rhi && e > g_leak.rlo) && !a8_int_owns((void *)lo))
            scan_range(lo, e, true);
        (void)ilo;
        (void)ihi;
        lo = e;
    }
}

static void scan_block(uintptr_t u, size_t size, bool definite)
{
    g_leak.scanned += size;
    for (uintptr_t a = u; a + 8 <= u + size; a += 8)
        consider(*(const block_word *)a, definite);
}

static void drain(void)
{
    while (g_leak.work.len) {
        struct a8_bh *h = ((struct a8_bh **)g_leak.work.p)[--g_leak.work.len];
        uintptr_t u = a8_bh_user(h);
        scan_block(u, h->bh_size, st_of(h) == ST_REACHABLE);
    }
}

#if A8_STATIC
/* A static program has no loader module: glibc's TLS code (its dl-tls.o) is
 * linked into the program, and its DTVs come from the first three functions
 * below.  Each ends where the next of that object's functions starts (all
 * weak: a glibc without one leaves it out; the last gets a page). */
#define DL_WEAK __attribute__((weak))
extern char _dl_allocate_tls_storage[] DL_WEAK, _dl_allocate_tls_init[] DL_WEAK,
    _dl_allocate_tls[] DL_WEAK, _dl_tls_static_surplus_init[] DL_WEAK,
    _dl_assign_tls_modid[] DL_WEAK, _dl_count_modids[] DL_WEAK, _dl_get_tls_static_info[] DL_WEAK,
    _dl_deallocate_tls[] DL_WEAK, _dl_tls_get_addr_soft[] DL_WEAK,
    _dl_tls_initial_modid_limit_setup[] DL_WEAK, _dl_add_to_slotinfo[] DL_WEAK,
    _dl_init_static_tls[] DL_WEAK;

static void static_loader_ranges(void)
{
    const uintptr_t fns[] = {
        (uintptr_t)_dl_allocate_tls_storage, (uintptr_t)_dl_allocate_tls_init,
        (uintptr_t)_dl_allocate_tls,         (uintptr_t)_dl_tls_static_surplus_init,
        (uintptr_t)_dl_assign_tls_modid,     (uintptr_t)_dl_count_modids,
        (uintptr_t)_dl_get_tls_static_info,  (uintptr_t)_dl_deallocate_tls,
        (uintptr_t)_dl_tls_get_addr_soft,    (uintptr_t)_dl_tls_initial_modid_limit_setup,
        (uintptr_t)_dl_add_to_slotinfo,      (uintptr_t)_dl_init_static_tls};
    for (size_t i = 0; i < A8_ARRAY_LEN(g_leak.ld); i++) {
        uintptr_t lo = fns[i], hi = lo + 4096;
        if (!lo)
            continue;
        for (size_t k = 0; k < A8_ARRAY_LEN(fns); k++)
            if (fns[k] > lo && fns[k] < hi)
                hi = fns[k];
        g_leak.ld[g_leak.nld++] = (struct range){lo, hi, false};
    }
}
#endif

/* The live blocks, gathered by one walk of the heap's slots (lives_fn)
 * for the three or four passes after the scan, which walked every slot,
 * quarantined ones too, each time; the walk itself where the list could
 * not be had (lives_ok false: no memory for it, or more blocks than room). */
static void lives_fn(struct a8_bh *h, void *ctx)
{
    (void)ctx;
    struct a8_bh **e = vec_push(&g_leak.lives);
    if (e)
        *e = h;
    else
        g_leak.lives_ok = false;
}

static void each_live(a8_block_fn fn, void *ctx)
{
    if (!g_leak.lives_ok) {
        a8_checker_each_live(fn, ctx);
        return;
    }
    struct a8_bh **v = (struct a8_bh **)g_leak.lives.p;
    for (size_t i = 0; i < g_leak.lives.len; i++)
        fn(v[i], ctx);
}

/* Blocks the dynamic loader allocated (DTVs, link maps, scope arrays) are
 * roots, as LSan treats them: the loader keeps some of them where no scan
 * looks (the TCBs of cached thread stacks, its own minimal-malloc pages). */
static void loader_fn(struct a8_bh *h, void *ctx)
{
    const uintptr_t *pcs;
    if (st_of(h) == ST_REACHABLE || !h->bh_alloc_stack || a8_depot_get(h->bh_alloc_stack, &pcs) < 1)
        return;
    for (int i = 0; i < g_leak.nld; i++) {
        if (pcs[0] - g_leak.ld[i].lo < g_leak.ld[i].hi - g_leak.ld[i].lo) {
            st_set(h, ST_REACHABLE);
            push(h);
            return;
        }
    }
}

/* A fork child of a process whose other threads were running has their
 * stacks, copied, but neither the threads nor their stack pointers and
 * registers, and its own new threads reuse those stacks: a block only such a
 * thread held looks lost here, though the parent still holds it (valgrind
 * and LSan call it definitely lost in the child).  Every block allocated
 * before that fork is taken as reachable: the child answers for its own. */
static void prefork_fn(struct a8_bh *h, void *ctx)
{
    uint64_t before = *(const uint64_t *)ctx;
    if (st_of(h) == ST_REACHABLE || h->bh_seq > before)
        return;
    st_set(h, ST_REACHABLE);
    push(h);
}

/* ---- the clique pass (valgrind's indirect leaks) ------------------------------- */

static uint64_t *leader(size_t i) { return (uint64_t *)(g_leak.leaders.p + 16 * i); }

static void clique_word(uintptr_t w, size_t li)
{
    struct a8_bh *h = block_at_word(w);
    if (!h)
        return;
    uintptr_t st = st_of(h);
    if (st == ST_UNREACHED) {
        st_set(h, ST_INDIRECT);
        leader(li)[0] += h->bh_size;
        leader(li)[1] += 1;
        push(h);
    } else if ((st & 7) == ST_LEADER && (st >> 3) != li) {
        /* an earlier leader joins this clique with everything it held */
        uint64_t *o = leader(st >> 3);
        leader(li)[0] += h->bh_size + o[0];
        leader(li)[1] += 1 + o[1];
        o[0] = o[1] = 0;
        st_set(h, ST_INDIRECT);
    }
}

static void clique_fn(struct a8_bh *h, void *ctx)
{
    if (st_of(h) != ST_UNREACHED)
        return;
    size_t li = g_leak.leaders.len;
    uint64_t *l = vec_push(&g_leak.leaders);
    if (!l)
        return;
    l[0] = l[1] = 0;
    st_set(h, ST_LEADER | (li << 3));
    push(h);
    while (g_leak.work.len) {
        struct a8_bh *b = ((struct a8_bh **)g_leak.work.p)[--g_leak.work.len];
        uintptr_t u = a8_bh_user(b), e = u + b->bh_size;
        for (uintptr_t a = u; a + 8 <= e; a += 8)
            clique_word(*(const block_word *)a, li);
    }
}

/* ---- grouping into loss records ------------------------------------------------ */

struct group_ctx {
    uint64_t since;
};

static uint64_t hash_key(uint32_t stack, unsigned cls)
{
    uint64_t x = ((uint64_t)stack << 3 | cls) * 0x9e3779b97f4a7c15ull;
    return x ^ (x >> 31);
}

static bool hash_rebuild(size_t cap)
{
    vec_free(&g_leak.hash);
    g_leak.hash.esz = sizeof(int32_t);
    if (!vec_grow(&g_leak.hash, cap))
        return false;
    g_leak.hash.len = cap;
    int32_t *t = (int32_t *)g_leak.hash.p;
    for (size_t i = 0; i < cap; i++)
        t[i] = 0;
    struct a8_leak_rec *r = (struct a8_leak_rec *)g_leak.recs.p;
    for (size_t i = 0; i < g_leak.recs.len; i++) {
        size_t k = hash_key(r[i].stack, r[i].cls) & (cap - 1);
        while (t[k])
            k = (k + 1) & (cap - 1);
        t[k] = (int32_t)(i + 1);
    }
    return true;
}

static void group_fn(struct a8_bh *h, void *ctx)
{
    struct group_ctx *g = ctx;
    uintptr_t st = st_of(h);
    st_clear(h); /* the heap's field again */
    if (h->bh_seq <= g->since)
        return;
    unsigned cls = st == ST_REACHABLE  ? A8_LEAK_REACHABLE
                   : st == ST_POSSIBLE ? A8_LEAK_POSSIBLE
                   : st == ST_INDIRECT ? A8_LEAK_INDIRECT
                                       : A8_LEAK_DEFINITE;
    if (g_leak.hash.len < 2 * (g_leak.recs.len + 1) &&
        !hash_rebuild(g_leak.hash.len ? g_leak.hash.len * 2 : 1024))
        return;
    int32_t *t = (int32_t *)g_leak.hash.p;
    size_t mask = g_leak.hash.len - 1;
    size_t k = hash_key(h->bh_alloc_stack, cls) & mask;
    struct a8_leak_rec *r = NULL;
    while (t[k]) {
        struct a8_leak_rec *c = (struct a8_leak_rec *)g_leak.recs.p + t[k] - 1;
        if (c->stack == h->bh_alloc_stack && c->cls == cls) {
            r = c;
            break;
        }
        k = (k + 1) & mask;
    }
    if (!r) {
        r = vec_push(&g_leak.recs);
        if (!r)
            return;
        *r = (struct a8_leak_rec){0};
        r->stack = h->bh_alloc_stack;
        r->cls = (uint8_t)cls;
        r->first_seq = UINT64_MAX;
        r->supp = -1;
        t[k] = (int32_t)g_leak.recs.len;
    }
    r->bytes += h->bh_size;
    r->blocks++;
    if (h->bh_seq < r->first_seq) {
        r->first_seq = h->bh_seq;
        r->first_addr = a8_bh_user(h);
        r->tid = h->bh_alloc_tid;
        r->alloc_call = h->bh_alloc_call;
    }
    if ((st & 7) == ST_LEADER) {
        r->ind_bytes += leader(st >> 3)[0];
        r->ind_blocks += leader(st >> 3)[1];
    }
}

/* ---- module roots (before the world stops) -------------------------------------- */

static void excl_add(uintptr_t lo, uintptr_t hi, void *ctx);

static int module_cb(struct dl_phdr_info *info, size_t size, void *ctx)
{
    const uintptr_t self = (uintptr_t)&g_leak;
    bool own = false;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (self >= lo && self < lo + ph->p_memsz)
            own = true;
    }
    const char *name = info->dlpi_name ? info->dlpi_name : "";
    const char *b = a8_basename(name);
    if (a8_strncmp(b, "ld-linux", 8) == 0 || a8_strncmp(b, "ld.so", 5) == 0) {
        for (int i = 0; i < info->dlpi_phnum; i++) {
            const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
            if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
                if (g_leak.nld < (int)A8_ARRAY_LEN(g_leak.ld)) {
                    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
                    g_leak.ld[g_leak.nld++] = (struct range){lo, lo + ph->p_memsz, false};
                }
            }
        }
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
            continue;
        /* a .bss beyond the file shows as anonymous memory: not scanned twice */
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        excl_add(lo, lo + ph->p_memsz, NULL);
        /* alloc8's own state holds no program pointers (prefixed mode: alloc8
         * is part of the program, whose globals are roots) */
        if (own && !A8_IS_PREFIXED && !A8_STATIC)
            continue;
        struct range *r = vec_push(&g_leak.roots);
        if (r) {
            r->lo = info->dlpi_addr + ph->p_vaddr;
            r->hi = r->lo + ph->p_memsz;
        }
    }
    return 0;
}

/* ---- stopping the other threads -------------------------------------------------- */

/* The start of the calling thread's alternate signal stack, or 0.  The
 * kernel holds that pointer (sigaltstack): a block given to it is in use,
 * not lost, though no word of the program's points to it any more (Erlang
 * keeps none for its threads' signal stacks; valgrind and LSan call them
 * definitely lost). */
static uintptr_t alt_stack(void)
{
    stack_t ss;
    if (sigaltstack(NULL, &ss) != 0 || (ss.ss_flags & SS_DISABLE))
        return 0;
    return (uintptr_t)ss.ss_sp;
}

static void stop_handler(int sig, siginfo_t *si, void *ucv)
{
    int saved = errno;
    uint32_t gen = __atomic_load_n(&g_leak.gen, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&g_leak.active, __ATOMIC_SEQ_CST) || si->si_code != SI_TKILL ||
        si->si_pid != getpid()) {
        /* not ours: the program's SIGURG */
        struct sigaction *o = &g_leak.old;
        if (o->sa_flags & SA_SIGINFO) {
            if (o->sa_sigaction)
                o->sa_sigaction(sig, si, ucv);
        } else if (o->sa_handler != SIG_DFL && o->sa_handler != SIG_IGN) {
            o->sa_handler(sig);
        }
        errno = saved;
        return;
    }
    __atomic_add_fetch(&g_leak.inside, 1, __ATOMIC_SEQ_CST);
    uint32_t i = __atomic_fetch_add(&g_leak.nack, 1, __ATOMIC_SEQ_CST);
    if (i < g_leak.nslots) {
        struct slot *s = &g_leak.slots[i];
        const ucontext_t *uc = ucv;
        s->tid = (pid_t)syscall(SYS_gettid);
        for (int r = 0; r < NGREG; r++)
            s->regs[r] = (uintptr_t)uc->uc_mcontext.gregs[r];
        s->sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
        uintptr_t tp;
        __asm__ volatile("mov %%fs:0, %0" : "=r"(tp));
        s->tp = tp;
        s->alt = alt_stack();
        __atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
    }
    while (__atomic_load_n(&g_leak.gen, __ATOMIC_SEQ_CST) == gen)
        syscall(SYS_futex, &g_leak.gen, FUTEX_WAIT_PRIVATE, gen, NULL, NULL, 0);
    __atomic_sub_fetch(&g_leak.inside, 1, __ATOMIC_SEQ_CST);
    errno = saved;
}

/* The stop handler and its table of thread slots; a note (once) says which
 * of them could not be had (false: other threads run on during the scan). */
static bool install_handler(void)
{
    static bool said;
    if (g_leak.installed)
        return true;
    if (!g_leak.slots) {
        /* 14 MiB of address space for MAX_TASKS: under a limit, a slot per
         * 64 KiB left (a thread needs a stack at least that big). */
        size_t room = a8_as_room(), n = MAX_TASKS;
        if (room / 65536 < n)
            n = room / 65536 > 256 ? room / 65536 : 256;
        g_leak.slots = a8_pages_map(n * sizeof(struct slot));
        if (!g_leak.slots) {
            if (!__atomic_exchange_n(&said, true, __ATOMIC_RELAXED))
                a8_note(
                    "leak check: cannot map its table of threads (%zu KiB; the address space may "
                    "be limited, ulimit -v): other threads run on while it scans",
                    n * sizeof(struct slot) / 1024);
            return false;
        }
        g_leak.nslots = (uint32_t)n;
    }
    struct sigaction sa = {0};
    sa.sa_sigaction = stop_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&sa.sa_mask);
    if (sigaction(STOP_SIG, &sa, &g_leak.old) != 0) {
        if (!__atomic_exchange_n(&said, true, __ATOMIC_RELAXED))
            a8_note(
                "leak check: cannot install the stop signal handler (errno %d); other threads run "
                "on while it scans",
                errno);
        return false;
    }
    g_leak.installed = true;
    return true;
}

struct tasks {
    pid_t *tid; /* MAX_TASKS */
    size_t n;
};

/* A /proc/self/task/<tid>/<name> file, read whole into buf (NUL-ended).
 * -1 when the thread is gone (or /proc cannot tell), else the length. */
static long task_read(pid_t tid, const char *name, char *buf, size_t size)
{
    char path[64];
    a8_snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)tid, name);
    int fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    size_t have = a8_read_all(fd, buf, size);
    close(fd);
    return (long)have;
}

/* A kernel io worker (io_uring's, ours in prefault.c or the program's):
 * a thread of this process in /proc/self/task that takes no signals and runs
 * no user code, so it is not stopped, and holds no roots.  PF_IO_WORKER in
 * the flags field (the 9th of /proc/<tid>/stat). */
static bool io_worker(pid_t tid)
{
    char buf[512];
    if (task_read(tid, "stat", buf, sizeof buf) <= 0)
        return false;
    const char *p = NULL;
    for (const char *q = buf; *q; q++) /* the comm may hold ')' and spaces */
        if (*q == ')')
            p = q;
    if (!p)
        return false;
    /* ") S ppid pgrp session tty tpgid flags": flags is the 7th word after ')'. */
    for (int words = 0; *p && words < 7; p++)
        if (*p == ' ')
            words++;
    unsigned long flags = 0;
    while (*p >= '0' && *p <= '9')
        flags = flags * 10 + (unsigned long)(*p++ - '0');
    return (flags & 0x10) != 0; /* PF_IO_WORKER, <linux/sched.h> */
}

/* The threads of this process (getdents64: opendir would allocate), io
 * workers left out. */
static void tasks_list(struct tasks *t)
{
    t->n = 0;
    int fd = a8_open_room("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0)
        return;
    char buf[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct {
                uint64_t ino;
                int64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *d = (void *)(buf + off);
            pid_t v = 0;
            const char *s = d->name;
            if (*s >= '0' && *s <= '9') {
                while (*s >= '0' && *s <= '9')
                    v = v * 10 + (*s++ - '0');
                if (t->n < MAX_TASKS && !io_worker(v))
                    t->tid[t->n++] = v;
            }
            off += d->reclen;
        }
    }
    close(fd);
}

static bool acked(pid_t tid)
{
    uint32_t n = __atomic_load_n(&g_leak.nack, __ATOMIC_ACQUIRE);
    for (uint32_t i = 0; i < n && i < g_leak.nslots; i++)
        if (__atomic_load_n(&g_leak.slots[i].ready, __ATOMIC_ACQUIRE) && g_leak.slots[i].tid == tid)
            return true;
    return false;
}

/* The value of a "Key:\t..." line of a status file, or NULL. */
static const char *status_field(const char *buf, const char *key)
{
    size_t n = a8_strlen(key);
    for (const char *l = buf; *l;) {
        if (a8_strncmp(l, key, n) == 0) {
            l += n;
            while (*l == ' ' || *l == '\t')
                l++;
            return l;
        }
        while (*l && *l != '\n')
            l++;
        if (*l)
            l++;
    }
    return NULL;
}

/* What /proc says of a thread that has not answered: TASK_GONE when it no
 * longer runs (exited, or a zombie: a main thread that called pthread_exit
 * stays listed as one until the process ends, and no signal reaches it);
 * TASK_BLOCKS when it blocks STOP_SIG, so the request would never be taken
 * (a thread that waits in sigwait for every signal). */
enum task_state { TASK_RUNS, TASK_BLOCKS, TASK_GONE };

static enum task_state task_state(pid_t tid)
{
    char buf[4096];
    if (task_read(tid, "status", buf, sizeof buf) < 0)
        return TASK_GONE;
    const char *st = status_field(buf, "State:");
    if (st && (*st == 'Z' || *st == 'X'))
        return TASK_GONE;
    const char *blk = status_field(buf, "SigBlk:");
    uint64_t mask = 0;
    for (; blk && *blk && *blk != '\n'; blk++) {
        char c = *blk;
        int d = a8_hex_digit(c);
        if (d < 0)
            break;
        mask = mask << 4 | (uint64_t)d;
    }
    return (mask >> (STOP_SIG - 1)) & 1 ? TASK_BLOCKS : TASK_RUNS;
}

/* Where a thread that is not stopped waits, from /proc/self/task/<tid>/
 * syscall: "nr a0 a1 a2 a3 a4 a5 sp pc" in a system call, "-1 sp pc"
 * blocked outside one, "running" otherwise.  1 with w->sp and w->args set,
 * 0 while it runs, -1 when the file cannot be read. */
static int task_waiting(struct waiter *w)
{
    char buf[256];
    if (task_read(w->tid, "syscall", buf, sizeof buf) <= 0)
        return -1;
    if (buf[0] == 'r')
        return 0;
    uintptr_t v[9];
    int n = 0;
    for (const char *p = buf; *p && n < 9;) {
        while (*p == ' ' || *p == '-')
            p++;
        if (p[0] == '0' && p[1] == 'x')
            p += 2;
        if (!*p || *p == '\n')
            break;
        uintptr_t x = 0;
        for (;; p++) {
            char c = *p;
            int d = a8_hex_digit(c);
            if (d < 0)
                break;
            x = x * (n == 0 ? 10 : 16) + (uintptr_t)d;
        }
        v[n++] = x;
    }
    bool in_call = buf[0] != '-';
    if (n != (in_call ? 9 : 3) || !v[n - 2])
        return -1;
    w->sp = v[n - 2];
    for (int i = 0; i < 6; i++)
        w->args[i] = in_call ? v[1 + i] : 0;
    return 1;
}

static bool known_tid(pid_t t, const pid_t *sent, size_t nsent)
{
    for (size_t j = 0; j < nsent; j++)
        if (sent[j] == t || sent[j] == -t)
            return true;
    for (size_t j = 0; j < g_leak.nwaiters; j++)
        if (g_leak.waiters[j].tid == t)
            return true;
    return false;
}

static void waiter_add(pid_t t, bool final, uint64_t now)
{
    if (g_leak.nwaiters < MAX_WAITERS)
        g_leak.waiters[g_leak.nwaiters++] =
            (struct waiter){.tid = t, .final = final, .checked = now};
}

/* Stop every other thread; returns how many answered.  A thread that blocks
 * STOP_SIG is not sent it (sigwait would take it as the program's) and
 * waits in the waiter list: sent the request should it unblock within
 * GRACE_MS, else left to run (a waiter, final).  A signalled thread that is
 * still silent after GRACE_MS and now blocks it is made a waiter too.
 * *missed: threads signalled that never answered in STOP_TIMEOUT_MS. */
static uint32_t stop_world(pid_t *sent, size_t *nsent, uint32_t *missed, struct tasks *scratch)
{
    pid_t self = (pid_t)syscall(SYS_gettid), pid = getpid();
    *nsent = 0;
    *missed = 0;
    g_leak.nwaiters = 0;
    __atomic_store_n(&g_leak.nack, 0, __ATOMIC_SEQ_CST);
    for (size_t i = 0; i < g_leak.nslots; i++) {
        if (!g_leak.slots[i].ready && !g_leak.slots[i].tid)
            break;
        g_leak.slots[i].ready = 0;
        g_leak.slots[i].tid = 0;
    }
    __atomic_store_n(&g_leak.active, 1, __ATOMIC_SEQ_CST);
    uint64_t t0 = now_ns();
    const uint64_t grace = (uint64_t)GRACE_MS * 1000000ull, recheck = 1000000ull;
    uint64_t sent_checked = 0; /* status reads of silent threads: once a millisecond */
    for (int round = 0; round < 64; round++) {
        tasks_list(scratch);
        size_t fresh = 0;
        for (size_t i = 0; i < scratch->n; i++) {
            pid_t t = scratch->tid[i];
            if (t == self || t == __atomic_load_n(&g_leak.helper_tid, __ATOMIC_ACQUIRE))
                continue;
            if (known_tid(t, sent, *nsent) || *nsent >= g_leak.nslots)
                continue;
            enum task_state st = task_state(t);
            if (st == TASK_GONE) {
                sent[(*nsent)++] = -t;
            } else if (st == TASK_BLOCKS && g_leak.nwaiters < MAX_WAITERS) {
                waiter_add(t, false, now_ns());
                fresh++;
            } else if (syscall(SYS_tgkill, pid, t, STOP_SIG) == 0) {
                sent[(*nsent)++] = t;
                fresh++;
            }
        }
        if (!fresh && round > 0)
            break;
        /* wait for the answers; a thread that went away does not count */
        for (;;) {
            size_t waiting = 0;
            uint64_t now = now_ns();
            bool late = now - t0 > grace;
            for (size_t j = 0; j < *nsent; j++) {
                pid_t t = sent[j];
                if (t <= 0 || acked(t))
                    continue;
                if (syscall(SYS_tgkill, pid, t, 0) != 0) {
                    sent[j] = -t; /* gone */
                    continue;
                }
                if (late && now - sent_checked >= recheck && g_leak.nwaiters < MAX_WAITERS) {
                    enum task_state st = task_state(t);
                    if (st != TASK_RUNS) {
                        sent[j] = -t;
                        if (st == TASK_BLOCKS)
                            waiter_add(t, true, now);
                        continue;
                    }
                }
                waiting++;
            }
            if (late && now - sent_checked >= recheck)
                sent_checked = now;
            for (size_t j = 0; j < g_leak.nwaiters; j++) {
                struct waiter *w = &g_leak.waiters[j];
                if (w->final || now - w->checked < recheck)
                    continue;
                w->checked = now;
                enum task_state st = task_state(w->tid);
                if (st == TASK_BLOCKS) {
                    w->final = late;
                } else {
                    /* it went away, or unblocked: ask it now */
                    if (st == TASK_RUNS && *nsent < g_leak.nslots &&
                        syscall(SYS_tgkill, pid, w->tid, STOP_SIG) == 0)
                        sent[(*nsent)++] = w->tid;
                    else if (*nsent < g_leak.nslots)
                        sent[(*nsent)++] = -w->tid;
                    *w = g_leak.waiters[--g_leak.nwaiters];
                    j--;
                    continue;
                }
            }
            for (size_t j = 0; j < g_leak.nwaiters; j++)
                waiting += !g_leak.waiters[j].final;
            if (!waiting)
                break;
            if (now - t0 > (uint64_t)STOP_TIMEOUT_MS * 1000000ull) {
                *missed = (uint32_t)waiting;
                goto out;
            }
            struct timespec ts = {0, 50000};
            nanosleep(&ts, NULL);
        }
    }
out:
    return __atomic_load_n(&g_leak.nack, __ATOMIC_SEQ_CST);
}

/* The stack pointers of the waiters (threads left running): each is read
 * while it sits in a system call, waiting up to LOCATE_MS for one that runs
 * to enter one (a thread that calls malloc now waits on a heap lock). */
static void waiters_locate(void)
{
    uint64_t t0 = now_ns();
    for (;;) {
        size_t running = 0;
        for (size_t j = 0; j < g_leak.nwaiters; j++) {
            struct waiter *w = &g_leak.waiters[j];
            if (w->sp || !w->tid)
                continue;
            int r = task_waiting(w);
            if (r == 0)
                running++;
            else if (r < 0 && task_state(w->tid) == TASK_GONE)
                w->tid = 0;
        }
        if (!running || now_ns() - t0 > (uint64_t)LOCATE_MS * 1000000ull)
            return;
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
    }
}

static void resume_world(void)
{
    __atomic_store_n(&g_leak.active, 0, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&g_leak.gen, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &g_leak.gen, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
    uint64_t t0 = now_ns();
    while (__atomic_load_n(&g_leak.inside, __ATOMIC_SEQ_CST) &&
           now_ns() - t0 < (uint64_t)STOP_TIMEOUT_MS * 1000000ull) {
        struct timespec ts = {0, 20000};
        nanosleep(&ts, NULL);
    }
}

/* ---- one thread's roots ---------------------------------------------------------- */

static void scan_thread(uintptr_t sp, uintptr_t red, uintptr_t tp, const uintptr_t *regs, int nregs)
{
    if (regs)
        scan_range((uintptr_t)regs, (uintptr_t)(regs + nregs), true);
    const struct range *m = map_of(sp);
    if (m)
        scan_root(sp - red >= m->lo ? sp - red : m->lo, m->hi);
    if (!tp)
        return;
    /* static TLS below the thread pointer, the TCB above it (for pthread
     * threads both are inside the stack mapping; for the main thread not) */
    const struct range *t = map_of(tp);
    if (t && t != m) {
        uintptr_t lo = tp - g_leak.tls_static, hi = tp + TCB_SCAN;
        scan_root(lo > t->lo && lo < tp ? lo : t->lo, hi < t->hi ? hi : t->hi);
    }
    /* the DTV: a heap block for threads; for the main thread the loader's
     * memory, so its entries (the dynamic TLS blocks) are roots */
    if (t) {
        uintptr_t dtv = ((const uintptr_t *)tp)[1];
        const struct range *d = map_of(dtv);
        if (d && dtv - 16 >= d->lo && !(dtv >= g_leak.rlo && dtv < g_leak.rhi)) {
            uintptr_t cap = ((const uintptr_t *)dtv)[-2];
            if (cap < 65536) {
                uintptr_t hi = dtv + (cap + 2) * 16;
                scan_root(dtv - 16, hi < d->hi ? hi : d->hi);
            }
        }
    }
}

/* ---- the program's anonymous memory ------------------------------------------------
 * What the program keeps in memory it mapped itself is a root, as valgrind
 * scans all of the client's memory: pymalloc's arenas (python3's objects
 * point at malloc'd buffers), gcc's garbage-collected pages, a JIT's heap,
 * a coroutine's stack.  Left out: alloc8's own mappings (a8_own_each), the
 * modules' segments (roots already), the heap region, every mapping a
 * thread's stack pointer is in (scanned from that pointer up, not below) and
 * every glibc thread stack (thread_stack: a finished thread's is stale).
 * Only resident pages are read (mincore): a reserved but untouched range
 * costs nothing and a userfaultfd range is never waited on; a page swapped
 * out is not read either.  They are copied (scan_copied), so a page the
 * program made unreadable to itself is skipped rather than faulted on. */

#define INCORE_PAGES 65536 /* pages per mincore call */
#define COPY_BYTES 65536   /* bytes per process_vm_readv */
static unsigned char g_incore[INCORE_PAGES];
static uintptr_t g_copy[COPY_BYTES / sizeof(uintptr_t)];

/* Copies remote[0..k) (total bytes) into g_copy: the bytes copied up to the
 * first page that cannot be read, or -1 when the call is refused (from then
 * on memory is read in place: no_vm_readv). */
static long vm_copy(const struct iovec *remote, int k, size_t total)
{
    /* remote[] is one run of whole pages (scan_copied, page_words):
     * /proc/self/mem reads it with one call, short at a page it cannot
     * read.  In a fork child it is read there: process_vm_readv pins the
     * pages, and pinning a page still shared with the parent copies it
     * (the kernel unshares it first), every page of the program's
     * anonymous memory at every child's exit. */
    if (g_leak.mem_fd >= 0) {
        ssize_t got = pread(g_leak.mem_fd, g_copy, total, (off_t)(uintptr_t)remote[0].iov_base);
        if (got >= 0 || errno == EIO || errno == EFAULT)
            return got < 0 ? 0 : got;
        close(g_leak.mem_fd); /* refused: as below from now on */
        g_leak.mem_fd = -1;
    }
    struct iovec local = {g_copy, total};
    long got = syscall(SYS_process_vm_readv, (long)a8_getpid(), &local, 1L, remote, (long)k, 0L);
    if (got < 0 && errno != EFAULT) {
        g_leak.no_vm_readv = true;
        return -1;
    }
    return got < 0 ? 0 : got;
}

/* The words of the page at p: a copy in g_copy, or the page itself where
 * process_vm_readv is refused; NULL when it cannot be read. */
static const uintptr_t *page_words(uintptr_t p)
{
    size_t pg = (size_t)g_leak.page;
    struct iovec remote = {(void *)p, pg};
    long got = g_leak.no_vm_readv || pg > COPY_BYTES ? -1 : vm_copy(&remote, 1, pg);
    if (got < 0)
        return (const uintptr_t *)p;
    return got == (long)pg ? g_copy : NULL;
}

/* Scans [lo, hi), resident, through process_vm_readv: a page the program
 * made unreadable to itself (a protection key) is skipped, not faulted on.
 * Where the call is refused (an old kernel, a container's filter), in
 * place. */
static void scan_copied(uintptr_t lo, uintptr_t hi)
{
    uintptr_t pg = (uintptr_t)g_leak.page;
    lo = (lo + 7) & ~(uintptr_t)7;
    while (!g_leak.no_vm_readv && lo + 8 <= hi) {
        struct iovec remote[COPY_BYTES / 4096];
        size_t total = 0;
        int k = 0;
        for (uintptr_t a = lo; k < (int)(COPY_BYTES / 4096) && a < hi; k++) {
            uintptr_t e = (a & ~(pg - 1)) + pg; /* one page per element */
            size_t len = (e < hi ? e : hi) - a;
            if (total + len > COPY_BYTES)
                break;
            remote[k] = (struct iovec){(void *)a, len};
            total += len;
            a += len;
        }
        if (k == 0) { /* pages bigger than the buffer */
            g_leak.no_vm_readv = true;
            break;
        }
        long got = vm_copy(remote, k, total);
        if (got < 0)
            break;
        size_t n = (size_t)got & ~(size_t)7;
        for (size_t i = 0; i < n / 8; i++)
            consider(g_copy[i], true);
        g_leak.scanned += n;
        lo += n;
        if (n < total) /* the page at lo cannot be read: past it */
            lo = (lo & ~(pg - 1)) + pg;
    }
    if (g_leak.no_vm_readv && lo < hi)
        scan_range(lo, hi, true);
}

static void excl_add(uintptr_t lo, uintptr_t hi, void *ctx)
{
    (void)ctx;
    uintptr_t pg = (uintptr_t)g_leak.page;
    struct range *r = vec_push(&g_leak.excl);
    if (r) {
        r->lo = lo & ~(pg - 1);
        r->hi = (hi + pg - 1) & ~(pg - 1);
    }
}

static void excl_sort(void)
{
    struct range *e = (struct range *)g_leak.excl.p;
    size_t n = g_leak.excl.len, gap = 1;
    while (gap < n / 3)
        gap = gap * 3 + 1;
    for (; gap; gap /= 3)
        for (size_t i = gap; i < n; i++) {
            struct range t = e[i];
            size_t j = i;
            for (; j >= gap && e[j - gap].lo > t.lo; j -= gap)
                e[j] = e[j - gap];
            e[j] = t;
        }
    size_t out = 0; /* disjoint from here on */
    for (size_t i = 0; i < n; i++) {
        if (out && e[i].lo <= e[out - 1].hi) {
            if (e[i].hi > e[out - 1].hi)
                e[out - 1].hi = e[i].hi;
        } else {
            e[out++] = e[i];
        }
    }
    g_leak.excl.len = out;
}

static void scan_resident(uintptr_t lo, uintptr_t hi)
{
    uintptr_t pg = (uintptr_t)g_leak.page;
    for (uintptr_t w = lo & ~(pg - 1); w < hi;) {
        uintptr_t end = hi - w > INCORE_PAGES * pg ? w + INCORE_PAGES * pg : hi;
        size_t n = (end - w + pg - 1) / pg;
        if (mincore((void *)w, end - w, g_incore) == 0) {
            for (size_t i = 0; i < n;) {
                if (!(g_incore[i] & 1)) {
                    i++;
                    continue;
                }
                size_t j = i;
                while (j < n && (g_incore[j] & 1))
                    j++;
                uintptr_t a = w + i * pg, b = w + j * pg;
                scan_copied(a > lo ? a : lo, b < hi ? b : hi);
                i = j;
            }
        }
        w = end;
    }
}

/* Whether [lo, hi) is a glibc thread stack, in use or cached for reuse:
 * glibc puts the thread's descriptor at the top of the mapping, and the
 * descriptor's first word (tcbhead_t.tcb) and third (.self) hold its own
 * address.  What lies below a stack pointer is stale (valgrind marks it
 * inaccessible), and a finished thread's stack is all stale. */
static bool thread_stack(uintptr_t lo, uintptr_t hi)
{
    uintptr_t pg = (uintptr_t)g_leak.page;
    if (hi - lo < 2 * pg)
        return false;
    uintptr_t top = hi - 2 * pg;
    unsigned char in[2];
    if (mincore((void *)top, 2 * pg, in) != 0)
        return false;
    for (int k = 1; k >= 0; k--) { /* the top page first */
        uintptr_t p = top + (uintptr_t)k * pg;
        const uintptr_t *words = (in[k] & 1) ? page_words(p) : NULL;
        if (!words)
            continue;
        for (uintptr_t a = p + pg - 64; a >= p; a -= 64) { /* descriptors are 64-aligned */
            const uintptr_t *w = words + (a - p) / 8;
            if (w[0] == a && w[2] == a)
                return true;
        }
    }
    return false;
}

static void scan_anon(const uintptr_t *sps, size_t nsps)
{
    if (a8_sandboxed())
        return; /* mincore may be outside a seccomp filter's list */
    excl_add(g_leak.rlo, g_leak.rhi, NULL);
    if (!a8_own_each(excl_add, NULL) && !g_leak.own_noted) {
        g_leak.own_noted = true;
        a8_note("leak check: some of alloc8's own memory was not recorded; it is scanned "
                "as the program's");
    }
    excl_sort();
    const struct range *e = (const struct range *)g_leak.excl.p;
    size_t ne = g_leak.excl.len;
    const struct range *a = (const struct range *)g_leak.anon.p;
    for (size_t k = 0; k < g_leak.anon.len; k++) {
        uintptr_t lo = a[k].lo, hi = a[k].hi;
        bool stack = false;
        for (size_t i = 0; i < nsps && !stack; i++)
            stack = sps[i] >= lo && sps[i] < hi;
        if (stack || (!g_leak.whole_stacks && thread_stack(lo, hi)))
            continue;
        size_t i = 0, top = ne; /* the first exclusion that ends after lo */
        while (i < top) {
            size_t mid = (i + top) / 2;
            if (e[mid].lo < lo)
                i = mid + 1;
            else
                top = mid;
        }
        if (i > 0 && e[i - 1].hi > lo)
            i--; /* the one before may still cover lo */
        uintptr_t cur = lo;
        for (; i < ne && e[i].lo < hi && cur < hi; i++) {
            if (e[i].lo > cur)
                scan_resident(cur, e[i].lo);
            if (e[i].hi > cur)
                cur = e[i].hi;
        }
        if (cur < hi)
            scan_resident(cur, hi);
    }
}

/* ---- the check ---------------------------------------------------------------- */

static void leak_lock(void)
{
    pid_t pid = getpid();
    if (__atomic_load_n(&g_leak.lock.state, __ATOMIC_ACQUIRE) && g_leak.lock_pid != pid &&
        g_leak.lock_pid != 0)
        a8_lock_reinit(&g_leak.lock); /* held by the parent when it forked */
    a8_lock(&g_leak.lock);
    g_leak.lock_pid = pid;
}

static void leak_unlock(void)
{
    g_leak.lock_pid = 0;
    a8_unlock(&g_leak.lock);
}

static void tls_info(void)
{
    if (g_leak.have_tls_info)
        return;
    g_leak.have_tls_info = true;
    g_leak.tls_static = 64 * 1024;
    void (*fn)(size_t *, size_t *) =
        A8_STATIC ? NULL
                  : (void (*)(size_t *, size_t *))dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info");
    if (fn) {
        size_t size = 0, align = 0;
        fn(&size, &align);
        if (size && size < (1u << 24))
            g_leak.tls_static = size;
    }
}

static inline uintptr_t cur_sp(void);

/* Run a check.  regs/entry_sp: the calling thread's callee-saved registers
 * (or NULL) and the frame of the public entry point (scanned from there up),
 * or, at exit, where the program left off (a8_leak_exit_from). */
static void run_check(struct a8_leak_result *res, const char *why, uint64_t since,
                      uintptr_t entry_sp, uintptr_t red, const uintptr_t *regs, int nregs)
{
    *res = (struct a8_leak_result){0};
    res->why = why;
    res->since_seq = since;
    res->tid = a8_thread_id();
    uintptr_t lo, hi;
    if (!a8_checker_region(&lo, &hi))
        return;
    g_leak.rlo = lo;
    g_leak.rhi = hi;
    g_leak.scanned = 0;
    g_leak.work.esz = sizeof(struct a8_bh *);
    g_leak.leaders.esz = 16;
    g_leak.roots.esz = g_leak.excl.esz = sizeof(struct range);
    g_leak.excl.len = 0;
    if (!g_leak.page)
        g_leak.page = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
    g_leak.recs.esz = sizeof(struct a8_leak_rec);
    g_leak.work.len = g_leak.leaders.len = g_leak.roots.len = g_leak.recs.len = 0;
    vec_free(&g_leak.hash);
    tls_info();
    (void)install_handler();
    g_leak.nld = 0;
#if A8_STATIC
    static_loader_ranges();
#endif
    dl_iterate_phdr(module_cb, NULL);
    static pid_t sent[MAX_TASKS];
    static pid_t scratch_tids[MAX_TASKS];
    struct tasks scratch = {scratch_tids, 0};
    size_t nsent = 0;
    uint32_t missed = 0, waited = 0, whole = 0;
    uintptr_t self_tp;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self_tp));

    size_t live_bytes, live_blocks;
    a8_checker_totals(&live_bytes, &live_blocks); /* before the locks: it takes them */
    side_begin(live_blocks);
    g_leak.lives.esz = sizeof(struct a8_bh *);
    g_leak.lives.len = 0;
    g_leak.lives_ok = vec_grow(&g_leak.lives, live_blocks + 1024);
    g_leak.mem_fd = a8_forked() && !g_leak.no_vm_readv
                        ? a8_open_room("/proc/self/mem", O_RDONLY | O_CLOEXEC, 0)
                        : -1;
    a8_checker_lock_all();
    uint64_t t0 = now_ns();
    g_leak.nwaiters = 0;
    uint32_t nack = g_leak.installed ? stop_world(sent, &nsent, &missed, &scratch) : 0;
    waiters_locate();
    /* Without the maps no root can be read safely, and every block would
     * be called lost: no check (check() says why). */
    res->maps_errno = maps_read();
    if (res->maps_errno)
        goto resume;

    /* roots */
    const struct range *r = (const struct range *)g_leak.roots.p;
    for (size_t i = 0; i < g_leak.roots.len; i++)
        scan_root(r[i].lo, r[i].hi);
    scan_thread(entry_sp, red, self_tp, regs, nregs);
    consider(alt_stack(), true);
    static uintptr_t sps[MAX_TASKS + 3];
    size_t nsps = 0;
    sps[nsps++] = cur_sp();
    sps[nsps++] = entry_sp;
    if (__atomic_load_n(&g_leak.helper_sp, __ATOMIC_ACQUIRE))
        sps[nsps++] = g_leak.helper_sp;
    for (uint32_t i = 0; i < nack && i < g_leak.nslots; i++) {
        struct slot *s = &g_leak.slots[i];
        if (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE)) {
            scan_thread(s->sp, RED_ZONE, s->tp, s->regs, NGREG);
            consider(s->alt, true);
            sps[nsps++] = s->sp;
        }
    }
    /* Threads left running: from where they wait (their static TLS is in
     * their stack mapping, above), the call's arguments as registers.  One
     * that never waited leaves its stack pointer unknown: then every thread
     * stack is scanned whole, stale parts too (scan_anon). */
    for (size_t j = 0; j < g_leak.nwaiters; j++) {
        struct waiter *w = &g_leak.waiters[j];
        if (!w->tid)
            continue;
        if (w->sp) {
            scan_thread(w->sp, RED_ZONE, 0, w->args, 6);
            if (nsps < sizeof sps / sizeof sps[0])
                sps[nsps++] = w->sp;
            waited++;
        } else {
            whole++;
            if (w->tid == getpid() && g_leak.main_stack.hi)
                scan_resident(g_leak.main_stack.lo, g_leak.main_stack.hi);
        }
    }
    g_leak.whole_stacks = whole > 0;
    scan_anon(sps, nsps);
    if (g_leak.lives_ok)
        a8_checker_each_live(lives_fn, NULL);
    if (g_leak.nld)
        each_live(loader_fn, NULL);
    uint64_t prefork = a8_threads_orphans_before();
    if (prefork)
        each_live(prefork_fn, &prefork);
    drain();
    /* cliques, then records (which also reset bh_next) */
    each_live(clique_fn, NULL);
    struct group_ctx g = {since};
    each_live(group_fn, &g);
    res->scanned_bytes = g_leak.scanned;

resume:
    if (g_leak.installed)
        resume_world();
    res->scan_ns = now_ns() - t0;
    a8_checker_unlock_all();
    side_end();
    vec_free(&g_leak.lives);
    if (g_leak.mem_fd >= 0)
        close(g_leak.mem_fd);
    g_leak.mem_fd = -1;
    res->threads = nack;
    res->threads_missed = missed;
    res->threads_waiting = waited;
    res->threads_whole = whole;
    res->recs = (struct a8_leak_rec *)g_leak.recs.p;
    res->nrecs = g_leak.recs.len;
}

/* Symbolize-free totals; suppressions and printing are the report's. */
static void finish(struct a8_leak_result *res)
{
    a8_supp_load();
    a8_supp_reset_hits();
    for (size_t i = 0; i < res->nrecs; i++) {
        struct a8_leak_rec *r = &res->recs[i];
        r->supp = a8_supp_count() ? a8_supp_match(r) : -1;
        if (r->supp >= 0) {
            a8_supp_hit((size_t)r->supp, r->blocks, r->bytes);
            res->supp_bytes += r->bytes;
            res->supp_blocks += r->blocks;
            continue;
        }
        res->bytes[r->cls] += r->bytes;
        res->blocks[r->cls] += r->blocks;
    }
    res->leaked_bytes = res->bytes[A8_LEAK_DEFINITE] + res->bytes[A8_LEAK_INDIRECT];
    res->leaked_blocks = res->blocks[A8_LEAK_DEFINITE] + res->blocks[A8_LEAK_INDIRECT];
    a8_report_leaks(res);
}

/* The stack pointer here: the scan of this thread starts at the public
 * entry point's frame, which holds the registers it saved. */
static inline uintptr_t cur_sp(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    return sp;
}

static A8_NOINLINE size_t check(const char *why, uint64_t since, uintptr_t entry_sp, uintptr_t red,
                                const uintptr_t *regs, int nregs)
{
    uintptr_t lo, hi;
    if (!a8_checker_region(&lo, &hi))
        return 0;
    if (a8_sandboxed()) {
        /* Stopping the threads (a signal handler, tgkill), /proc's task
         * list and maps, process_vm_readv: calls a filter may kill the
         * process for (OpenSSH's pre-authentication child dies of SIGSYS at
         * rt_sigaction), and without the maps there are no roots. */
        static bool noted;
        if (!__atomic_exchange_n(&noted, true, __ATOMIC_RELAXED))
            a8_note("leak check (%s) not run: the program put a seccomp filter on itself, "
                    "which may forbid the scan's system calls",
                    why);
        return 0;
    }
    int saved = errno;
    a8_guard_enter();
    leak_lock();
    struct a8_leak_result res;
    run_check(&res, why, since, entry_sp, red, regs, nregs);
    /* The exit's scan is done: nothing needs the reserve after its report.
     * Not before the scan: a note made during it opens log_path's file. */
    if (since == 0 && !a8_strcmp(why, "exit"))
        a8_fd_reserve_spend();
    if (res.maps_errno)
        a8_note("leak check (%s) not run: cannot open /proc/self/maps (errno %d%s), and without it "
                "there are no roots to scan",
                why, res.maps_errno,
                res.maps_errno == EMFILE ? ": no descriptor left, and the limit cannot be raised"
                                         : "");
    else
        finish(&res);
    size_t n = res.leaked_blocks;
    leak_unlock();
    a8_guard_leave();
    /* A leak report is a report: gdb's `break alloc8_report_hook` stops
     * after it too, with the leaked blocks still in place to look at. */
    if (n && !res.maps_errno)
        alloc8_report_hook();
    errno = saved;
    return n;
}

static struct {
    uintptr_t sp;
    uintptr_t regs[18];
    int nregs;     /* 0: none known */
    uintptr_t red; /* bytes below sp that are live: a signal's interrupted frame's red zone */
    bool signal;   /* a deadly signal's interrupted context (a8_leak_exit_from_regs) */
    pid_t tid;
} g_exit_from;

void a8_leak_exit_from(uintptr_t sp, const uintptr_t *regs)
{
    a8_leak_exit_from_regs(sp, regs, regs ? 6 : 0, 0);
    g_exit_from.signal = false;
}

void a8_leak_exit_from_regs(uintptr_t sp, const uintptr_t *regs, int nregs, uintptr_t red)
{
    g_exit_from.sp = sp;
    g_exit_from.red = red;
    g_exit_from.nregs = nregs < 18 ? nregs : 18;
    for (int i = 0; i < g_exit_from.nregs; i++)
        g_exit_from.regs[i] = regs[i];
    g_exit_from.tid = (pid_t)syscall(SYS_gettid);
    g_exit_from.signal = true;
}

bool a8_leak_at_exit(void)
{
    if (!a8_opt.detect_leaks)
        return false;
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    uintptr_t sp = cur_sp();
    /* Only the thread (and process: not a forked child's copy) that left
     * off there, with that frame still above this one; or, for a deadly
     * signal, whose check may run on another stack (an alternate signal
     * stack, bigstack.c's), the context it interrupted. */
    bool above = g_exit_from.sp > sp || g_exit_from.signal;
    if (above && g_exit_from.tid == (pid_t)syscall(SYS_gettid)) {
        /* No red zone below exit's caller (all dead); a signal's. */
        return check("exit", 0, g_exit_from.sp, g_exit_from.red, g_exit_from.regs,
                     g_exit_from.nregs) > 0;
    }
    return check("exit", 0, sp, RED_ZONE, regs, 6) > 0;
}

A8_EXPORT A8_NOINLINE size_t alloc8_leak_check(void)
{
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    return check("alloc8_leak_check", 0, cur_sp(), RED_ZONE, regs, 6);
}

A8_EXPORT A8_NOINLINE void alloc8_leak_mark(void)
{
    __atomic_store_n(&g_leak.mark_seq, a8_checker_seq(), __ATOMIC_RELEASE);
}

A8_EXPORT A8_NOINLINE size_t alloc8_leak_check_since_mark(void)
{
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    uint64_t since = __atomic_load_n(&g_leak.mark_seq, __ATOMIC_ACQUIRE);
    return check("since mark", since ? since : 0, cur_sp(), RED_ZONE, regs, 6);
}

/* ---- leak_check_signal: a helper thread runs the check ----------------------------- */

static void on_leak_signal(int sig)
{
    int saved = errno;
    char c = 1;
    if (g_leak.sig_pipe[1] >= 0 && write(g_leak.sig_pipe[1], &c, 1) < 0) {
    }
    errno = saved;
}

static void *signal_helper(void *arg)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    /* It blocks every signal, so a stop request could never reach it; it
     * holds no program data, so it is left out of the stop and the scan. */
    uintptr_t here = (uintptr_t)&all;
    __atomic_store_n(&g_leak.helper_sp, here, __ATOMIC_RELEASE);
    __atomic_store_n(&g_leak.helper_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
    for (;;) {
        char c;
        ssize_t n = read(g_leak.sig_pipe[0], &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NULL;
        uintptr_t regs[6] = {0};
        check("signal", 0, cur_sp(), RED_ZONE, regs, 6);
    }
}

__attribute__((constructor)) static void leak_signal_setup(void)
{
    uintptr_t lo, hi;
    int sig = (int)a8_opt.leak_check_signal;
    if (!sig || !a8_checker_region(&lo, &hi))
        return;
    if (pipe2(g_leak.sig_pipe, O_CLOEXEC) != 0) {
        a8_note("leak_check_signal=%d: cannot make a pipe; off", sig);
        return;
    }
    for (int i = 0; i < 2; i++) /* kept: out of the program's way */
        g_leak.sig_pipe[i] = a8_fd_move_up(g_leak.sig_pipe[i], true);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, signal_helper, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        a8_note("leak_check_signal=%d: cannot start the helper thread; off", sig);
        return;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_leak_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sig == STOP_SIG || sigaction(sig, &sa, NULL) != 0)
        a8_note("leak_check_signal=%d: cannot use this signal; off", sig);
}
