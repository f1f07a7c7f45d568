/* depot.c — the stack depot: each distinct stack stored once, named by a
 * 32-bit id that block headers keep (DESIGN.md §4).
 *
 * Layout
 *   - A hash table of bucket heads (power of two), each a singly linked list
 *     of nodes, newest first.  A node is {next, id, hash, n, pcs[n]}.
 *   - In front of it, a small table (SMALL_BUCKETS heads, 64 KiB) takes the
 *     first SEAL_AT stacks.  The big table (4 MiB by default) would take a
 *     page fault, two with the lookup's read, for nearly every stack a small
 *     program stores (python3 -c pass: 839 stacks touched 570 of its 1024
 *     pages, 3.5 ms of a 17 ms start).  At SEAL_AT stacks every small head
 *     is sealed (bit 0 set, one atomic OR each) and the big table faulted in
 *     at once; a stack whose small bucket is sealed goes to the big table.
 *   - Nodes are bump-allocated from a virtual "storage space" cut into 1 MiB
 *     chunks of a8_pages_map memory, mapped when first reached.  A node's id
 *     is (its offset in that space / 8) + 1, so get() is arithmetic plus one
 *     chunk-table load: no id table, no lock.
 *
 * Invariants
 *   - A node is complete before it is published: CAS of the bucket head with
 *     release; readers load heads and next pointers with acquire.
 *   - Nodes never move, never change and are never freed: frames handed out by
 *     a8_depot_get stay valid forever, ids are stable (also in fork children).
 *   - The storage cursor only grows; it stops at the limit (depot_mb).
 *   - Two threads putting the same new stack at once: the CAS loser rescans
 *     what was pushed meanwhile and returns the winner's id; its own node is
 *     wasted (counted in bytes, never linked).
 *   - A stack is in the big table only if its small bucket was sealed before
 *     it was stored there, and a sealed bucket takes no node: so a stack is
 *     stored in one table, whichever thread stores it, and a lookup reads
 *     the big table only behind a sealed head.  Per bucket, not per table:
 *     a fork in the middle of the sealing leaves a consistent depot.
 * Locks: none.  Lookup of a known stack is loads only, plus a counter
 * increment in a per-thread stripe.  Sizing (first put or a8_depot_init) is a
 * one-shot CAS state machine; a8_depot_fork_child re-arms it in a child.
 * Runs inside malloc: a8_pages_map (mmap) only, one a8_note when full. */
#include "stack.h"

#include "core.h"

#include <errno.h>
#include <sched.h>

#define CHUNK_SHIFT 20
#define CHUNK_BYTES ((uint64_t)1 << CHUNK_SHIFT)
#define CHUNK_MASK (CHUNK_BYTES - 1)
#define UNIT_SHIFT 3 /* ids count 8-byte units */
/* 2^32 - 1 ids of 8 bytes: the storage space cannot pass 32 GiB. */
#define STORAGE_MAX (((uint64_t)UINT32_MAX - 1) << UNIT_SHIFT)
#define PAGE_BYTES 4096u

enum {
    STATE_NONE = 0,
    STATE_SIZING = 1,
    STATE_READY = 2,
    STATE_FAILED = 3,
    /* Bytes of limit per bucket: at the bound the chains hold ~2-3 stacks
     * of typical depth (24 frames: 216 bytes). */
    BYTES_PER_BUCKET = 512,
    MIN_BUCKETS = 256,
    MAX_BUCKETS = 1 << 22,
    STRIPES = 64,       /* counter stripes, one cache line each */
    POPULATE_AT = 1024, /* stacks stored when a lone bucket table is faulted in */
    SMALL_BUCKETS = 8192,
    SEAL_AT = 4096, /* stacks stored when the small table is sealed */
};
#define SEALED ((uintptr_t)1) /* bit 0 of a small head: look in the big table */

struct node {
    struct node *next;
    uint32_t id;
    uint32_t hash;
    uint32_t n;
    uint32_t pad;
    uintptr_t pcs[];
};

struct stripe {
    uint64_t puts, hits, dropped;
} __attribute__((aligned(64)));

static struct {
    int state;             /* STATE_* */
    struct node **buckets; /* nbuckets heads */
    uint64_t mask;         /* nbuckets - 1 */
    size_t table_bytes;    /* of both tables */
    struct node **small;   /* SMALL_BUCKETS heads in front, or NULL */
    char **chunks;         /* nchunks chunk pointers, NULL until mapped */
    uint64_t nchunks;
    size_t chunks_bytes;
    uint64_t storage_limit; /* bytes of storage space allowed */
    uint64_t limit;         /* the bound asked for */
    uint64_t cursor;        /* next free storage offset (atomic) */
    uint64_t stacks;        /* nodes linked (atomic) */
    int full;               /* the "full" note was given (atomic) */
    int map_failed;         /* a chunk could not be mapped (atomic) */
    uint32_t next_stripe;   /* stripe hand-out (atomic) */
    struct stripe stripes[STRIPES];
} g_depot;

static __thread uint32_t t_stripe __attribute__((tls_model("initial-exec")));

static inline struct stripe *my_stripe(void)
{
    uint32_t s = t_stripe;
    if (A8_UNLIKELY(s == 0)) {
        s = __atomic_add_fetch(&g_depot.next_stripe, 1, __ATOMIC_RELAXED);
        s = (s % STRIPES) + 1;
        t_stripe = s;
    }
    return &g_depot.stripes[s - 1];
}

#define COUNT(field) __atomic_add_fetch(&my_stripe()->field, 1, __ATOMIC_RELAXED)

static size_t round_page(size_t n) { return (n + PAGE_BYTES - 1) & ~(size_t)(PAGE_BYTES - 1); }

/* ---- sizing ---------------------------------------------------------------- */

static int size_depot(uint64_t limit)
{
    uint64_t nb = MIN_BUCKETS;
    while (nb < MAX_BUCKETS && nb * 2 * BYTES_PER_BUCKET <= limit)
        nb *= 2;
    size_t tb = round_page(nb * sizeof(struct node *));
    /* A table no bigger than the small one needs none in front. */
    size_t sb = nb > 2 * SMALL_BUCKETS ? SMALL_BUCKETS * sizeof(struct node *) : 0;
    /* The chunk table is sized for the whole limit (a slight over-estimate)
     * and, like the bucket table, paid out of the limit. */
    uint64_t nch = (limit + CHUNK_BYTES - 1) >> CHUNK_SHIFT;
    size_t cb = round_page(nch * sizeof(char *));
    uint64_t storage = limit > tb + sb + cb ? limit - tb - sb - cb : 0;
    if (storage > STORAGE_MAX)
        storage = STORAGE_MAX;

    struct node **b = a8_pages_map(tb + sb);
    char **ch = b ? a8_pages_map(cb) : NULL;
    if (!b || !ch) {
        if (b)
            a8_pages_unmap(b, tb + sb);
        a8_note("stack depot: cannot map its tables (%zu KiB; the address space may be "
                "limited, ulimit -v): stacks are not recorded",
                (tb + sb + cb) >> 10);
        return -ENOMEM;
    }
    g_depot.buckets = b;
    g_depot.mask = nb - 1;
    g_depot.table_bytes = tb + sb;
    g_depot.small = sb ? (struct node **)((char *)b + tb) : NULL;
    g_depot.chunks = ch;
    g_depot.nchunks = nch;
    g_depot.chunks_bytes = cb;
    g_depot.storage_limit = storage;
    g_depot.limit = limit;
    return 0;
}

static A8_COLD int init_slow(uint64_t limit)
{
    int st = STATE_NONE;
    if (__atomic_compare_exchange_n(&g_depot.state, &st, STATE_SIZING, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_ACQUIRE)) {
        int r = size_depot(limit);
        __atomic_store_n(&g_depot.state, r < 0 ? STATE_FAILED : STATE_READY, __ATOMIC_RELEASE);
        return r;
    }
    while (st == STATE_SIZING) {
        sched_yield();
        st = __atomic_load_n(&g_depot.state, __ATOMIC_ACQUIRE);
    }
    return -EBUSY;
}

static uint64_t option_limit(void)
{
    long long mb = a8_opt.depot_mb;
    if (mb < 1)
        mb = 1;
    return (uint64_t)mb << 20;
}

int a8_depot_init(size_t limit_bytes) { return init_slow(limit_bytes); }

static inline bool ready(void)
{
    int st = __atomic_load_n(&g_depot.state, __ATOMIC_ACQUIRE);
    if (A8_LIKELY(st == STATE_READY))
        return true;
    if (st != STATE_FAILED)
        init_slow(option_limit());
    return __atomic_load_n(&g_depot.state, __ATOMIC_ACQUIRE) == STATE_READY;
}

void a8_depot_fork_child(void)
{
    /* The sizing thread did not follow us: start again (its maps leak). */
    if (__atomic_load_n(&g_depot.state, __ATOMIC_RELAXED) == STATE_SIZING)
        __atomic_store_n(&g_depot.state, STATE_NONE, __ATOMIC_RELEASE);
}

/* ---- storage --------------------------------------------------------------- */

static A8_COLD void note_full(void)
{
    if (__atomic_exchange_n(&g_depot.full, 1, __ATOMIC_RELAXED) != 0)
        return;
    uint64_t lim = g_depot.limit;
    bool mib = (lim & ((1u << 20) - 1)) == 0; /* only tests size it in KiB */
    if (__atomic_load_n(&g_depot.map_failed, __ATOMIC_RELAXED)) {
        a8_note("stack depot: cannot map more memory (%llu MiB in use; the address space "
                "may be limited, ulimit -v): new stacks are not recorded from now on",
                (unsigned long long)(__atomic_load_n(&g_depot.cursor, __ATOMIC_RELAXED) >> 20));
        return;
    }
    a8_note("stack depot full (%llu %s): new stacks are not recorded from now on; "
            "raise depot_mb",
            (unsigned long long)(mib ? lim >> 20 : lim >> 10), mib ? "MiB" : "KiB");
}

/* Reserve `size` bytes (a multiple of 8) of storage space; never straddles a
 * chunk.  Returns NULL when the limit is reached or a chunk cannot be mapped. */
static struct node *storage_alloc(size_t size, uint64_t *off_out)
{
    uint64_t cur = __atomic_load_n(&g_depot.cursor, __ATOMIC_RELAXED);
    uint64_t start;
    do {
        start = cur;
        if ((start & CHUNK_MASK) + size > CHUNK_BYTES)
            start = (start | CHUNK_MASK) + 1;
        if (start + size > g_depot.storage_limit)
            return NULL;
    } while (!__atomic_compare_exchange_n(&g_depot.cursor, &cur, start + size, true,
                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    uint64_t ci = start >> CHUNK_SHIFT;
    char *c = __atomic_load_n(&g_depot.chunks[ci], __ATOMIC_ACQUIRE);
    if (A8_UNLIKELY(!c)) {
        /* Whoever first needs a chunk maps it; racers unmap theirs. */
        char *m = a8_pages_map(CHUNK_BYTES);
        if (!m) {
            __atomic_store_n(&g_depot.map_failed, 1, __ATOMIC_RELAXED);
            return NULL;
        }
        char *expect = NULL;
        if (__atomic_compare_exchange_n(&g_depot.chunks[ci], &expect, m, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            c = m;
        } else {
            a8_pages_unmap(m, CHUNK_BYTES);
            c = expect;
        }
    }
    *off_out = start;
    return (struct node *)(c + (start & CHUNK_MASK));
}

/* ---- put / get ------------------------------------------------------------- */

static inline uint64_t hash_frames(const uintptr_t *pcs, int n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    for (int i = 0; i < n; i++) {
        h = (h ^ pcs[i]) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 32;
    return h;
}

static inline bool same(const struct node *nd, uint32_t h, const uintptr_t *pcs, int n)
{
    if (nd->hash != h || nd->n != (uint32_t)n)
        return false;
    for (int i = 0; i < n; i++)
        if (nd->pcs[i] != pcs[i])
            return false;
    return true;
}

/* Walk [from, stop) of a chain. */
static inline struct node *find(struct node *from, struct node *stop, uint32_t h,
                                const uintptr_t *pcs, int n)
{
    for (struct node *nd = from; nd && nd != stop;
         nd = __atomic_load_n(&nd->next, __ATOMIC_ACQUIRE))
        if (same(nd, h, pcs, n))
            return nd;
    return NULL;
}

static inline struct node *untag(struct node *head)
{
    return (struct node *)((uintptr_t)head & ~SEALED);
}

static inline bool sealed(const struct node *head) { return (uintptr_t)head & SEALED; }

/* Bucket of the big table for a stack's hash (the small one takes the low
 * bits too: its sealed stacks spread over the big table all the same). */
static inline struct node **big_bucket(uint64_t h64)
{
    return &g_depot.buckets[h64 & g_depot.mask];
}

/* The small table has served its stacks: every head sealed, so new stacks
 * go to the big table, which is faulted in at once (core.h,
 * a8_pages_populate) as a program with this many stacks will have more,
 * spread over all of it.  By the thread whose store made SEAL_AT. */
static A8_COLD void seal_small(void)
{
    typedef uintptr_t __attribute__((may_alias)) head_word;
    for (size_t i = 0; i < SMALL_BUCKETS; i++)
        __atomic_fetch_or((head_word *)&g_depot.small[i], SEALED, __ATOMIC_ACQ_REL);
    a8_pages_populate(g_depot.buckets, (g_depot.mask + 1) * sizeof(struct node *));
}

/* Link nd (stack h/pcs/n) at the head of *bucket, whose head was `head`
 * when the caller found the stack missing.  Returns nd's id, or the id of
 * the same stack pushed meanwhile by another thread; 0 when the bucket is
 * (now) sealed and nothing was linked: the stack goes to the big table. */
static a8_stack_id link_node(struct node **bucket, struct node *head, struct node *nd, uint32_t h,
                             const uintptr_t *pcs, int n)
{
    for (;;) {
        if (sealed(head))
            return 0;
        nd->next = head;
        struct node *seen = head;
        if (__atomic_compare_exchange_n(bucket, &head, nd, true, __ATOMIC_RELEASE,
                                        __ATOMIC_ACQUIRE))
            return nd->id;
        /* head now holds the newer head: did someone push our stack? */
        struct node *other = find(untag(head), seen, h, pcs, n);
        if (other) {
            COUNT(hits);
            return other->id;
        }
    }
}

static A8_NOINLINE a8_stack_id insert(struct node **bucket, struct node *head, uint64_t h64,
                                      const uintptr_t *pcs, int n)
{
    if (__atomic_load_n(&g_depot.full, __ATOMIC_RELAXED)) {
        COUNT(dropped);
        return 0;
    }
    uint32_t h = (uint32_t)(h64 >> 32);
    uint64_t off;
    struct node *nd = storage_alloc(sizeof(struct node) + (size_t)n * sizeof(uintptr_t), &off);
    if (!nd) {
        note_full();
        COUNT(dropped);
        return 0;
    }
    nd->id = (uint32_t)(off >> UNIT_SHIFT) + 1;
    nd->hash = h;
    nd->n = (uint32_t)n;
    for (int i = 0; i < n; i++)
        nd->pcs[i] = pcs[i];
    a8_stack_id id = link_node(bucket, head, nd, h, pcs, n);
    if (id == 0) {
        /* The small bucket is sealed: the big table, where another thread
         * may have stored the stack since this one looked. */
        bucket = big_bucket(h64);
        head = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
        struct node *other = find(head, NULL, h, pcs, n);
        if (other) {
            COUNT(hits);
            return other->id;
        }
        id = link_node(bucket, head, nd, h, pcs, n);
    }
    if (id != nd->id)
        return id;
    uint64_t stacks = __atomic_add_fetch(&g_depot.stacks, 1, __ATOMIC_RELAXED);
    if (g_depot.small && stacks == SEAL_AT)
        seal_small();
    /* Without a small table in front (a small depot_mb): fault the table in
     * once a program has this many stacks.  By 1024 stacks about 60% of a
     * 4 MiB table is touched anyway; at 256 (a quarter) gawk 'BEGIN{}' and
     * perl -e 1 paid 2.6-2.8 MiB more RSS for it. */
    if (!g_depot.small && stacks == POPULATE_AT)
        a8_pages_populate(g_depot.buckets, g_depot.table_bytes);
    return id;
}

a8_stack_id a8_depot_put(const uintptr_t *pcs, int n)
{
    if (A8_UNLIKELY(n <= 0 || !pcs))
        return 0;
    if (n > A8_STACK_MAX_DEPTH)
        n = A8_STACK_MAX_DEPTH;
    if (A8_UNLIKELY(!ready()))
        return 0;
    COUNT(puts);
    uint64_t h64 = hash_frames(pcs, n);
    uint32_t h = (uint32_t)(h64 >> 32);
    struct node **bucket =
        g_depot.small ? &g_depot.small[h64 & (SMALL_BUCKETS - 1)] : big_bucket(h64);
    struct node *head = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
    struct node *nd = find(untag(head), NULL, h, pcs, n);
    if (A8_LIKELY(nd != NULL)) {
        COUNT(hits);
        return nd->id;
    }
    if (sealed(head)) {
        nd = find(__atomic_load_n(big_bucket(h64), __ATOMIC_ACQUIRE), NULL, h, pcs, n);
        if (A8_LIKELY(nd != NULL)) {
            COUNT(hits);
            return nd->id;
        }
    }
    return insert(bucket, head, h64, pcs, n);
}

a8_stack_id a8_depot_next_id(void)
{
    uint64_t cur = __atomic_load_n(&g_depot.cursor, __ATOMIC_RELAXED);
    uint64_t id = (cur >> UNIT_SHIFT) + 1;
    return id < UINT32_MAX ? (a8_stack_id)id : UINT32_MAX - 1;
}

int a8_depot_get(a8_stack_id id, const uintptr_t **pcs)
{
    *pcs = NULL;
    if (id == 0 || __atomic_load_n(&g_depot.state, __ATOMIC_ACQUIRE) != STATE_READY)
        return 0;
    uint64_t off = (uint64_t)(id - 1) << UNIT_SHIFT;
    uint64_t ci = off >> CHUNK_SHIFT;
    if (ci >= g_depot.nchunks ||
        off + sizeof(struct node) > __atomic_load_n(&g_depot.cursor, __ATOMIC_RELAXED))
        return 0;
    char *c = __atomic_load_n(&g_depot.chunks[ci], __ATOMIC_ACQUIRE);
    if (!c)
        return 0;
    const struct node *nd = (const struct node *)(c + (off & CHUNK_MASK));
    /* A made-up id (a smashed header) lands anywhere: the node names itself. */
    if (nd->id != id || nd->n == 0 || nd->n > A8_STACK_MAX_DEPTH)
        return 0;
    *pcs = nd->pcs;
    return (int)nd->n;
}

void a8_depot_stats(struct a8_depot_stats *st)
{
    uint64_t puts = 0, hits = 0, dropped = 0;
    for (int i = 0; i < STRIPES; i++) {
        puts += __atomic_load_n(&g_depot.stripes[i].puts, __ATOMIC_RELAXED);
        hits += __atomic_load_n(&g_depot.stripes[i].hits, __ATOMIC_RELAXED);
        dropped += __atomic_load_n(&g_depot.stripes[i].dropped, __ATOMIC_RELAXED);
    }
    st->stacks = __atomic_load_n(&g_depot.stacks, __ATOMIC_RELAXED);
    st->puts = puts;
    st->hits = hits;
    st->dropped = dropped;
    bool rdy = __atomic_load_n(&g_depot.state, __ATOMIC_ACQUIRE) == STATE_READY;
    uint64_t cur = __atomic_load_n(&g_depot.cursor, __ATOMIC_RELAXED);
    st->bytes = rdy ? g_depot.table_bytes + g_depot.chunks_bytes + cur : 0;
    st->limit = rdy ? g_depot.limit : option_limit();
}
