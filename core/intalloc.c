/* intalloc.c — the internal arena: memory for alloc8 itself and for every
 * allocation made while the re-entrancy guard is raised (libdw, libunwind,
 * dlsym, dlopen) or before initialisation completes (the bootstrap).
 *
 * Invariants
 *   - All blocks live in one address range reserved once (PROT_NONE, then
 *     committed in steps), so a8_int_owns() is two compares and free() can
 *     recognise an internal block at any depth, before any header is read.
 *   - Power-of-two slots from 32 bytes up; a 16-byte header right before the
 *     user pointer gives the slot class and the distance back to the slot
 *     start (aligned requests place the user pointer further in).
 *   - Never checked, never reported, never returned to the kernel except by
 *     madvise(DONTNEED) of big free slots.
 * Locks: one arena lock (rank: last — nothing is called while holding it).
 * Runs inside malloc: mmap/mprotect/madvise only. */
#include "core.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

enum {
    HDR = 16,            /* header bytes before each user pointer */
    MIN_SHIFT = 5,       /* smallest slot: 32 bytes (16 header + 16) */
    MAX_SHIFT = 40,      /* largest slot: 1 TiB (bounded by the range) */
    DONTNEED_SHIFT = 18, /* free slots >= 256 KiB give their pages back */
};
#define RESERVE_BYTES (64ULL << 30)   /* address space only: PROT_NONE */
#define RESERVE_LIMITED (32ULL << 20) /* under RLIMIT_AS: an eighth of the room, at least this */
#define RESERVE_MIN (16ULL << 20)     /* and halve down to this if need be */
#define COMMIT_STEP (2ULL << 20)
#define HDR_MAGIC 0xa18c0de5u

struct hdr {
    uint32_t magic;
    uint32_t shift;  /* slot size = 1 << shift */
    uint64_t offset; /* user pointer - slot start */
};

struct free_slot {
    struct free_slot *next;
};

static struct {
    a8_lock_t lock;
    char *base, *cur, *committed, *end; /* reserved [base, end) */
    struct free_slot *free[MAX_SHIFT + 1];
    struct a8_int_stats st;
    bool failed; /* the reservation failed once: say it once */
} g_int = {A8_LOCK_INIT, 0, 0, 0, 0, {0}, {0}, false};

/* ---- alloc8's own mappings ---------------------------------------------
 * A table of [lo, hi) that a8_pages_map and a8_own_add fill, so the leak
 * check can leave alloc8's memory out when it scans the program's anonymous
 * mappings (per-thread stack memos hold stack words, the leak check's own
 * work stack holds block addresses).  Lock-free: a8_pages_map runs inside
 * malloc and in signal handlers.  A slot is claimed by a CAS of lo from 0,
 * then hi is published; a reader that finds hi still 0 (a thread stopped
 * between the two stores) skips it.  Most processes use a few dozen slots;
 * one per thread that captured a stack. */
#define OWN_MAX 65536u
static struct {
    uintptr_t lo, hi;
} g_own[OWN_MAX];
static unsigned g_own_top;  /* slots [0, top) have been used */
static bool g_own_overflow; /* a range could not be recorded */

void a8_own_add(const void *p, size_t size)
{
    uintptr_t lo = (uintptr_t)p;
    if (!lo || !size || __atomic_load_n(&g_own_overflow, __ATOMIC_RELAXED))
        return; /* once full, a8_own_each says it is incomplete anyway */
    for (unsigned i = 0; i < OWN_MAX; i++) {
        uintptr_t z = 0;
        if (__atomic_load_n(&g_own[i].lo, __ATOMIC_RELAXED) == 0 &&
            __atomic_compare_exchange_n(&g_own[i].lo, &z, lo, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED)) {
            __atomic_store_n(&g_own[i].hi, lo + size, __ATOMIC_RELEASE);
            unsigned top = __atomic_load_n(&g_own_top, __ATOMIC_RELAXED);
            while (top < i + 1 && !__atomic_compare_exchange_n(&g_own_top, &top, i + 1, true,
                                                               __ATOMIC_RELEASE, __ATOMIC_RELAXED))
                ;
            return;
        }
    }
    __atomic_store_n(&g_own_overflow, true, __ATOMIC_RELAXED);
}

void a8_own_del(const void *p)
{
    uintptr_t lo = (uintptr_t)p;
    unsigned top = __atomic_load_n(&g_own_top, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < top; i++) {
        if (__atomic_load_n(&g_own[i].lo, __ATOMIC_RELAXED) == lo) {
            __atomic_store_n(&g_own[i].hi, 0, __ATOMIC_RELAXED);
            __atomic_store_n(&g_own[i].lo, 0, __ATOMIC_RELEASE);
            return;
        }
    }
}

bool a8_own_each(void (*fn)(uintptr_t lo, uintptr_t hi, void *ctx), void *ctx)
{
    if (g_int.base)
        fn((uintptr_t)g_int.base, (uintptr_t)g_int.end, ctx);
    unsigned top = __atomic_load_n(&g_own_top, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < top; i++) {
        uintptr_t lo = __atomic_load_n(&g_own[i].lo, __ATOMIC_ACQUIRE);
        uintptr_t hi = __atomic_load_n(&g_own[i].hi, __ATOMIC_ACQUIRE);
        if (lo && hi > lo)
            fn(lo, hi, ctx);
    }
    return !__atomic_load_n(&g_own_overflow, __ATOMIC_RELAXED);
}

void *a8_pages_map(size_t size)
{
    int saved_errno = errno;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    errno = saved_errno;
    if (p == MAP_FAILED)
        return NULL;
    a8_own_add(p, size);
    return p;
}

void a8_pages_populate(void *p, size_t size)
{
    if (a8_sandboxed())
        return; /* newer madvise advice: a filter may kill for it */
    int saved_errno = errno;
    madvise(p, size, A8_MADV_POPULATE_WRITE); /* older kernels: EINVAL, no harm */
    errno = saved_errno;
}

void a8_pages_unmap(void *p, size_t size)
{
    int saved_errno = errno;
    a8_own_del(p);
    munmap(p, size);
    errno = saved_errno;
}

bool a8_int_owns(const void *p)
{
    const char *c = p;
    return c >= g_int.base && c < g_int.end;
}

static unsigned shift_for(size_t need)
{
    unsigned s = MIN_SHIFT;
    while (s < MAX_SHIFT && ((size_t)1 << s) < need)
        s++;
    return s;
}

/* Called with the lock held.  Returns a fresh slot or NULL. */
static char *bump(size_t slot)
{
    if (!g_int.base) {
        /* The reservation counts against RLIMIT_AS (ulimit -v): under a
         * limit, an eighth of what is left (the heap's region and the
         * program's own mappings share the rest), else what we can get. */
        void *r = MAP_FAILED;
        size_t bytes = RESERVE_BYTES, room = a8_as_room();
        if (room != SIZE_MAX) {
            bytes = room / 8 > RESERVE_LIMITED ? room / 8 : RESERVE_LIMITED;
            bytes = bytes < RESERVE_BYTES ? bytes & ~(COMMIT_STEP - 1) : RESERVE_BYTES;
        }
        for (; bytes >= RESERVE_MIN && r == MAP_FAILED; bytes /= 2)
            r = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (r == MAP_FAILED)
            return NULL;
        bytes *= 2;                       /* undo the loop's last halving */
        madvise(r, bytes, MADV_DONTDUMP); /* committed steps are marked DODUMP */
        g_int.base = g_int.cur = g_int.committed = r;
        g_int.end = g_int.base + bytes;
        g_int.st.reserved = bytes;
    }
    /* Slots are naturally aligned to their size (up to the page size), so an
     * aligned request only needs the slack computed in a8_int_alloc. */
    uintptr_t a = slot < 4096 ? slot : 4096;
    char *p = (char *)(((uintptr_t)g_int.cur + a - 1) & ~(a - 1));
    if ((size_t)(g_int.end - p) < slot)
        return NULL;
    char *need = p + slot;
    if (need > g_int.committed) {
        size_t grow = (size_t)(need - g_int.committed);
        grow = (grow + COMMIT_STEP - 1) & ~(COMMIT_STEP - 1);
        if ((size_t)(g_int.end - g_int.committed) < grow)
            grow = (size_t)(g_int.end - g_int.committed);
        if (mprotect(g_int.committed, grow, PROT_READ | PROT_WRITE))
            return NULL;
        if (!a8_sandboxed())
            madvise(g_int.committed, grow, MADV_DODUMP);
        g_int.committed += grow;
        g_int.st.committed += grow;
    }
    g_int.cur = need;
    return p;
}

/* The arena lock, noted per thread (a8_tls.int_locked) from before it is
 * taken until after it is let go: a signal handler's allocation on a thread
 * that holds it, or is about to, must not wait for it (entry.c). */
static void int_lock(void)
{
    a8_tls.int_locked = 1;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    a8_lock(&g_int.lock);
}

static void int_unlock(void)
{
    a8_unlock(&g_int.lock);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    a8_tls.int_locked = 0;
}

void *a8_int_alloc(size_t size, size_t align)
{
    if (align < HDR)
        align = HDR;
    if (align & (align - 1))
        return NULL;
    /* header + payload + slack to reach the alignment */
    size_t need = size + HDR + (align > HDR ? align - HDR : 0);
    if (need < size || need > ((size_t)1 << MAX_SHIFT))
        return NULL;
    unsigned shift = shift_for(need);
    int saved_errno = errno;
    int_lock();
    char *slot;
    if (g_int.free[shift]) {
        slot = (char *)g_int.free[shift];
        g_int.free[shift] = g_int.free[shift]->next;
    } else {
        slot = bump((size_t)1 << shift);
    }
    if (slot) {
        g_int.st.allocs++;
        g_int.st.in_use += (size_t)1 << shift;
        if (g_int.st.in_use > g_int.st.peak)
            g_int.st.peak = g_int.st.in_use;
    }
    int_unlock();
    errno = saved_errno;
    if (!slot)
        return NULL;
    uintptr_t user = ((uintptr_t)slot + HDR + align - 1) & ~(uintptr_t)(align - 1);
    struct hdr *h = (struct hdr *)(user - HDR);
    h->magic = HDR_MAGIC;
    h->shift = shift;
    h->offset = user - (uintptr_t)slot;
    return (void *)user;
}

static struct hdr *hdr_of(const void *p)
{
    struct hdr *h = (struct hdr *)((uintptr_t)p - HDR);
    if (h->magic != HDR_MAGIC || h->shift < MIN_SHIFT || h->shift > MAX_SHIFT ||
        h->offset >= ((uint64_t)1 << h->shift))
        return NULL;
    return h;
}

size_t a8_int_usable(const void *p)
{
    struct hdr *h = hdr_of(p);
    return h ? ((size_t)1 << h->shift) - h->offset : 0;
}

void a8_int_free(void *p)
{
    if (!p)
        return;
    struct hdr *h = hdr_of(p);
    if (!h) /* corrupt or not ours: leaking is the only safe choice */
        return;
    unsigned shift = h->shift;
    struct free_slot *slot = (struct free_slot *)((uintptr_t)p - h->offset);
    h->magic = 0;
    int saved_errno = errno;
    if (shift >= DONTNEED_SHIFT)
        madvise((char *)slot + 4096, ((size_t)1 << shift) - 4096, MADV_DONTNEED);
    int_lock();
    slot->next = g_int.free[shift];
    g_int.free[shift] = slot;
    g_int.st.frees++;
    g_int.st.in_use -= (size_t)1 << shift;
    int_unlock();
    errno = saved_errno;
}

void *a8_int_calloc(size_t nmemb, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(nmemb, size, &total))
        return NULL;
    void *p = a8_int_alloc(total, 0);
    if (p)
        memset(p, 0, total);
    return p;
}

void *a8_int_realloc(void *p, size_t size)
{
    if (!p)
        return a8_int_alloc(size, 0);
    size_t old = a8_int_usable(p);
    if (size <= old && size >= old / 4)
        return p;
    void *q = a8_int_alloc(size, 0);
    if (!q)
        return NULL;
    memcpy(q, p, old < size ? old : size);
    a8_int_free(p);
    return q;
}

void a8_int_stats(struct a8_int_stats *st)
{
    a8_lock(&g_int.lock);
    *st = g_int.st;
    a8_unlock(&g_int.lock);
}

void a8_int_fork_prepare(void) { a8_lock(&g_int.lock); }
void a8_int_fork_parent(void) { a8_unlock(&g_int.lock); }
void a8_int_fork_child(void) { a8_lock_reinit(&g_int.lock); }
