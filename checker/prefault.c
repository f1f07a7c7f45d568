/* prefault.c — fault in the heap's next pages on another CPU.
 *
 * The checker's heap never reuses memory while the quarantine fills, so a
 * program that allocates steadily touches fresh pages all the time, and the
 * kernel's work per new page (charge, zero, map: ~1 µs in a VM) is 10–25% of
 * its run.  heap.c asks here for the pages just ahead of its bump cursor to
 * be faulted in (MADV_POPULATE_WRITE) by an io_uring worker, a kernel thread
 * of this process that runs on another CPU, so the program's thread finds
 * them mapped.
 *
 * Why io_uring and not a thread of our own: a kernel io worker takes no
 * signals, has no TLS or stack of ours, and is invisible to glibc (a
 * single-threaded program stays one, __libc_single_threaded included).  The
 * ring's file descriptor is registered with the ring itself and closed at
 * once, so the program never sees an extra descriptor (closefrom, fd
 * counts).  One bounded worker at most (IORING_REGISTER_IOWQ_MAX_WORKERS).
 *
 * Anything missing — io_uring (Linux 5.18 for registered ring fds), the
 * madvise op, a seccomp filter that could refuse it — and a8_prefault_submit
 * says false; the caller then populates in line, as before.  Only the thread
 * that made the ring submits (registered rings are per thread), and a fork
 * child forgets the parent's ring (its pages are shared with the parent's)
 * and may make its own.  A signal handler that allocates in the middle of a
 * submission finds the ring busy and is told false. */
#include "checker.h"

#include <errno.h>
#include <linux/io_uring.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#define __NR_io_uring_enter 426
#define __NR_io_uring_register 427
#endif
/* Opcodes and flags newer than some distributions' <linux/io_uring.h>. */
#define REG_IOWQ_MAX_WORKERS 19 /* IORING_REGISTER_IOWQ_MAX_WORKERS, 5.15 */
#define REG_RING_FDS 20         /* IORING_REGISTER_RING_FDS, 5.18 */
#define ENTER_REGISTERED_RING (1U << 4)

enum { ENTRIES = 64, OFF = 0, UNTRIED, ON };
#define PIECE (2u << 20) /* bytes per request: smaller ones measured no better */

static struct {
    int state;      /* UNTRIED, ON or OFF */
    int busy;       /* a submission is under way on the owner thread */
    pid_t owner;    /* the thread whose registered ring index we hold */
    pid_t pid;      /* the process this memory belongs to (a8_prefault_init, fork) */
    unsigned index; /* registered ring index (not a file descriptor) */
    void *ring;     /* SQ and CQ rings, one mapping */
    size_t ring_len;
    struct io_uring_sqe *sqes;
    size_t sqes_len;
    unsigned *sq_head, *sq_tail, *sq_mask, *sq_array;
    unsigned *cq_head, *cq_tail, *cq_mask;
    struct io_uring_cqe *cqes;
    unsigned long submitted, failed;
} g_pf = {.state = UNTRIED};

static long sys4(long nr, long a, long b, long c, long d)
{
    int saved_errno = errno;
    long r = syscall(nr, a, b, c, d, 0L, 0L);
    if (r < 0)
        r = -errno;
    errno = saved_errno;
    return r;
}

static void forget(void)
{
    if (g_pf.ring)
        munmap(g_pf.ring, g_pf.ring_len);
    if (g_pf.sqes)
        munmap(g_pf.sqes, g_pf.sqes_len);
    g_pf.ring = NULL;
    g_pf.sqes = NULL;
}

/* One try per process (per fork child): true when the ring is ready. */
static bool setup(void)
{
    int saved_errno = errno;
    g_pf.state = OFF;
    /* A seccomp filter may kill the process for a system call it does not
     * expect; stay with plain madvise under one. */
    if (a8_seccomp_active()) {
        errno = saved_errno;
        return false;
    }
    /* Completions are run by this thread when it next submits (6.1+), or
     * at its next system call (5.19+), never by interrupting it: by
     * default each completion sends the submitter an IPI, which cost churn
     * more than the populating saved. */
    static const unsigned flag_sets[] = {
        IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
        IORING_SETUP_COOP_TASKRUN,
    };
    struct io_uring_params p;
    long fd = -1;
    for (unsigned k = 0; k < sizeof flag_sets / sizeof flag_sets[0] && fd < 0; k++) {
        memset(&p, 0, sizeof p);
        p.flags = flag_sets[k];
        fd = sys4(__NR_io_uring_setup, ENTRIES, (long)&p, 0, 0);
    }
    if (fd < 0) {
        errno = saved_errno;
        return false;
    }
    bool ok = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (ok) {
        size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
        size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
        g_pf.ring_len = sq_len > cq_len ? sq_len : cq_len;
        g_pf.sqes_len = p.sq_entries * sizeof(struct io_uring_sqe);
        void *ring = mmap(NULL, g_pf.ring_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                          (int)fd, IORING_OFF_SQ_RING);
        void *sqes = mmap(NULL, g_pf.sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                          (int)fd, IORING_OFF_SQES);
        g_pf.ring = ring == MAP_FAILED ? NULL : ring;
        g_pf.sqes = sqes == MAP_FAILED ? NULL : sqes;
        ok = g_pf.ring && g_pf.sqes;
    }
    if (ok) {
        char *r = g_pf.ring;
        g_pf.sq_head = (unsigned *)(r + p.sq_off.head);
        g_pf.sq_tail = (unsigned *)(r + p.sq_off.tail);
        g_pf.sq_mask = (unsigned *)(r + p.sq_off.ring_mask);
        g_pf.sq_array = (unsigned *)(r + p.sq_off.array);
        g_pf.cq_head = (unsigned *)(r + p.cq_off.head);
        g_pf.cq_tail = (unsigned *)(r + p.cq_off.tail);
        g_pf.cq_mask = (unsigned *)(r + p.cq_off.ring_mask);
        g_pf.cqes = (struct io_uring_cqe *)(r + p.cq_off.cqes);
        /* At most one kernel worker, bounded or not. */
        unsigned max_workers[2] = {1, 1};
        sys4(__NR_io_uring_register, fd, REG_IOWQ_MAX_WORKERS, (long)max_workers, 2);
        /* Register the ring's own descriptor, then close it: the program's
         * descriptor table is left as it was. */
        struct io_uring_rsrc_update up;
        memset(&up, 0, sizeof up);
        up.offset = ~0u; /* any free slot */
        up.data = (uint64_t)fd;
        long n = sys4(__NR_io_uring_register, fd, REG_RING_FDS, (long)&up, 1);
        ok = n == 1;
        g_pf.index = up.offset;
    }
    close((int)fd);
    if (!ok) {
        forget();
        errno = saved_errno;
        return false;
    }
    g_pf.owner = a8_gettid();
    g_pf.state = ON;
    errno = saved_errno;
    return true;
}

/* Completions carry nothing we wait for: count failures, free the slots. */
static void reap(void)
{
    unsigned head = *g_pf.cq_head;
    unsigned tail = __atomic_load_n(g_pf.cq_tail, __ATOMIC_ACQUIRE);
    for (; head != tail; head++)
        if (g_pf.cqes[head & *g_pf.cq_mask].res < 0)
            g_pf.failed++;
    __atomic_store_n(g_pf.cq_head, head, __ATOMIC_RELEASE);
}

bool a8_prefault_submit(void *addr, size_t len)
{
    if (__atomic_exchange_n(&g_pf.busy, 1, __ATOMIC_ACQUIRE))
        return false;
    bool ok = false;
    /* Not in a vfork child (or a clone sharing memory without being a
     * thread): setting up there would leave the parent a ring it cannot
     * use, owned by a thread that is gone. */
    if (g_pf.state == UNTRIED && a8_getpid() == g_pf.pid)
        setup();
    if (g_pf.state == ON && a8_gettid() == g_pf.owner) {
        reap();
        unsigned tail = *g_pf.sq_tail, n = 0;
        unsigned room = ENTRIES - (tail - __atomic_load_n(g_pf.sq_head, __ATOMIC_ACQUIRE));
        /* In pieces: the worker takes the mm's lock for one at a time. */
        for (size_t off = 0; off < len && n < room; off += PIECE, n++) {
            unsigned i = (tail + n) & *g_pf.sq_mask;
            struct io_uring_sqe *s = &g_pf.sqes[i];
            memset(s, 0, sizeof *s);
            s->opcode = IORING_OP_MADVISE;
            s->fd = -1;
            s->addr = (uintptr_t)addr + off;
            s->len = (uint32_t)(len - off < PIECE ? len - off : PIECE);
            s->fadvise_advice = A8_MADV_POPULATE_WRITE;
            g_pf.sq_array[i] = i;
        }
        if (n) {
            __atomic_store_n(g_pf.sq_tail, tail + n, __ATOMIC_RELEASE);
            long r = sys4(__NR_io_uring_enter, g_pf.index, n, 0,
                          ENTER_REGISTERED_RING | IORING_ENTER_GETEVENTS);
            ok = r == (long)n;
            if (ok)
                g_pf.submitted += n;
            else
                g_pf.state = OFF; /* never again: the caller populates in line */
        }
    }
    __atomic_store_n(&g_pf.busy, 0, __ATOMIC_RELEASE);
    return ok;
}

void a8_prefault_init(void) { g_pf.pid = a8_getpid(); }

bool a8_prefault_off(void) { return __atomic_load_n(&g_pf.state, __ATOMIC_RELAXED) == OFF; }

void a8_prefault_fork_child(void)
{
    /* The rings are mapped shared with the parent's: never write them here.
     * The child's thread has no registered rings; it may make its own. */
    forget();
    g_pf.state = UNTRIED;
    g_pf.pid = a8_getpid();
    g_pf.busy = 0;
    g_pf.submitted = g_pf.failed = 0; /* the child's figures are its own */
}

void a8_prefault_stats(unsigned long *submitted, unsigned long *failed)
{
    *submitted = g_pf.submitted;
    *failed = g_pf.failed;
}
