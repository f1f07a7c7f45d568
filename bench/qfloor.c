/* qfloor.c — the quarantine floor: a heap that does only what any heap must
 * do to keep freed memory out of reuse the way alloc8's checker does, and
 * nothing else.  A reference column for bench/checker_bench.sh, not a tool.
 *
 * What it shares with the checker (liballoc8.so):
 *   - the interposition layer (liballoc8-interpose.a, like
 *     examples/simple_heap): every entry point, start-up, fork;
 *   - the size classes: 16-byte steps to 256 bytes, four per doubling to
 *     32 KiB; bigger blocks get pages of their own;
 *   - the fills: new memory gets 0xbe (its first 4096 bytes; calloc zero),
 *     freed memory 0xdd (its first 32 KiB); a big block's pages past those
 *     are given back while it waits;
 *   - the quarantine: a freed block waits in a FIFO until the process's
 *     freed slots hold more than QFLOOR_MB (default 256, the checker's
 *     quarantine_mb), and its fill is checked as it leaves;
 *   - per-thread arenas, each with its own lock, so threads do not queue.
 * What it leaves out: redzones, the provenance header (32 bytes here, 80 in
 * the checker) and its checksum, stack capture, guard pages, the checks of
 * free and realloc, the checked calls, the exit check, reports.  So the
 * checker's time over this heap's is what its checking costs; this heap's
 * over native is what the quarantine alone costs, on this machine.
 *
 * At exit it says how many freed blocks were written to after their free
 * (found as they left the quarantine): "qfloor: N freed block(s) written to
 * after free", and nothing when there were none.  tests/sh/bench_floor.sh
 * checks that it really holds freed memory back and checks the fills. */
#include <alloc8.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
    HDR = 32,    /* header bytes before the user pointer */
    ARENAS = 8,  /* threads take them in turn */
    NCLASS = 45, /* class 1..44: slots of 16 B .. 32 KiB */
    SMALL_MAX = 32768,
    CHUNK = 1 << 20, /* an arena takes region space 1 MiB at a time */
    PAGE = 4096,
    MALLOC_FILL = 0xbe,
    FREE_FILL = 0xdd,
    MALLOC_FILL_MAX = 4096,
    FREE_FILL_MAX = 32768,
};
#define REGION ((size_t)64 << 30) /* address space reserved for small slots */

struct hdr {          /* the HDR bytes before the user pointer */
    uint64_t size;    /* bytes requested */
    uint32_t offset;  /* user pointer - slot (or mapping) start */
    uint32_t cls;     /* size class; 0: pages of its own */
    struct hdr *next; /* quarantine FIFO, then free list */
    uint64_t bytes;   /* slot bytes, or the mapping's length */
};
_Static_assert(sizeof(struct hdr) == HDR, "header size");

struct arena {
    atomic_flag lock;
    char *cur, *end;             /* bump space */
    struct hdr *free[NCLASS];    /* slots back from quarantine */
    struct hdr *q_head, *q_tail; /* quarantine, oldest first */
    size_t live_bytes, live;     /* for mallinfo */
} __attribute__((aligned(64)));

static struct {
    struct arena arena[ARENAS];
    char *region;
    _Atomic size_t region_used;
    _Atomic size_t q_bytes; /* slot bytes in every arena's quarantine */
    _Atomic size_t mapped;  /* big blocks' pages */
    _Atomic unsigned next_arena;
    _Atomic size_t bad; /* freed blocks found written to */
    size_t budget;
} g;

static __thread int t_arena __attribute__((tls_model("initial-exec"))) = -1;

static void lock(struct arena *a)
{
    while (atomic_flag_test_and_set_explicit(&a->lock, memory_order_acquire))
        __builtin_ia32_pause();
}
static void unlock(struct arena *a) { atomic_flag_clear_explicit(&a->lock, memory_order_release); }

static struct arena *my_arena(void)
{
    if (t_arena < 0)
        t_arena = (int)(atomic_fetch_add_explicit(&g.next_arena, 1, memory_order_relaxed) % ARENAS);
    return &g.arena[t_arena];
}

/* Size class of a slot of `need` bytes (need <= SMALL_MAX), and its size. */
static unsigned class_of(size_t need, size_t *slot)
{
    if (need <= 256) {
        unsigned c = (unsigned)((need + 15) >> 4);
        *slot = (size_t)c << 4;
        return c;
    }
    unsigned e = 63 - (unsigned)__builtin_clzll(need - 1); /* 2^e < need <= 2^(e+1) */
    unsigned q = (unsigned)((need - 1) >> (e - 2)) & 3;
    *slot = (size_t)(5 + q) << (e - 2);
    return 17 + (e - 8) * 4 + q;
}

static int qf_init(void)
{
    const char *mb = getenv("QFLOOR_MB");
    g.budget = (size_t)(mb && *mb ? strtoull(mb, NULL, 10) : 256) << 20;
    void *r = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED)
        return -1;
    g.region = r;
    for (int i = 0; i < ARENAS; i++)
        atomic_flag_clear(&g.arena[i].lock);
    return 0;
}

static void *qf_alloc(const struct alloc8_req *r)
{
    size_t align = r->align > 16 ? r->align : 16;
    if (r->size > ((size_t)1 << 46) || align > ((size_t)1 << 30))
        return NULL;
    size_t need = r->size + HDR + (align - 16), bytes;
    char *start;
    unsigned cls = 0;
    struct arena *a = my_arena();
    if (need <= SMALL_MAX) {
        cls = class_of(need, &bytes);
        lock(a);
        struct hdr *f = a->free[cls];
        if (f) {
            a->free[cls] = f->next;
            start = (char *)f + HDR - f->offset; /* the slot's start */
        } else {
            if ((size_t)(a->end - a->cur) < bytes) {
                size_t at = atomic_fetch_add_explicit(&g.region_used, CHUNK, memory_order_relaxed);
                if (at + CHUNK > REGION) {
                    unlock(a);
                    return NULL;
                }
                a->cur = g.region + at;
                a->end = a->cur + CHUNK;
            }
            start = a->cur;
            a->cur += bytes;
        }
    } else {
        bytes = (need + PAGE - 1) & ~(size_t)(PAGE - 1);
        void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        start = m;
        atomic_fetch_add_explicit(&g.mapped, bytes, memory_order_relaxed);
        lock(a);
    }
    a->live++;
    a->live_bytes += r->size;
    unlock(a);
    uintptr_t user = ((uintptr_t)start + HDR + align - 1) & ~(uintptr_t)(align - 1);
    struct hdr *h = (struct hdr *)(user - HDR);
    h->size = r->size;
    h->offset = (uint32_t)(user - (uintptr_t)start);
    h->cls = cls;
    h->next = NULL;
    h->bytes = bytes;
    if (r->flags & ALLOC8_F_ZERO)
        memset((void *)user, 0, r->size);
    else
        memset((void *)user, MALLOC_FILL, r->size < MALLOC_FILL_MAX ? r->size : MALLOC_FILL_MAX);
    return (void *)user;
}

static size_t fill_len(const struct hdr *h)
{
    return h->size < FREE_FILL_MAX ? h->size : FREE_FILL_MAX;
}

/* Whether a block leaving the quarantine still holds its free fill. */
static int fill_intact(const struct hdr *h)
{
    const unsigned char *p = (const unsigned char *)h + HDR;
    size_t n = fill_len(h), i = 0;
    uint64_t want = 0x0101010101010101ull * FREE_FILL, diff = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        diff |= w ^ want;
    }
    for (; i < n; i++)
        diff |= (uint64_t)(p[i] ^ FREE_FILL);
    return diff == 0;
}

static void qf_free(void *p, const struct alloc8_req *req)
{
    (void)req;
    struct hdr *h = (struct hdr *)((char *)p - HDR);
    memset(p, FREE_FILL, fill_len(h));
    if (!h->cls && h->size > FREE_FILL_MAX) {
        /* A big block's pages past its fill go back while it waits. */
        uintptr_t lo = ((uintptr_t)p + FREE_FILL_MAX + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
        uintptr_t hi = ((uintptr_t)h - h->offset + HDR + h->bytes) & ~(uintptr_t)(PAGE - 1);
        if (lo < hi)
            madvise((void *)lo, hi - lo, MADV_DONTNEED);
    }
    struct arena *a = my_arena();
    struct hdr *unmap = NULL;
    lock(a);
    a->live--;
    a->live_bytes -= h->size;
    if (a->q_tail)
        a->q_tail->next = h;
    else
        a->q_head = h;
    a->q_tail = h;
    size_t held = atomic_fetch_add_explicit(&g.q_bytes, h->bytes, memory_order_relaxed) + h->bytes;
    /* Over budget: the oldest of this arena's blocks leave, fill checked.
     * Only this arena's: an arena whose threads stop freeing keeps its
     * share (the checker's drains such an arena over time), so with
     * threads the floor may hold a little more than the budget. */
    while (held > g.budget && a->q_head) {
        struct hdr *o = a->q_head;
        a->q_head = o->next;
        if (!a->q_head)
            a->q_tail = NULL;
        if (!fill_intact(o))
            atomic_fetch_add_explicit(&g.bad, 1, memory_order_relaxed);
        held = atomic_fetch_sub_explicit(&g.q_bytes, o->bytes, memory_order_relaxed) - o->bytes;
        if (o->cls) {
            o->next = a->free[o->cls];
            a->free[o->cls] = o;
        } else {
            o->next = unmap;
            unmap = o;
        }
    }
    unlock(a);
    while (unmap) {
        struct hdr *o = unmap;
        unmap = o->next;
        atomic_fetch_sub_explicit(&g.mapped, o->bytes, memory_order_relaxed);
        munmap((char *)o + HDR - o->offset, o->bytes);
    }
}

static size_t qf_usable(const void *p)
{
    return ((const struct hdr *)((const char *)p - HDR))->size;
}

static void qf_info(struct alloc8_heap_info *hi)
{
    size_t live = 0, bytes = 0;
    for (int i = 0; i < ARENAS; i++) {
        lock(&g.arena[i]);
        live += g.arena[i].live;
        bytes += g.arena[i].live_bytes;
        unlock(&g.arena[i]);
    }
    hi->mapped_bytes = atomic_load(&g.region_used) + atomic_load(&g.mapped);
    hi->in_use_bytes = bytes;
    hi->live_blocks = live;
    hi->free_bytes = atomic_load(&g.q_bytes);
}

static void qf_fork_prepare(void)
{
    for (int i = 0; i < ARENAS; i++)
        lock(&g.arena[i]);
}
static void qf_fork_release(void)
{
    for (int i = ARENAS - 1; i >= 0; i--)
        unlock(&g.arena[i]);
}

/* The one line at exit, with write(2): no stdio, no allocation. */
__attribute__((destructor)) static void qf_report(void)
{
    size_t n = atomic_load(&g.bad);
    if (!n)
        return;
    char buf[96], num[24];
    int k = 0, len = 0;
    do
        num[k++] = (char)('0' + n % 10);
    while ((n /= 10));
    memcpy(buf, "qfloor: ", 8);
    len = 8;
    while (k)
        buf[len++] = num[--k];
    const char *tail = " freed block(s) written to after free\n";
    memcpy(buf + len, tail, strlen(tail));
    len += (int)strlen(tail);
    if (write(2, buf, (size_t)len) < 0)
        return;
}

static const struct alloc8_heap qfloor_heap = {
    .name = "qfloor",
    .init = qf_init,
    .alloc = qf_alloc,
    .free = qf_free,
    .usable_size = qf_usable,
    .info = qf_info,
    .fork_prepare = qf_fork_prepare,
    .fork_parent = qf_fork_release,
    .fork_child = qf_fork_release,
};

ALLOC8_DEFINE_HEAP(qfloor_heap)
