/* heap.c — the debug heap: guarded blocks, quarantine, provenance.
 *
 * 1. Region.  One address range of REGION_BYTES is reserved at start-up
 *    (PROT_NONE, opened 2 MiB at a time as spans are used).  It is cut into 64 KiB spans; a
 *    span table (one 32-bit entry per span, sp_* encoding below) says what
 *    each span holds.  So "is p ours, and which block contains it?" is a
 *    range test, a table load and a division — from the address alone,
 *    before any header is read.
 *
 * 2. Spans.  A small span holds slots of one size class (96 B .. 32 KiB
 *    slots: 16-byte steps to 256 B, four classes per doubling above) for
 *    one arena.  A large block gets a
 *    run of whole spans; its head entry names the class LARGE, the others
 *    point back to the head.  Freed large runs are kept in a run cache
 *    (spans_put), or their pages given back with madvise and their address
 *    range put in a free list that later runs and spans are cut from.  A
 *    small span keeps its own free slots and a count of the slots taken
 *    (span_meta); one whose slots have all come back is given back the same
 *    way (span_emptied), so the memory freed blocks hold stays bounded by
 *    the quarantine however the program's sizes move.
 *
 * 3. Block layout (every block, small or large):
 *
 *      slot start                                       slot end
 *      | header (A8_BH_SIZE) | left redzone | user bytes | right redzone + slack |
 *                                           ^ user pointer (aligned)
 *
 *    The header sits before the left redzone (not next to the user bytes, as
 *    DESIGN.md first drew it) so that an underflow of a few bytes lands in
 *    pattern bytes that a check can compare byte for byte, and the header is
 *    itself guarded by the redzone; a stray write that still reaches it is
 *    caught by bh_csum.  Redzones and slack hold A8_REDZONE_BYTE; new memory
 *    holds malloc_fill (calloc: zero), freed memory free_fill.
 *
 * 4. Arenas.  ARENAS arenas, each with its own lock, size-class cursors and
 *    free lists, and its own quarantine FIFOs.  A thread allocates from
 *    arena (tid % ARENAS); a free goes to the arena that owns the block, and
 *    into that arena's FIFO.  No global lock on the alloc/free path.
 *
 * 5. Life of a block: LIVE → (free) QUARANTINED → (evicted, fill verified)
 *    FREE → reused.  Checks run at free, realloc, eviction, exit, on demand
 *    (alloc8_check_heap) and every check_every allocations.  The checker only
 *    records: an error fills an a8_error on the stack, the locks are dropped,
 *    then reports/ prints it.
 *
 * 6. Quarantine budget.  The budgets are the process's, not an arena's: a
 *    single-threaded program gets all of quarantine_mb.  Plain blocks count
 *    the memory they keep from reuse (a small block's whole slot and its
 *    share of its span's unused tail, quar_weight; a large block's run,
 *    whose pages past the fill are given back while it waits), and the
 *    caches of freed memory (emptied spans, cached runs: g_heap.q_cache,
 *    held to a sixteenth of the budget) count with them, so quarantine_mb
 *    bounds what freed blocks pin;
 *    guarded blocks count one each, guard_max / 2 of them (guard_max is the
 *    process's too).  g_heap.q_held has the totals (atomics, each arena
 *    folding its changes in by steps of budget / 1024: quar_account).  A
 *    free that finds a total over budget evicts, oldest first, from its own
 *    arena's FIFO while that holds at least its fair share (budget /
 *    ARENAS), else from the arena holding the most, taken with a8_trylock
 *    after dropping its own lock (a busy one is left to the next free); and
 *    every 8th eviction of a thread goes to the arena holding the most when
 *    that holds over twice its own.  So a busy arena pays for its own frees,
 *    and an arena gone quiet is drained by the others, over time, down to
 *    about twice theirs.
 *
 * Lock order (take lower ranks first; fork takes them all in this order):
 *    1 arena locks, by index    2 g_heap.span_lock    3 the internal arena
 * Only fork and the leak scan hold more than one arena lock; everything
 * else, eviction from another arena included, holds one at a time.
 * Header, redzone and state writes happen under the owning arena's lock, so
 * a heap walk that holds that lock sees consistent blocks.
 * Runs inside malloc: no stdio, no libc allocation; the guard is raised
 * around stack capture and reporting.
 */
#include "checker.h"
#include "unwind.h"
#include "reports.h"
#include "leak.h"
#include "symbolize.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#if !defined(A8_PREFIXED)
/* The fills and realloc's copy go straight to the C library (checker.h). */
#define memset(d, c, n) a8_memset(d, c, n)
#define memcpy(d, s, n) a8_memcpy(d, s, n)
#endif

#define REGION_MAX (1ULL << 38)  /* 256 GiB of address space, if we can have it */
#define REGION_MIN (16ULL << 20) /* halve down to this if need be */
#define REGION_BYTES g_heap.region_bytes
#define SPAN_SHIFT 16
#define SPAN_BYTES (1ULL << SPAN_SHIFT)
#define NSPANS (g_heap.region_bytes >> SPAN_SHIFT)
#define COMMIT_SPANS 32 /* 2 MiB: what spans_get opens at a time */
#define ARENAS 16
#define MAX_SMALL_SLOT 32768
#define NCLASS 48
#define PAGE 4096
#define GUARD_MAX_PAGES 4 /* guarded blocks: 1..4 pages plus the guard page */
#define GPEND_MAX 16      /* freed guarded blocks closed together (gclose_flush) */
#define MIB (1ULL << 20)

/* Span table entries (sp_*): 0 unused; otherwise
 *   bits 0-7   class index (1..NCLASS) or SP_LARGE
 *   bits 8-15  arena
 *   bit 31     continuation of a large run: bits 0-30 = spans back to head */
#define SP_LARGE 0xffu
#define SP_CONT 0x80000000u
#define SP_ENTRY(cls, arena) ((uint32_t)(cls) | ((uint32_t)(arena) << 8))
#define SP_CLASS(e) ((e)&0xffu)
#define SP_ARENA(e) (((e) >> 8) & 0xffu)

/* Spans are named in lists by index + 1 (0: none). */
typedef uint32_t span_id;

struct size_class {
    char *cur, *end; /* bump cursor within the current span */
    /* The class's spans that have free slots (span_meta.free), the span
     * of the slot released last first (slot_release moves it there): a
     * slot is taken from the head, the one the last eviction read, still
     * warm, as from one list of the class's slots, last in first out. */
    span_id head, tail;
    span_id empty;  /* a span with no slot taken, kept for reuse (span_emptied) */
    uint32_t spans; /* spans this class of this arena has taken */
    char *half;     /* threaded: the current span's second half, not faulted in yet */
};

/* Per span of a small class, by span index (g_heap.span_meta): its free
 * slots and how many slots are taken.  A cache line each, so that the
 * neighbouring spans of different arenas share none. */
struct span_meta {
    struct a8_bh *free; /* free slots of this span, linked by bh_next */
    uint32_t used;      /* slots taken: live, quarantined or retired */
    span_id next, prev; /* in its class's list of spans with free slots */
} __attribute__((aligned(64)));

struct arena {
    a8_lock_t lock;
    struct size_class cls[NCLASS + 1];
    /* Quarantine FIFOs of this arena's blocks, oldest at head, bounded
     * together with all arenas' (essay §6): [0] plain blocks, in slot bytes;
     * [1] guarded blocks, in count so the guard budget turns over. */
    struct quarantine {
        struct a8_bh *head, *tail;
        size_t bytes, blocks; /* user bytes and blocks in it */
        size_t held;          /* what it counts against the budget (quar_weight) */
        ptrdiff_t pending;    /* change of held not yet in g_heap.q_held */
        size_t gbytes;        /* [1]: bytes of the guarded slots' rw pages */
    } q[2];
    size_t live_bytes, live_blocks;
    /* Guarded blocks freed while the process is threaded, filled and not
     * yet closed: closed together (gclose_flush). */
    struct a8_bh *gpend[GPEND_MAX];
    int ngpend;
    char pad[64];
};

struct large_run {
    char *base;
    size_t bytes;
    size_t dirty;  /* bytes from base that may hold old data (kept resident) */
    size_t closed; /* from base + closed on, guard markers (0: none; spans_put) */
};
#define RUN_CACHE 64
/* A freed large run whose resident part (before its closed tail, if it has
 * one) is up to this size keeps its pages when it goes into the run cache:
 * giving them back (MADV_DONTNEED) flushes the TLB of every CPU the process
 * ran on, and the next large block of that size faults them in again (git
 * log -p: zlib's 32 KiB window, each object; bash's growing strings, each
 * append).  At most RUN_CACHE of them: 8 MiB. */
#define RUN_KEEP_MAX (128 * 1024)
/* Address ranges of runs given back, for reuse (free_range_add).  One that
 * finds the list full and touches no range in it is not reused: its
 * address range is lost, never memory. */
#define FREE_RANGES 1024
/* Emptied small spans kept resident for the next small span of any class
 * (span_pool_put): 8 MiB.  Zeroing a kept span costs less than giving it
 * back and faulting another in (a threaded program whose sizes drift: each
 * give-back flushed every CPU's TLB; twice the system time). */
#define SPAN_POOL 128

static struct {
    char *region; /* reserved [region, region + REGION_BYTES) */
    size_t region_bytes;
    uint32_t *span_tab; /* NSPANS entries (sp_*) */
    /* Live blocks whose header lies in each span, changed with the arena's
     * live_blocks under its lock: the leak scan's walks skip spans with
     * none, which at exit is nearly every span (a big quarantine holds most
     * headers).  One array of NSPANS entries per arena (span_live_at), after
     * span_tab: neighbouring spans belong to different arenas, and one shared
     * array had threads writing the same cache lines on every malloc and
     * free (churn_mt: 3% of its time on that one increment). */
    uint16_t *span_live;
    struct span_meta *span_meta; /* NSPANS entries, after span_live */
    a8_lock_t span_lock;         /* span bump, run cache */
    size_t span_next;            /* next never-used span index */
    size_t span_committed;       /* spans below it are PROT_READ|PROT_WRITE */
    size_t span_pref;            /* spans below it were handed to a8_prefault_submit */
    bool markers;                /* close pages with guard markers (pages_close) */
    bool closed_marker;          /* some pages were closed with markers */
    bool closed_prot;            /* some pages were closed with mprotect */
    bool batch_close;            /* process_madvise drops a batch of ranges (gclose_flush) */
    bool batch_guard;            /* process_madvise puts markers on a batch (close_guard_pages) */
    size_t guard_batches;        /* guarded spans closed so (verbosity=2 figures) */
    struct large_run runs[RUN_CACHE];
    int nruns;
    unsigned run_victim; /* the cache entry a full cache gives back next */
    /* Runs given back (zero, open), by span index, ascending, adjacent ones
     * merged: any later run or span of up to their size is cut from them. */
    struct span_range {
        uint32_t idx, n;
    } free_rng[FREE_RANGES];
    int nfree_rng;
    /* Small spans whose slots all came back (span_emptied), still resident:
     * a ring, oldest at pool_head.  The next small span of any class is
     * taken from it (and zeroed) before fresh memory; one pushed out of a
     * full ring is given back. */
    uint32_t pool[SPAN_POOL];
    unsigned pool_head, npool;
    uint32_t slot_size[NCLASS + 1];   /* by class index; guarded: the rw pages */
    uint32_t slot_weight[NCLASS + 1]; /* plain classes: a span's bytes per slot (quar_weight) */
    /* The class of a slot of 16*i bytes, for class_of: a table, not a search
     * (the search's mispredicted branches were 5% of a malloc/free churn). */
    uint8_t class_by16[MAX_SMALL_SLOT / 16 + 1];
    int nclass;
    int gfirst;                /* first guarded class (pages 1..GUARD_MAX_PAGES) */
    size_t guard_live;         /* guarded blocks live or quarantined */
    uint64_t guard_grants;     /* allocations that asked for a guard page */
    bool guard_warm;           /* guard_grants reached guard_max: sample per thread */
    uint32_t seq_epoch;        /* bumped by a8_checker_seq (next_seq) */
    struct sigaction old_segv; /* the program's SIGSEGV disposition */
    bool segv_installed;       /* on_segv is the kernel's handler */
    a8_lock_t sig_lock;        /* old_segv updates */
    uint64_t seq;              /* allocation sequence numbers */
    uint64_t alloc_calls;      /* for check_every */
    size_t q_budget;           /* process-wide: slot bytes in the plain FIFOs (q[0]) */
    size_t q_guard_budget;     /* process-wide: blocks in the guarded FIFOs (q[1]) */
    size_t rz;                 /* redzone bytes (multiple of 16) */
    size_t galign;             /* guard_align, a power of two */
    bool gbelow;               /* guard_below: guard page before each guarded slot */
    size_t gs_lo, gs_span;     /* guard_size: sizes gs_lo..gs_lo+gs_span (off: SIZE_MAX, 0) */
    size_t gs_cap;             /* guarded blocks at a time while guard_size asks */
    uint8_t malloc_fill, free_fill;
    bool oom_reported;
    int q_squeeze;        /* quarantine_squeeze under way: the FIFOs' budgets are 0 */
    bool q_squeezed_note; /* quarantine_squeeze's note was given */
    /* What all arenas' FIFOs hold against the budgets: [0] bytes of slots,
     * [1] guarded blocks, less what each arena has pending (quar_account).
     * A cache line of its own. */
    size_t q_held[2] __attribute__((aligned(64)));
    size_t q_step[2]; /* an arena folds its pending change in past this */
    /* Freed memory kept resident outside the FIFOs, to be reused without
     * the kernel: emptied spans (the pool, and the one each class keeps)
     * and the run cache's resident parts.  It counts against the plain
     * budget with the FIFOs (quar_over), so quarantine_mb bounds all the
     * freed memory alloc8 keeps (gawk's `s = s x` peaked 7 MiB over the
     * quarantine plus twice native); and it is held to q_cache_cap
     * (budget / 16), so the caches never crowd the quarantine out.
     * Changes are rare (a span emptied or taken, a run cached or taken):
     * one atomic each. */
    size_t q_cache;
    size_t q_cache_cap;
    /* Bytes of the guarded FIFOs' rw pages (closed: resident with mprotect,
     * given back with guard markers; counted either way, so quarantine_mb
     * bounds all the memory freed blocks hold on any kernel).  Guarded frees
     * are rare: one atomic each. */
    size_t q_guard_bytes;
    struct arena arenas[ARENAS] __attribute__((aligned(64)));
} g_heap;

/* ---- small helpers ---------------------------------------------------------- */

static inline uintptr_t align_up(uintptr_t v, uintptr_t a) { return (v + a - 1) & ~(a - 1); }

static inline uint32_t rotl32(uint32_t x, unsigned r) { return x << r | x >> (32 - r); }

/* bh_csum covers the CSUM_WORDS 32-bit words before it in CSUM_LANES
 * independent chains (word i feeds lane i % CSUM_LANES), each step
 * lane = (lane ^ word) * CSUM_MUL, the lanes then xored at distinct
 * rotations.  Four chains of four multiplies overlap in the pipeline; one
 * chain of sixteen would wait on each multiply in turn.
 *
 * What it is sure to catch: a step is a bijection of the lane for a fixed
 * word and injective in the word for a fixed lane, and the final xor is
 * injective in each lane; so any change confined to one aligned 32-bit word
 * (any byte, any field of up to 32 bits, either half of a 64-bit field)
 * always changes the sum.  The halves of a 64-bit field feed neighbouring
 * lanes, xored at different rotations: a change to both is missed only if
 * the two lane changes happen to cancel (about 2^-32; no 32-bit sum can
 * promise more for 64 bits), and never for the top-bit flips that pass
 * through the multiplies unchanged.  tests/bugs/header_corrupt_any_byte.c
 * checks both; gdb/alloc8.py mirrors the function. */
#define CSUM_WORDS (offsetof(struct a8_bh, bh_csum) / 4)
#define CSUM_LANES 4
#define CSUM_MUL 0x9e3779b1u /* odd, dense: a multiply spreads every bit upwards */
_Static_assert(CSUM_WORDS % CSUM_LANES == 0, "bh_csum lanes must divide the header");

static uint32_t bh_checksum(const struct a8_bh *h)
{
    typedef uint32_t __attribute__((may_alias)) word32;
    const word32 *w = (const word32 *)h;
    /* Any distinct seeds do (these are digits of pi). */
    uint32_t l0 = 0x243f6a88u, l1 = 0x85a308d3u, l2 = 0x13198a2eu, l3 = 0x03707344u;
#pragma GCC unroll 8
    for (size_t i = 0; i < CSUM_WORDS; i += CSUM_LANES) {
        l0 = (l0 ^ w[i]) * CSUM_MUL;
        l1 = (l1 ^ w[i + 1]) * CSUM_MUL;
        l2 = (l2 ^ w[i + 2]) * CSUM_MUL;
        l3 = (l3 ^ w[i + 3]) * CSUM_MUL;
    }
    return l0 ^ rotl32(l1, 8) ^ rotl32(l2, 16) ^ rotl32(l3, 24);
}

static inline void bh_seal(struct a8_bh *h) { h->bh_csum = bh_checksum(h); }

/* bh_state, bh_alloc_call, bh_free_call and bh_flags with one store.
 * bh_checksum reads the four as one 32-bit word, which four byte stores
 * cannot be forwarded to: the load then waits for the stores to reach the
 * cache line, which in a fresh slot is not there yet (bh_checksum was 6%
 * of a churn's malloc time). */
_Static_assert(offsetof(struct a8_bh, bh_alloc_call) == offsetof(struct a8_bh, bh_state) + 1 &&
                   offsetof(struct a8_bh, bh_free_call) == offsetof(struct a8_bh, bh_state) + 2 &&
                   offsetof(struct a8_bh, bh_flags) == offsetof(struct a8_bh, bh_state) + 3 &&
                   offsetof(struct a8_bh, bh_state) % 4 == 0 &&
                   __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "the header's four bytes make one word");
static inline void bh_set_bytes(struct a8_bh *h, uint8_t state, uint8_t alloc_call,
                                uint8_t free_call, uint8_t flags)
{
    uint32_t w = (uint32_t)state | (uint32_t)alloc_call << 8 | (uint32_t)free_call << 16 |
                 (uint32_t)flags << 24;
    __builtin_memcpy(&h->bh_state, &w, sizeof w);
}

static inline bool bh_intact(const struct a8_bh *h)
{
    return h->bh_magic == A8_BH_MAGIC && h->bh_csum == bh_checksum(h);
}

static inline char *bh_user(const struct a8_bh *h)
{
    return (char *)(uintptr_t)h->bh_base + h->bh_user_off;
}

/* First byte of the left redzone: after the header, or (guarded blocks,
 * whose header lives in the span's first page) the slot start. */
static inline uint8_t *bh_lz(const struct a8_bh *h)
{
    uint8_t *base = (uint8_t *)(uintptr_t)h->bh_base;
    return (h->bh_flags & A8_BF_GUARDED) ? base : base + A8_BH_SIZE;
}

/* End of the checked right zone: the slot's end, or for a large block the
 * end of the page after the redzone (its slack is never touched, so a big
 * block costs no page faults beyond what it uses). */
static inline uint8_t *bh_end(const struct a8_bh *h)
{
    uintptr_t end = h->bh_base + h->bh_slot_size;
    if (h->bh_flags & A8_BF_LARGE) {
        uintptr_t z = (h->bh_base + h->bh_user_off + h->bh_size + g_heap.rz + PAGE - 1) &
                      ~(uintptr_t)(PAGE - 1);
        if (z < end)
            end = z;
    }
    return (uint8_t *)end;
}

static inline size_t min_sz(size_t a, size_t b) { return a < b ? a : b; }

/* Bytes of a freed block that hold free_fill (and are checked). */
static inline size_t free_fill_len(const struct a8_bh *h)
{
    size_t n = min_sz(h->bh_size, (size_t)a8_opt.free_fill_max);
    if (n && (h->bh_flags & A8_BF_LARGE)) {
        /* On to the page boundary, where the protected tail starts: no
         * unchecked bytes between the two. */
        uintptr_t user = h->bh_base + h->bh_user_off;
        n = min_sz(h->bh_size, ((user + n + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - user);
    }
    return n;
}

/* A large block's protected tail (A8_BF_TAILPROT), to the end of its run:
 * live, the pages past the one its redzone ends in (an access past the end
 * faults there); quarantined, the whole pages past the filled prefix.  Empty
 * when lo >= hi. */
static inline void tail_range(const struct a8_bh *h, uintptr_t *lo, uintptr_t *hi)
{
    uintptr_t user = h->bh_base + h->bh_user_off;
    if (h->bh_state == A8_BS_LIVE)
        *lo = (uintptr_t)bh_end(h);
    else
        *lo = (user + free_fill_len(h) + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    *hi = h->bh_base + h->bh_slot_size;
}

/* Whether h's right zone is behind its protected tail (quarantined: it was
 * checked at free); a live block's zone ends where its tail starts. */
static inline bool right_zone_closed(const struct a8_bh *h)
{
    return (h->bh_flags & A8_BF_TAILPROT) && h->bh_state != A8_BS_LIVE;
}

/* Guarded classes: a span's first page holds the headers, then slots of
 * k rw pages + 1 guard page (guard_below: the guard page first, then the
 * rw pages, the block at their start). */
static inline bool cls_guarded(unsigned c)
{
    return g_heap.gfirst && c != SP_LARGE && (int)c >= g_heap.gfirst;
}
static inline size_t gslot_bytes(unsigned c) { return g_heap.slot_size[c] + PAGE; }
static inline size_t gnslots(unsigned c) { return (SPAN_BYTES - PAGE) / gslot_bytes(c); }
/* Slot i of guarded class c in the span at sp: its rw pages, its guard page. */
static inline uintptr_t gslot_rw(uintptr_t sp, unsigned c, size_t i)
{
    return sp + PAGE + i * gslot_bytes(c) + (g_heap.gbelow ? PAGE : 0);
}
static inline uintptr_t gslot_guard(uintptr_t sp, unsigned c, size_t i)
{
    return sp + PAGE + i * gslot_bytes(c) + (g_heap.gbelow ? 0 : g_heap.slot_size[c]);
}
/* A guarded block's guard page: right after its rw pages, or right before. */
static inline uintptr_t bh_guard(const struct a8_bh *h)
{
    return g_heap.gbelow ? h->bh_base - PAGE : h->bh_base + h->bh_slot_size;
}
static inline size_t span_index(uintptr_t p)
{
    return (size_t)(p - (uintptr_t)g_heap.region) >> SPAN_SHIFT;
}
/* Arena ai's live count of the span holding p. */
static inline uint16_t *span_live_at(unsigned ai, uintptr_t p)
{
    return &g_heap.span_live[ai * NSPANS + span_index(p)];
}
static inline uintptr_t span_of(uintptr_t p)
{
    return (uintptr_t)g_heap.region + ((p - (uintptr_t)g_heap.region) & ~(SPAN_BYTES - 1));
}

static inline bool in_region(uintptr_t p)
{
    return p - (uintptr_t)g_heap.region < REGION_BYTES && g_heap.region;
}

/* The smallest searchable class whose slots hold slot_bytes (at most
 * MAX_SMALL_SLOT): every class's slot size is a multiple of 16. */
static inline int class_of(size_t slot_bytes) { return g_heap.class_by16[(slot_bytes + 15) >> 4]; }

static struct arena *my_arena(void) { return &g_heap.arenas[a8_thread_id() % ARENAS]; }

/* ---- address → block ---------------------------------------------------- */

/* The header of the slot containing p, or NULL (not in a used slot).  Reads
 * only the span table; the caller decides whether to trust the header. */
/* The span table entry of the span holding p (the head's, for a run of
 * spans), and that span's start; 0 when p is in no span in use. */
static uint32_t span_at(uintptr_t p, uintptr_t *span)
{
    if (!in_region(p))
        return 0;
    size_t idx = span_index(p);
    if (idx >= g_heap.span_next)
        return 0;
    uint32_t e = __atomic_load_n(&g_heap.span_tab[idx], __ATOMIC_ACQUIRE);
    if (e & SP_CONT) {
        idx -= e & ~SP_CONT;
        e = __atomic_load_n(&g_heap.span_tab[idx], __ATOMIC_ACQUIRE);
    }
    *span = (uintptr_t)g_heap.region + (idx << SPAN_SHIFT);
    return e;
}

static struct a8_bh *slot_of(uintptr_t p, uint32_t *entry_out)
{
    uintptr_t span;
    uint32_t e = span_at(p, &span);
    if (!e)
        return NULL;
    if (entry_out)
        *entry_out = e;
    if (SP_CLASS(e) == SP_LARGE)
        return (struct a8_bh *)span;
    if (cls_guarded(SP_CLASS(e))) {
        if (p < span + PAGE)
            return NULL; /* the header page */
        size_t i = (p - span - PAGE) / gslot_bytes(SP_CLASS(e));
        return i < gnslots(SP_CLASS(e)) ? (struct a8_bh *)(span + i * A8_BH_SIZE) : NULL;
    }
    uint32_t sz = g_heap.slot_size[SP_CLASS(e)];
    uintptr_t slot = span + ((p - span) / sz) * sz;
    if (slot + sz > span + SPAN_BYTES)
        return NULL; /* the unused tail of the span */
    return (struct a8_bh *)slot;
}

bool a8_checker_owns(const void *p) { return in_region((uintptr_t)p); }

const struct a8_bh *a8_checker_find(const void *p)
{
    struct a8_bh *h = slot_of((uintptr_t)p, NULL);
    return h && h->bh_magic == A8_BH_MAGIC ? h : NULL;
}

#define A8_MADV_GUARD_INSTALL 102 /* <linux/mman.h>, Linux 6.13 */
#define A8_MADV_GUARD_REMOVE 103

/* Closing pages of the region (guard pages, quarantined guarded blocks, big
 * blocks' tails) so that any access faults, and opening them again.  Linux
 * 6.13+ has guard markers: set in the page tables under the mm's read lock,
 * one call, no VMA split (thousands of closed ranges would otherwise be
 * thousands of VMAs, towards vm.max_map_count), the pages' memory given back
 * at once.  Otherwise mprotect, with MADV_DONTNEED first when drop is set.
 * A range closed either way reads as gone; contents are not kept with
 * markers, so callers repaint what they open.  Should a marker call fail
 * (an mlocked region), that range and all later ones use mprotect; opening
 * undoes whichever kinds were ever used.  errno is kept.
 *
 * Once the program puts a seccomp filter in (a8_sandboxed), nothing is
 * closed any more (callers keep the memory open and filled instead), and
 * ranges closed with markers before are not opened by pages_open (the
 * marker removal is the kind of call a filter forbids): the caller retires
 * the slot, or, with must set (a fault being reported), the range is
 * mapped afresh over the markers with mmap. */
static bool pages_close(void *p, size_t len, bool drop)
{
    if (a8_sandboxed())
        return false;
    int saved_errno = errno;
    bool ok = false;
    if (__atomic_load_n(&g_heap.markers, __ATOMIC_RELAXED)) {
        ok = madvise(p, len, A8_MADV_GUARD_INSTALL) == 0;
        if (ok)
            __atomic_store_n(&g_heap.closed_marker, true, __ATOMIC_RELAXED);
        else
            __atomic_store_n(&g_heap.markers, false, __ATOMIC_RELAXED);
    }
    if (!ok) {
        if (drop)
            madvise(p, len, MADV_DONTNEED);
        ok = mprotect(p, len, PROT_NONE) == 0;
        if (ok)
            __atomic_store_n(&g_heap.closed_prot, true, __ATOMIC_RELAXED);
    }
    errno = saved_errno;
    return ok;
}

static bool pages_open(void *p, size_t len, bool must)
{
    int saved_errno = errno;
    bool ok = true;
    if (__atomic_load_n(&g_heap.closed_marker, __ATOMIC_RELAXED)) {
        if (!a8_sandboxed())
            madvise(p, len, A8_MADV_GUARD_REMOVE);
        else if (must)
            ok = mmap(p, len, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == p;
        else
            ok = false;
    }
    if (ok && __atomic_load_n(&g_heap.closed_prot, __ATOMIC_RELAXED))
        mprotect(p, len, PROT_READ | PROT_WRITE);
    errno = saved_errno;
    return ok;
}

/* ---- spans ------------------------------------------------------------------ */

/* Opens the region up to span index end (rounded up to COMMIT_SPANS, 2 MiB:
 * one mprotect, not one per span; untouched pages cost nothing).  Called
 * with span_lock held; false when the kernel refuses. */
static bool commit_to(size_t end)
{
    if (end <= g_heap.span_committed)
        return true;
    end = (end + COMMIT_SPANS - 1) & ~(size_t)(COMMIT_SPANS - 1);
    if (end > NSPANS)
        end = NSPANS;
    int saved_errno = errno;
    char *lo = g_heap.region + (g_heap.span_committed << SPAN_SHIFT);
    size_t len = (end - g_heap.span_committed) << SPAN_SHIFT;
    bool ok = mprotect(lo, len, PROT_READ | PROT_WRITE) == 0;
    if (ok) {
        if (!a8_sandboxed())
            madvise(lo, len, MADV_DODUMP);
        g_heap.span_committed = end;
    }
    errno = saved_errno;
    return ok;
}

/* The address range of a run given back (its pages zero and open) joins the
 * free list, merged with its neighbours there.  Its span entries go to 0
 * first (no block: a stale pointer into it is a wild one now, its header
 * having been dropped with its pages).  Called with span_lock held. */
static void free_range_add(size_t idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        __atomic_store_n(&g_heap.span_tab[idx + i], 0, __ATOMIC_RELEASE);
    struct span_range *r = g_heap.free_rng;
    int k = 0;
    while (k < g_heap.nfree_rng && r[k].idx < idx)
        k++;
    bool prev = k > 0 && r[k - 1].idx + r[k - 1].n == idx;
    bool next = k < g_heap.nfree_rng && idx + n == r[k].idx;
    if (prev && next) {
        r[k - 1].n += (uint32_t)n + r[k].n;
        for (int j = k; j + 1 < g_heap.nfree_rng; j++)
            r[j] = r[j + 1];
        g_heap.nfree_rng--;
    } else if (prev) {
        r[k - 1].n += (uint32_t)n;
    } else if (next) {
        r[k].idx = (uint32_t)idx;
        r[k].n += (uint32_t)n;
    } else if (g_heap.nfree_rng < FREE_RANGES) {
        for (int j = g_heap.nfree_rng; j > k; j--)
            r[j] = r[j - 1];
        r[k] = (struct span_range){(uint32_t)idx, (uint32_t)n};
        g_heap.nfree_rng++;
    }
}

/* n spans cut from the smallest free range that holds them (zero, open,
 * committed), or NULL.  Called with span_lock held. */
static char *free_range_take(size_t n)
{
    int best = -1;
    for (int k = 0; k < g_heap.nfree_rng; k++)
        if (g_heap.free_rng[k].n >= n &&
            (best < 0 || g_heap.free_rng[k].n < g_heap.free_rng[best].n))
            best = k;
    if (best < 0)
        return NULL;
    struct span_range *r = &g_heap.free_rng[best];
    char *base = g_heap.region + ((size_t)r->idx << SPAN_SHIFT);
    r->idx += (uint32_t)n;
    r->n -= (uint32_t)n;
    if (!r->n) {
        for (int j = best; j + 1 < g_heap.nfree_rng; j++)
            g_heap.free_rng[j] = g_heap.free_rng[j + 1];
        g_heap.nfree_rng--;
    }
    return base;
}

/* g_heap.q_cache: what the caches of freed memory hold, changed by d. */
static inline void cache_account(ptrdiff_t d)
{
    __atomic_add_fetch(&g_heap.q_cache, (size_t)d, __ATOMIC_RELAXED);
}

/* May the caches keep n more bytes (q_cache_cap)? */
static inline bool cache_fits(size_t n)
{
    return __atomic_load_n(&g_heap.q_cache, __ATOMIC_RELAXED) + n <= g_heap.q_cache_cap;
}

/* n contiguous spans, committed; NULL when the region or memory is out.
 * *dirty: how many bytes from the start may hold old data (a run kept
 * resident in the run cache, or for a small class a span from the pool of
 * emptied ones, which the caller zeroes); past them the memory reads as
 * zeros.  *closed: where the run's tail closed with guard markers starts,
 * as an offset from base (0: none; spans_put).  A small class gets no run
 * with either: its never-used slots must be zeros, and open. */
static char *spans_get(size_t n, uint32_t entry, size_t *dirty, size_t *closed)
{
    char *base = NULL;
    bool large = SP_CLASS(entry) == SP_LARGE;
    *dirty = *closed = 0;
    a8_lock(&g_heap.span_lock);
    for (int i = 0; i < g_heap.nruns; i++) { /* exact-size reuse of a large run */
        /* A tail closed before a seccomp filter cannot be opened now. */
        if (g_heap.runs[i].bytes == n * SPAN_BYTES &&
            (large || (!g_heap.runs[i].dirty && !g_heap.runs[i].closed)) &&
            !(g_heap.runs[i].closed && a8_sandboxed())) {
            base = g_heap.runs[i].base;
            *dirty = g_heap.runs[i].dirty;
            *closed = g_heap.runs[i].closed;
            g_heap.runs[i] = g_heap.runs[--g_heap.nruns];
            cache_account(-(ptrdiff_t)*dirty);
            break;
        }
    }
    if (!base && !large && g_heap.npool) { /* the newest emptied span: warm */
        g_heap.npool--;
        size_t at = (g_heap.pool_head + g_heap.npool) % SPAN_POOL;
        base = g_heap.region + ((size_t)g_heap.pool[at] << SPAN_SHIFT);
        *dirty = SPAN_BYTES;
        cache_account(-(ptrdiff_t)SPAN_BYTES);
    }
    if (!base)
        base = free_range_take(n);
    if (!base && g_heap.span_next + n <= NSPANS && commit_to(g_heap.span_next + n)) {
        base = g_heap.region + (g_heap.span_next << SPAN_SHIFT);
        g_heap.span_next += n;
    }
    if (base) {
        size_t idx = span_index((uintptr_t)base);
        for (size_t i = 1; i < n; i++)
            __atomic_store_n(&g_heap.span_tab[idx + i], SP_CONT | (uint32_t)i, __ATOMIC_RELEASE);
        __atomic_store_n(&g_heap.span_tab[idx], entry, __ATOMIC_RELEASE);
    }
    a8_unlock(&g_heap.span_lock);
    return base;
}

/* A run's pages given back: its closed tail opened, the rest dropped (the
 * range stays ours, reading zeros), then the range into the free list. */
static void run_give_back(char *base, size_t bytes, size_t closed)
{
    /* Under a seccomp filter a tail closed before it cannot be opened: the
     * run is retired then, its resident head dropped.  Where madvise is
     * refused the range would not read as zeros: a run of up to
     * RUN_KEEP_MAX (an emptied small span, say) is zeroed by hand, a
     * bigger one retired. */
    bool open = !closed || pages_open(base + closed, bytes - closed, false);
    int saved_errno = errno;
    bool zero = madvise(base, open ? bytes : closed, MADV_DONTNEED) == 0;
    if (!zero && open && bytes <= RUN_KEEP_MAX) {
        memset(base, 0, bytes);
        zero = true;
    }
    errno = saved_errno;
    if (!open || !zero)
        return;
    a8_lock(&g_heap.span_lock);
    free_range_add(span_index((uintptr_t)base), bytes >> SPAN_SHIFT);
    a8_unlock(&g_heap.span_lock);
}

/* A large run back for reuse; `dirty` bytes from base may hold data (the
 * rest reads as zeros).  A run whose resident part (up to its closed tail,
 * if it has one) is at most RUN_KEEP_MAX goes into the run cache as it is:
 * its pages, and the guard markers of its tail from base + closed on (0:
 * none), which the next large block of its size mostly wants closed too
 * (close_live_tail).  A full cache (RUN_CACHE runs, or q_cache_cap bytes
 * with the other caches) gives back one of its runs, in turn, to make
 * room, so that the sizes it holds follow the program's; should that not
 * be room enough, the new run is given back.  Any other run is given back
 * at once. */
static void spans_put(char *base, size_t bytes, size_t dirty, size_t closed)
{
    if ((closed ? closed : bytes) <= RUN_KEEP_MAX) {
        struct large_run old = {NULL, 0, 0, 0};
        bool kept = true;
        a8_lock(&g_heap.span_lock);
        if (g_heap.nruns == RUN_CACHE || (g_heap.nruns && !cache_fits(dirty))) {
            unsigned v = g_heap.run_victim++ % (unsigned)g_heap.nruns;
            old = g_heap.runs[v];
            g_heap.runs[v] = g_heap.runs[--g_heap.nruns];
            cache_account(-(ptrdiff_t)old.dirty);
        }
        if (cache_fits(dirty)) {
            g_heap.runs[g_heap.nruns++] = (struct large_run){base, bytes, dirty, closed};
            cache_account((ptrdiff_t)dirty);
        } else {
            kept = false;
        }
        a8_unlock(&g_heap.span_lock);
        if (old.base)
            run_give_back(old.base, old.bytes, old.closed);
        if (kept)
            return;
    }
    run_give_back(base, bytes, closed);
}

/* A new small span's pages, before the bump cursor reaches them, with one
 * MADV_POPULATE_WRITE call: a page fault each cost churn_mt's threads ~4.5 us
 * of kernel time, a populated page ~3 us.  That call holds the mm's lock,
 * which mprotect queues on: a threaded process populates only with guard
 * markers (pages_close; without them churn_mt ran ~6% slower with it), and
 * in-line, the spans being its threads' own.  Called outside the arena
 * lock: populating a page that is already there changes nothing.
 *
 * Once the heap has used PREFAULT_FROM spans, the next COMMIT_SPANS chunk
 * past the one being used is handed to a kernel io worker (prefault.c), so
 * the kernel's per-page work runs on another CPU: python3 ~12% faster.  Only
 * with guard markers (pages_close): the worker holds the mm's lock while it
 * populates, and with mprotect instead the program's guard-page and
 * big-block protections queued on it (churn 15%, git 20% slower).  A span in
 * no chunk handed over (every span, with prefault=0) is faulted in here,
 * with one call (Linux 5.14+; older kernels say EINVAL and the pages fault
 * one by one).  That in-line work is ~12% of python3's run, 25% of churn's.
 *
 * A threaded process faults a span in by halves: the first when the span is
 * taken, the second (size_class.half) when the class's cursor is about to
 * reach it.  Each of up to ARENAS x classes current spans then holds 16 KiB
 * of memory no slot uses yet on average, not 32 (churn_mt: 1.1 MiB of its
 * peak RSS, for one more call per span). */
#define PREFAULT_FROM (2 * COMMIT_SPANS) /* 4 MiB: small programs get no worker */
#define SPAN_HALF (SPAN_BYTES / 2)
static void fault_in_half(char *p)
{
    if (__atomic_load_n(&g_heap.markers, __ATOMIC_RELAXED) && !a8_sandboxed())
        a8_pages_populate(p, SPAN_HALF);
}

static void fault_in(char *span)
{
    size_t idx = span_index((uintptr_t)span);
    size_t ahead = (idx / COMMIT_SPANS + 2) * COMMIT_SPANS;
    size_t from = 0;
    if (a8_sandboxed())
        return; /* plain faults: no populate advice under a filter */
    if (!a8_single_threaded()) {
        fault_in_half(span);
        return;
    }
    a8_lock(&g_heap.span_lock);
    bool handed = idx < g_heap.span_pref;
    if (idx >= PREFAULT_FROM && a8_opt.prefault && !a8_prefault_off() &&
        __atomic_load_n(&g_heap.markers, __ATOMIC_RELAXED) && g_heap.span_pref < ahead &&
        ahead <= NSPANS && commit_to(ahead)) {
        from = g_heap.span_pref > idx + 1 ? g_heap.span_pref : idx + 1;
        g_heap.span_pref = ahead;
    }
    a8_unlock(&g_heap.span_lock);
    if (from &&
        !a8_prefault_submit(g_heap.region + (from << SPAN_SHIFT), (ahead - from) << SPAN_SHIFT)) {
        a8_lock(&g_heap.span_lock);
        if (g_heap.span_pref == ahead)
            g_heap.span_pref = from; /* not handed over after all */
        a8_unlock(&g_heap.span_lock);
    }
    if (!handed)
        a8_pages_populate(span, SPAN_BYTES);
}

/* ---- error records ----------------------------------------------------------- */

static void rstack_from_id(struct a8_rstack *s, uint32_t id, uint32_t tid)
{
    const uintptr_t *pcs;
    int n = id ? a8_depot_get(id, &pcs) : 0;
    s->n = 0;
    s->valid = n > 0;
    s->tid = tid;
    s->id = id;
    for (int i = 0; i < n && i < A8_REPORT_MAX_FRAMES; i++)
        s->pcs[s->n++] = pcs[i];
}

static void rstack_here(struct a8_rstack *s)
{
    a8_guard_enter();
    int n = a8_stack_capture(s->pcs, (int)(a8_opt.stack_depth < A8_REPORT_MAX_FRAMES
                                               ? a8_opt.stack_depth
                                               : A8_REPORT_MAX_FRAMES));
    a8_guard_leave();
    s->n = n > 0 ? n : 0;
    s->valid = s->n > 0;
    s->id = 0;
    s->tid = a8_thread_id();
}

/* The name of an entry point, "aligned " in front for the C++ aligned
 * operators (a plain/aligned mismatch must read as one). */
static const char *call_name(unsigned call, unsigned flags)
{
    static const char *const aligned[] = {
        [ALLOC8_CALL_NEW] = "aligned operator new",
        [ALLOC8_CALL_NEW_ARRAY] = "aligned operator new[]",
        [ALLOC8_CALL_DELETE] = "aligned operator delete",
        [ALLOC8_CALL_DELETE_ARRAY] = "aligned operator delete[]",
    };
    if ((flags & ALLOC8_F_ALIGNED) && call < A8_ARRAY_LEN(aligned) && aligned[call])
        return aligned[call];
    return a8_call_name((int)call);
}

/* Fills the block part of a record from a header the caller holds stable. */
static void rec_block(struct a8_error *e, const struct a8_bh *h, uintptr_t addr)
{
    e->has_block = true;
    e->block = (uintptr_t)bh_user(h);
    e->block_size = h->bh_size;
    e->offset = (int64_t)(addr - e->block);
    e->alloc_call = call_name(h->bh_alloc_call, h->bh_flags);
    e->free_call =
        h->bh_state >= A8_BS_QUARANTINED ? a8_call_name((enum alloc8_call)h->bh_free_call) : NULL;
    e->seq = h->bh_seq;
    e->block_align = h->bh_align;
    rstack_from_id(&e->alloc, h->bh_alloc_stack, h->bh_alloc_tid);
    if (h->bh_state >= A8_BS_QUARANTINED)
        rstack_from_id(&e->freed, h->bh_free_stack, h->bh_free_tid);
}

static void rec_init_flags(struct a8_error *e, enum a8_error_kind k, uintptr_t addr,
                           enum alloc8_call call, unsigned flags);

static void rec_init(struct a8_error *e, enum a8_error_kind k, uintptr_t addr,
                     enum alloc8_call call)
{
    rec_init_flags(e, k, addr, call, 0);
}

static void rec_init_flags(struct a8_error *e, enum a8_error_kind k, uintptr_t addr,
                           enum alloc8_call call, unsigned flags)
{
    memset(e, 0, offsetof(struct a8_error, here));
    e->here.n = e->alloc.n = e->freed.n = 0;
    e->here.valid = e->alloc.valid = e->freed.valid = false;
    e->kind = k;
    e->addr = addr;
    e->tid = a8_thread_id();
    e->call = call_name(call, flags);
}

/* For damage a check found after the fact (an overflow, underflow or use
 * after free found at free, eviction, exit, ...), the options of a run that
 * would stop at the access itself: a guard page for every block of that
 * size (guard_size), on the side the bytes are (guard_below), flush with
 * the block's end when the damage stayed in the alignment slack
 * (guard_align=1); a quarantined guarded block's pages are closed, so a
 * write after free faults too.  README "Finding the write". */
static void rerun_hint(struct a8_error *e)
{
    e->rerun[0] = 0;
    bool over =
        e->kind == A8_ERR_HEAP_OVERFLOW || (e->kind == A8_ERR_HEADER_CORRUPT && e->block_before);
    bool under = e->kind == A8_ERR_HEAP_UNDERFLOW;
    if ((!over && !under && e->kind != A8_ERR_USE_AFTER_FREE) || !e->has_block || e->access ||
        a8_sandboxed())
        return;
    size_t align = e->block_align > 16 ? e->block_align : 16;
    if (e->block_size + g_heap.rz + align > GUARD_MAX_PAGES * PAGE || align > PAGE)
        return; /* never guarded */
    const char *side = "";
    if (under && !g_heap.gbelow)
        side = ":guard_below=1";
    else if (over && g_heap.gbelow)
        side = ":guard_below=0";
    /* An overflow that stayed in the slack up to the guard page: the
     * block's end rounded up to its guard alignment. */
    size_t galign = e->block_align > g_heap.galign ? e->block_align : g_heap.galign;
    bool in_slack = e->kind == A8_ERR_HEAP_OVERFLOW && e->offset >= 0 &&
                    (uint64_t)e->offset + e->corrupt_len <= align_up(e->block_size, galign);
    a8_snprintf(e->rerun, sizeof(e->rerun), "guard_size=%zu%s%s", e->block_size, side,
                in_slack && e->block_align < g_heap.galign ? ":guard_align=1" : "");
}

/* Prints with the guard raised and no heap lock held. */
static void report(struct a8_error *e)
{
    rerun_hint(e);
    a8_guard_enter();
    const char *by = a8_supp_error(e);
    if (by)
        a8_report_suppressed(e, by);
    else
        a8_report_error(e);
    a8_guard_leave();
}

void a8_checker_error_init(struct a8_error *e, int kind, uintptr_t addr)
{
    rec_init(e, (enum a8_error_kind)kind, addr, ALLOC8_CALL_MALLOC);
    e->call = NULL;
}

void a8_checker_error_here(struct a8_error *e) { rstack_here(&e->here); }

void a8_checker_error_report(struct a8_error *e) { report(e); }

/* ---- fill and verify ------------------------------------------------------- */

/* Offset of the first byte in [p, p+n) that is not `pat`, or n. */
/* Pattern pages for first_diff: one per byte value in use, filled at init,
 * so the common "all bytes intact" case is glibc's vectorised memcmp. */
enum { PAT_CHUNK = 4096 };
static uint8_t g_pat_rz[PAT_CHUNK], g_pat_free[PAT_CHUNK];

static const uint8_t g_pat_zero[PAT_CHUNK]; /* never-used slots are zeros */

static const uint8_t *pattern_page(uint8_t pat)
{
    if (pat == A8_REDZONE_BYTE)
        return g_pat_rz;
    if (pat == g_heap.free_fill)
        return g_pat_free;
    if (pat == 0)
        return g_pat_zero;
    return NULL;
}

static size_t first_diff_slow(const uint8_t *p, size_t n, uint8_t pat)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != pat)
            return i;
    return n;
}

/* Whether the n (at most SHORT_ZONE) bytes at p are all `pat`: sixteen at
 * a time in a vector register, the last sixteen overlapping the ones before
 * (eight for a zone of 8 to 15 bytes).  Redzones are mostly 16 to 48 bytes,
 * where a call to memcmp costs more than the comparing. */
enum { SHORT_ZONE = 64 };
typedef uint64_t u64x2 __attribute__((vector_size(16)));
static inline bool short_zone_intact(const uint8_t *p, size_t n, uint8_t pat)
{
    uint64_t want = 0x0101010101010101ull * pat;
    if (A8_LIKELY(n >= 16)) {
        u64x2 w = {want, want}, d = {0, 0}, v;
        size_t i = 0;
        for (; i + 16 <= n; i += 16) {
            memcpy(&v, p + i, 16);
            d |= v ^ w;
        }
        if (i < n) {
            memcpy(&v, p + n - 16, 16);
            d |= v ^ w;
        }
        return (d[0] | d[1]) == 0;
    }
    uint64_t a, b, diff = 0;
    if (n >= 8) {
        memcpy(&a, p, 8);
        memcpy(&b, p + n - 8, 8);
        return ((a ^ want) | (b ^ want)) == 0;
    }
    for (size_t i = 0; i < n; i++)
        diff |= (uint64_t)(p[i] ^ pat);
    return diff == 0;
}

/* Offset of the first byte in [p, p+n) that is not `pat`, or n.  Inlined
 * into its callers: out of line, the redzone checks of every free cost 3%
 * more instructions on churn. */
static inline __attribute__((always_inline)) size_t first_diff(const uint8_t *p, size_t n,
                                                               uint8_t pat)
{
    if (n <= SHORT_ZONE)
        return short_zone_intact(p, n, pat) ? n : first_diff_slow(p, n, pat);
    const uint8_t *ref = pattern_page(pat);
    if (!ref)
        return first_diff_slow(p, n, pat);
    for (size_t i = 0; i < n; i += PAT_CHUNK) {
        size_t k = n - i < PAT_CHUNK ? n - i : PAT_CHUNK;
        if (memcmp(p + i, ref, k) != 0)
            return i + first_diff_slow(p + i, k, pat);
    }
    return n;
}

/* The length of the run of bytes other than pat from bad (up to hi); its
 * first 16 bytes go to found[], their count to *nfound. */
static size_t changed_run(const uint8_t *bad, const uint8_t *hi, uint8_t pat, uint8_t found[16],
                          int *nfound)
{
    size_t run = 0;
    *nfound = 0;
    while (bad + run < hi && bad[run] != pat) {
        if (run < 16)
            found[(*nfound)++] = bad[run];
        run++;
    }
    return run;
}

/* Describes a corrupted run starting at bad in [lo, hi). */
static void rec_corrupt(struct a8_error *e, const uint8_t *bad, const uint8_t *hi, uint8_t pat)
{
    _Static_assert(sizeof e->found == 16, "found[] holds 16 bytes");
    e->corrupt_len = changed_run(bad, hi, pat, e->found, &e->nfound);
    e->expected = pat;
}

/* Whether the slot at b ever held a block: a slot never used is zeros
 * through its header and left redzone, which every allocation writes. */
static inline bool slot_was_used(const uint8_t *b)
{
    return first_diff(b, A8_BH_SIZE + g_heap.rz, 0) < A8_BH_SIZE + g_heap.rz;
}

/* An overflow of small block h ran to its slot's end `end`: has the next
 * slot's header lost its magic too (it held a block: not all zeros)? */
static bool next_header_smashed(const struct a8_bh *h, const uint8_t *end)
{
    uint32_t e1 = 0, e2 = 0;
    if ((h->bh_flags & (A8_BF_GUARDED | A8_BF_LARGE)) || end != (uint8_t *)h + h->bh_slot_size)
        return false;
    const struct a8_bh *next = slot_of((uintptr_t)end, &e2);
    if (!next || (const uint8_t *)next != end || slot_of((uintptr_t)h, &e1) != h || e1 != e2)
        return false;
    return next->bh_magic != A8_BH_MAGIC && slot_was_used(end);
}

/* Describes the first changed byte of [lo, hi), at offset off, in *e. */
static A8_NOINLINE void zone_describe(const struct a8_bh *h, const uint8_t *lo, const uint8_t *hi,
                                      size_t off, uint8_t pat, enum a8_error_kind kind,
                                      struct a8_error *e, const char *when)
{
    rec_init(e, kind, (uintptr_t)(lo + off), ALLOC8_CALL_FREE);
    rec_block(e, h, (uintptr_t)(lo + off));
    rec_corrupt(e, lo + off, hi, pat);
    e->checked_at = when;
    if (kind == A8_ERR_HEAP_OVERFLOW && lo + off + e->corrupt_len == hi)
        e->into_next_header = next_header_smashed(h, hi);
}

/* Is [lo, hi) of block h no longer all `pat`?  Then describe it in *e.
 * Inlined: every free checks two zones, and a call's prologue cost more
 * than comparing a 16-byte redzone. */
static inline __attribute__((always_inline)) bool zone_bad(const struct a8_bh *h, const uint8_t *lo,
                                                           const uint8_t *hi, uint8_t pat,
                                                           enum a8_error_kind kind,
                                                           struct a8_error *e, const char *when)
{
    size_t n = (size_t)(hi - lo), off = first_diff(lo, n, pat);
    if (A8_LIKELY(off == n))
        return false;
    if (e)
        zone_describe(h, lo, hi, off, pat, kind, e, when);
    return true;
}

/* The header's last 12 bytes, bh_pad and bh_next, are outside its checksum
 * and lie right below the left redzone.  A live unguarded block keeps them
 * as redzone bytes and NULL (the leak scan borrows bh_next and puts NULL
 * back), so an underflow past the redzone into them is seen too. */
#define HDR_TAIL offsetof(struct a8_bh, bh_pad)
_Static_assert(HDR_TAIL + 12 == A8_BH_SIZE && offsetof(struct a8_bh, bh_next) == HDR_TAIL + 4,
               "bh_pad and bh_next end the header");
#define PAD_WORD 0xfbfbfbfbu /* four A8_REDZONE_BYTEs */

static inline bool hdr_tail_checked(const struct a8_bh *h)
{
    return h->bh_state == A8_BS_LIVE && !(h->bh_flags & A8_BF_GUARDED);
}

static inline uint8_t hdr_tail_want(size_t i) /* byte i from bh_pad on */
{
    return i < 4 || i >= 12 ? A8_REDZONE_BYTE : 0;
}

static bool hdr_tail_bad(const struct a8_bh *h, struct a8_error *e, const char *when)
{
    if (A8_LIKELY(h->bh_pad == PAD_WORD && h->bh_next == NULL) || !hdr_tail_checked(h))
        return false;
    if (!e)
        return true;
    const uint8_t *lo = (const uint8_t *)h + HDR_TAIL, *user = (const uint8_t *)bh_user(h);
    size_t i = 0, n = (size_t)(user - lo);
    while (i < 12 && lo[i] == hdr_tail_want(i))
        i++;
    rec_init(e, A8_ERR_HEAP_UNDERFLOW, (uintptr_t)(lo + i), ALLOC8_CALL_FREE);
    rec_block(e, h, (uintptr_t)(lo + i));
    e->expected = hdr_tail_want(i);
    e->nfound = 0;
    size_t run = 0;
    while (i + run < n && lo[i + run] != hdr_tail_want(i + run)) {
        if (e->nfound < (int)sizeof e->found)
            e->found[e->nfound++] = lo[i + run];
        run++;
    }
    e->corrupt_len = run;
    e->checked_at = when;
    return true;
}

/* Whether h's right zone holds a reported overflow (A8_BF_OPENED), left as
 * the program wrote it: on a guarded block, its guard page after the block
 * was opened by the access (not so with guard_below: that OPENED is the
 * page before it); on any other, a checked call wrote past the end and the
 * bytes were kept (a8_checker_access_done). */
static inline bool right_zone_reported(const struct a8_bh *h)
{
    return (h->bh_flags & A8_BF_OPENED) && !((h->bh_flags & A8_BF_GUARDED) && g_heap.gbelow);
}

/* Checks the redzones (and for a quarantined block the free fill) of a block
 * whose header is intact.  Called with the arena lock held; returns true on
 * the first problem, and fills *e unless e is NULL (then it only reads the
 * block: the exit sweep's helper thread runs it). */
static bool verify_block(const struct a8_bh *h, struct a8_error *e, const char *when)
{
    if (h->bh_flags & A8_BF_PROTECTED)
        return false; /* its pages are PROT_NONE: any access already faulted */
    const uint8_t *user = (const uint8_t *)bh_user(h);
    if (hdr_tail_bad(h, e, when) ||
        zone_bad(h, bh_lz(h), user, A8_REDZONE_BYTE, A8_ERR_HEAP_UNDERFLOW, e, when))
        return true;
    /* A protected tail covers the right zone (it was checked at free); an
     * opened guard page after the block means an access past the end was
     * reported already, and the slack it crossed (written before or after)
     * is that one bug. */
    if (!right_zone_closed(h) && !right_zone_reported(h) &&
        zone_bad(h, user + h->bh_size, bh_end(h), A8_REDZONE_BYTE, A8_ERR_HEAP_OVERFLOW, e, when))
        return true;
    if (h->bh_state == A8_BS_QUARANTINED && !(h->bh_flags & A8_BF_REPORTED) &&
        zone_bad(h, user, user + free_fill_len(h), g_heap.free_fill, A8_ERR_USE_AFTER_FREE, e,
                 when))
        return true;
    return false;
}

/* Re-paints the header's tail and the left zone. */
static void repaint_before(struct a8_bh *h)
{
    uint8_t *user = (uint8_t *)bh_user(h);
    uint8_t *lz = bh_lz(h);
    if (hdr_tail_checked(h)) {
        h->bh_pad = PAD_WORD;
        h->bh_next = NULL;
    }
    memset(lz, A8_REDZONE_BYTE, (size_t)(user - lz));
}

/* Re-paints what a reported corruption spoiled so one bug is reported once. */
static void repaint(struct a8_bh *h)
{
    if (h->bh_flags & A8_BF_PROTECTED)
        return;
    uint8_t *user = (uint8_t *)bh_user(h);
    uint8_t *end = bh_end(h);
    repaint_before(h);
    if (!right_zone_closed(h))
        memset(user + h->bh_size, A8_REDZONE_BYTE, (size_t)(end - user - h->bh_size));
    if (h->bh_state == A8_BS_QUARANTINED)
        memset(user, g_heap.free_fill, free_fill_len(h));
}

/* ---- closing freed guarded blocks in batches ----------------------------------- */

/* A quarantined guarded block's pages are closed so that any use of it
 * faults at the instruction.  Closing pages the program has touched flushes
 * them from the TLB of every CPU running one of its threads: an interrupt
 * to each, which the closing thread waits out, under its arena's lock.  On
 * this machine (a VM) that is ~22 us per close, and churn_mt spent 11% of its
 * time there.  So while the process is threaded, a freed guarded block is
 * filled like any other, and closed with up to GPEND_MAX-1 others of its
 * arena: first one process_madvise(MADV_DONTNEED) drops all their pages with
 * one flush (Linux 6.16 batches it; with PIDFD_SELF, 6.15), then each gets
 * its markers, which on pages already gone costs no flush.  (Blocks of a
 * size guard_size names are closed at their free all the same.)  Before the
 * drop, each block's fill is verified: one written to since its free stays
 * open, and its eviction (or the exit check) reports the use after free with
 * the offset, as for any unguarded block.  Until its batch closes, a use of
 * a freed guarded block is found that way, not at the instruction.
 * A single-threaded process closes each block at its free, so a use right
 * after it faults at the instruction: no other thread of the program's
 * holds its pages in a TLB.  prefault's io_uring worker shares the address
 * space, though, and while it is faulting pages in on the other CPU, that
 * CPU is interrupted too (churn: ~5% of its time in the flush IPIs). */
#define A8_PIDFD_SELF (-10000) /* <linux/pidfd.h> PIDFD_SELF_THREAD, Linux 6.15 */
#define A8_MADV_DONTNEED 4

/* One piece of advice for n ranges of this process with one call: the bytes
 * advised, or -1 where the kernel has no such call for the process itself
 * (before 6.15: ENOSYS, EBADF, EINVAL) or refuses that advice.  errno is
 * kept. */
static long advise_ranges(const struct iovec *v, size_t n, int advice)
{
    int saved_errno = errno;
    long r = syscall(SYS_process_madvise, A8_PIDFD_SELF, v, n, advice, 0);
    errno = saved_errno;
    return r;
}

/* Drops the pages of n ranges with one call; false where the kernel cannot. */
static bool drop_ranges(const struct iovec *v, size_t n)
{
    return advise_ranges(v, n, A8_MADV_DONTNEED) >= 0;
}

/* Closes the arena's pending guarded blocks (gpend): the intact ones become
 * PROTECTED; a written one is left open for its eviction to report.  Called
 * with a's lock held. */
static void gclose_flush(struct arena *a)
{
    struct iovec v[GPEND_MAX];
    struct a8_bh *ok[GPEND_MAX];
    size_t n = 0;
    for (int i = 0; i < a->ngpend; i++) {
        struct a8_bh *h = a->gpend[i];
        const uint8_t *user = (const uint8_t *)bh_user(h);
        if (zone_bad(h, user, user + free_fill_len(h), g_heap.free_fill, A8_ERR_USE_AFTER_FREE,
                     NULL, NULL))
            continue;
        v[n] = (struct iovec){(void *)(uintptr_t)h->bh_base, h->bh_slot_size};
        ok[n++] = h;
    }
    a->ngpend = 0;
    if (!n || a8_sandboxed())
        return;
    drop_ranges(v, n); /* should it fail, each close below drops its own */
    for (size_t i = 0; i < n; i++) {
        if (pages_close(v[i].iov_base, v[i].iov_len, false)) {
            ok[i]->bh_flags |= A8_BF_PROTECTED;
            bh_seal(ok[i]);
        }
    }
}

/* Does a guarded block freed into quarantine wait for its arena's batch?
 * While threaded, yes; not a block of a size guard_size names: that run is
 * looking for the access itself (the hints of reports found after the fact
 * say to rerun with it). */
static bool gclose_batched(const struct a8_bh *h)
{
    return !a8_single_threaded() && __atomic_load_n(&g_heap.batch_close, __ATOMIC_RELAXED) &&
           h->bh_size - g_heap.gs_lo > g_heap.gs_span;
}

/* h (filled) joins its arena's batch; a full batch is closed.  Called with
 * a's lock held. */
static void gclose_add(struct arena *a, struct a8_bh *h)
{
    a->gpend[a->ngpend++] = h;
    if (a->ngpend == GPEND_MAX)
        gclose_flush(a);
}

/* h leaves quarantine: no longer pending. */
static void gclose_forget(struct arena *a, const struct a8_bh *h)
{
    for (int i = 0; i < a->ngpend; i++) {
        if (a->gpend[i] == h) {
            a->gpend[i] = a->gpend[--a->ngpend];
            return;
        }
    }
}

/* ---- quarantine ---------------------------------------------------------------- */

/* A large block out of quarantine whose run keeps its tail closed in the
 * run cache (slot_release): a stale pointer's access there faults. */
static inline bool free_tail_closed(const struct a8_bh *h)
{
    return h->bh_state == A8_BS_FREE && (h->bh_flags & A8_BF_LARGE) &&
           (h->bh_flags & A8_BF_TAILPROT);
}

/* Whether a large block leaving quarantine keeps its closed tail, from
 * lo on, in the run cache (spans_put): only guard markers, which hold no
 * memory and need no VMA of their own, and only when what stays resident
 * before the tail is small enough to be kept. */
static inline bool keep_tail_closed(const struct a8_bh *h, uintptr_t lo)
{
    return (h->bh_flags & A8_BF_LARGE) && lo - h->bh_base <= RUN_KEEP_MAX &&
           __atomic_load_n(&g_heap.markers, __ATOMIC_RELAXED) && !a8_sandboxed();
}

/* ---- the spans of a small class ----------------------------------------------- */

static inline struct span_meta *meta_of(span_id id) { return &g_heap.span_meta[id - 1]; }

static inline span_id span_id_of(uintptr_t p) { return (span_id)span_index(p) + 1; }

static inline char *span_base(span_id id)
{
    return g_heap.region + ((size_t)(id - 1) << SPAN_SHIFT);
}

/* Span id joins class c's spans with free slots, at the head. */
static void plist_add(struct size_class *c, span_id id)
{
    struct span_meta *m = meta_of(id);
    m->prev = 0;
    m->next = c->head;
    if (c->head)
        meta_of(c->head)->prev = id;
    else
        c->tail = id;
    c->head = id;
}

static void plist_del(struct size_class *c, span_id id)
{
    struct span_meta *m = meta_of(id);
    if (m->prev)
        meta_of(m->prev)->next = m->next;
    else
        c->head = m->next;
    if (m->next)
        meta_of(m->next)->prev = m->prev;
    else
        c->tail = m->prev;
    m->next = m->prev = 0;
}

/* Small span idx, whose slots all came back, into the pool of emptied
 * spans (spans_get takes the newest); its table entry is 0 from now on, so
 * a stale pointer into it is in no block and heap walks skip it.  A full
 * pool (SPAN_POOL spans, or q_cache_cap bytes with the other caches) gives
 * back its oldest, and the span itself should there still be no room.
 * Called with the owning arena's lock held. */
static void span_pool_put(size_t idx)
{
    size_t out = SIZE_MAX;
    a8_lock(&g_heap.span_lock);
    __atomic_store_n(&g_heap.span_tab[idx], 0, __ATOMIC_RELEASE);
    if (g_heap.npool == SPAN_POOL || (g_heap.npool && !cache_fits(SPAN_BYTES))) {
        out = g_heap.pool[g_heap.pool_head];
        g_heap.pool_head = (g_heap.pool_head + 1) % SPAN_POOL;
        g_heap.npool--;
        cache_account(-(ptrdiff_t)SPAN_BYTES);
    }
    bool kept = cache_fits(SPAN_BYTES);
    if (kept) {
        g_heap.pool[(g_heap.pool_head + g_heap.npool++) % SPAN_POOL] = (uint32_t)idx;
        cache_account((ptrdiff_t)SPAN_BYTES);
    }
    a8_unlock(&g_heap.span_lock);
    if (out != SIZE_MAX)
        run_give_back(g_heap.region + (out << SPAN_SHIFT), SPAN_BYTES, 0);
    if (!kept)
        run_give_back(g_heap.region + (idx << SPAN_SHIFT), SPAN_BYTES, 0);
}

/* The last taken slot of plain span id came back (class cls of c's arena):
 * no block lives or waits in quarantine there.  The class keeps one such
 * span (c->empty), so a class whose blocks come and go does not trade its
 * span away each time; any other goes to the pool of emptied spans, for
 * the next small span of any class and arena (span_pool_put).  Without
 * this a program whose sizes move on (a string growing through every
 * class) kept every slot it ever used resident: gawk's `s = s x` took
 * 481 MiB.  The span still being bumped is kept.  Under the arena lock. */
static void span_emptied(struct size_class *c, unsigned cls, span_id id)
{
    char *sp = span_base(id);
    if (c->cur && span_of((uintptr_t)c->end - 1) == (uintptr_t)sp) {
        if ((size_t)(c->end - c->cur) >= g_heap.slot_size[cls])
            return; /* still bumping */
        c->cur = c->end = c->half = NULL;
    }
    if (!c->empty && cache_fits(SPAN_BYTES)) {
        c->empty = id;
        cache_account((ptrdiff_t)SPAN_BYTES);
        return;
    }
    plist_del(c, id);
    meta_of(id)->free = NULL;
    span_pool_put((size_t)(id - 1));
}

/* Is n (a bh_next read from the free slot h of class cls) NULL or another
 * slot of h's span?  Only such links are ever made (slot_release). */
static bool free_link_ok(const struct a8_bh *n, const struct a8_bh *h, unsigned cls)
{
    if (!n)
        return true;
    uintptr_t sp = span_of((uintptr_t)h), p = (uintptr_t)n;
    if (p - sp >= SPAN_BYTES)
        return false;
    uintptr_t off = p - sp;
    if (cls_guarded(cls))
        return off % A8_BH_SIZE == 0 && off / A8_BH_SIZE < gnslots(cls);
    return off % g_heap.slot_size[cls] == 0 && off + g_heap.slot_size[cls] <= SPAN_BYTES;
}

static void slot_release(struct arena *a, struct a8_bh *h, uint32_t entry)
{
    bool reusable = true;
    if (h->bh_flags & A8_BF_GUARDED) {
        /* Back to: rw pages writable, guard page closed. */
        if (h->bh_flags & A8_BF_PROTECTED)
            reusable = pages_open((void *)(uintptr_t)h->bh_base, h->bh_slot_size, false);
        else if (a->ngpend)
            gclose_forget(a, h);
        if (reusable && (h->bh_flags & A8_BF_OPENED))
            reusable = pages_close((void *)bh_guard(h), PAGE, false);
        h->bh_flags &= (uint8_t) ~(A8_BF_PROTECTED | A8_BF_OPENED);
        __atomic_sub_fetch(&g_heap.guard_live, 1, __ATOMIC_RELAXED);
    }
    size_t dirty = h->bh_slot_size; /* a large run: what may hold data */
    size_t closed = 0;              /* a large run's tail left closed, from h + closed on */
    if (h->bh_flags & A8_BF_TAILPROT) {
        uintptr_t lo, hi;
        tail_range(h, &lo, &hi);
        /* Past the live block's checked end nothing was writable: its tail
         * was closed at allocation, or dropped from lo on when it was
         * closed at free (lo is never past that end). */
        dirty = (uintptr_t)bh_end(h) - h->bh_base;
        if (keep_tail_closed(h, lo)) {
            /* The run goes to the cache with its tail still closed, and the
             * header (FREE) says so: the next block of this size closes the
             * same pages, give or take one (close_live_tail), so opening them
             * here cost a call and closing them again another (git log -p:
             * two of every three madvise calls).  A stale pointer's access
             * there faults and is reported as the use after free it is. */
            closed = lo - h->bh_base;
        } else {
            reusable = pages_open((void *)lo, hi - lo, false);
            h->bh_flags &= (uint8_t)~A8_BF_TAILPROT;
        }
    }
    h->bh_state = A8_BS_FREE;
    bh_seal(h);
    /* Under a seccomp filter, a slot whose pages cannot be put back as they
     * were is retired: its header says FREE, no list holds it, and its
     * address range is never used again (its memory went with the close). */
    if (!reusable)
        return;
    if (SP_CLASS(entry) == SP_LARGE) {
        spans_put((char *)h, h->bh_slot_size, dirty, closed);
        return;
    }
    unsigned cls = SP_CLASS(entry);
    struct size_class *c = &a->cls[cls];
    span_id id = span_id_of((uintptr_t)h);
    struct span_meta *m = meta_of(id);
    h->bh_next = m->free;
    if (c->head != id) { /* to the head of the class's list */
        if (m->free)
            plist_del(c, id);
        plist_add(c, id);
    }
    m->free = h;
    if (--m->used == 0 && !cls_guarded(cls))
        span_emptied(c, cls, id);
}

/* The oldest quarantined block was freed long ago: its header and zones are
 * cold, and loading them was most of an eviction's time.  So each eviction
 * asks for what the next one will read: the next victim's checked bytes
 * (their first PREFETCH_MAX; the hardware prefetcher follows a longer
 * memcmp), its header having been asked for by the eviction before, and the
 * header of the victim after it.  A malloc and a free usually lie between
 * two evictions, time enough for the loads to land; when one free evicts
 * several blocks, the later ones still wait (a FIFO linked through the
 * headers is read ahead one header at a time).  `next` is not verified yet
 * and may be corrupt: a prefetch never faults, and the loop is bounded
 * whatever its fields say. */
#define PREFETCH_MAX 2048
#define CACHE_LINE 64

static inline void prefetch_victim(const struct a8_bh *next)
{
    if (!next)
        return;
    const struct a8_bh *after = next->bh_next;
    if (after) { /* eviction writes the header: ask for it to write */
        __builtin_prefetch(after, 1);
        __builtin_prefetch((const char *)after + A8_BH_SIZE - 1, 1);
    }
    /* Its span's free list and count, which its release updates. */
    __builtin_prefetch(&g_heap.span_meta[span_index((uintptr_t)next) & (NSPANS - 1)], 1);
    if (next->bh_flags & A8_BF_PROTECTED)
        return; /* PROT_NONE: verify_block skips it */
    uintptr_t lo = (uintptr_t)bh_lz(next) & ~(uintptr_t)(CACHE_LINE - 1);
    uintptr_t hi = (uintptr_t)bh_end(next);
    if (hi - lo > PREFETCH_MAX)
        hi = lo + PREFETCH_MAX;
    for (uintptr_t p = lo; p < hi; p += CACHE_LINE)
        __builtin_prefetch((const void *)p);
}

/* What a block in FIFO q[qi] counts against the budget: one (guarded), or
 * (plain) its slot's bytes, and a small slot's share of its span's bytes
 * past the last slot (a 24 KiB class's span holds two slots and 16 KiB no
 * slot uses, resident all the same): quarantine_mb bounds memory. */
static inline size_t quar_weight(int qi, const struct a8_bh *h)
{
    size_t s = h->bh_slot_size;
    return qi ? 1 : s <= MAX_SMALL_SLOT ? g_heap.slot_weight[class_of(s)] : s;
}

/* Is n (a bh_next read from a header) NULL or the header of a slot of arena
 * a?  From the span table alone. */
static bool link_ok(const struct a8_bh *n, const struct arena *a)
{
    if (!n)
        return true;
    uintptr_t p = (uintptr_t)n, span;
    uint32_t e = (p & 15) ? 0 : span_at(p, &span);
    if (!e || &g_heap.arenas[SP_ARENA(e)] != a)
        return false;
    uintptr_t off = p - span; /* inside a run's later span: off > 0, no header */
    unsigned c = SP_CLASS(e);
    bool slot_start;
    if (c == SP_LARGE)
        slot_start = off == 0;
    else if (cls_guarded(c))
        slot_start = off % A8_BH_SIZE == 0 && off / A8_BH_SIZE < gnslots(c);
    else
        slot_start = off % g_heap.slot_size[c] == 0 && off + g_heap.slot_size[c] <= SPAN_BYTES;
    /* Not n->bh_magic: a mapped header of ours is all the walk needs (its
     * fields are checked when it is used), and reading it here would take
     * the cache miss that prefetch_victim() hides. */
    return slot_start;
}

/* The record of a corrupt header h, found at `at` (NULL: at the call). */
static void rec_header_corrupt(struct a8_error *e, struct a8_bh *h, uintptr_t addr,
                               enum alloc8_call call, const char *at)
{
    rec_init(e, A8_ERR_HEADER_CORRUPT, addr, call);
    e->has_block = true;
    e->block = (uintptr_t)h;
    e->header = (uintptr_t)h;
    e->checked_at = at;
}

/* A header whose bh_next was found bad under an arena lock, reported by
 * report_bad_link() once the lock is dropped (a report may exit, and exit
 * checks the heap). */
static __thread uintptr_t t_bad_link __attribute__((tls_model("initial-exec")));

/* h's bh_next is not a header: cut the list at h (the slots after it are
 * never reused) and note h for report_bad_link(). */
A8_COLD static struct a8_bh *bad_link(struct a8_bh *h)
{
    h->bh_next = NULL;
    t_bad_link = (uintptr_t)h;
    return NULL;
}

A8_COLD static void report_bad_link_now(void)
{
    struct a8_error e;
    rec_header_corrupt(&e, (struct a8_bh *)t_bad_link, t_bad_link, ALLOC8_CALL_FREE,
                       "a list link of alloc8's (the slots after it are not reused)");
    t_bad_link = 0;
    rstack_here(&e.here);
    report(&e);
}

/* Call with no arena lock held. */
static inline void report_bad_link(void)
{
    if (A8_UNLIKELY(t_bad_link))
        report_bad_link_now();
}

/* Counts `d` more (or less) held by FIFO q (its arena's lock held).  The
 * process-wide total is a shared cache line: every free and eviction
 * updating it cost a multithreaded churn ~8%.  So an arena keeps its change
 * pending and folds it in once it reaches q_step (budget / 1024): the total
 * lags the truth by less than ARENAS steps, budget / 64. */
static void quar_account(struct quarantine *q, int qi, ptrdiff_t d)
{
    __atomic_store_n(&q->held, q->held + (size_t)d, __ATOMIC_RELAXED);
    ptrdiff_t p = q->pending + d;
    if ((size_t)(p < 0 ? -p : p) >= g_heap.q_step[qi]) {
        __atomic_add_fetch(&g_heap.q_held[qi], (size_t)p, __ATOMIC_RELAXED);
        p = 0;
    }
    __atomic_store_n(&q->pending, p, __ATOMIC_RELAXED); /* quar_over reads it unlocked */
}

/* A FIFO changes under its arena's lock.  trim_arena reads q->held of other
 * arenas without it (a hint: a stale value costs one less fitting choice),
 * hence the relaxed atomic stores. */
static void quar_push(struct quarantine *q, int qi, struct a8_bh *h)
{
    h->bh_next = NULL;
    if (q->tail)
        q->tail->bh_next = h;
    else
        q->head = h;
    q->tail = h;
    q->bytes += h->bh_size;
    q->blocks++;
    quar_account(q, qi, (ptrdiff_t)quar_weight(qi, h));
    if (qi) {
        q->gbytes += h->bh_slot_size;
        __atomic_add_fetch(&g_heap.q_guard_bytes, h->bh_slot_size, __ATOMIC_RELAXED);
    }
}

/* Pops the oldest block.  Its bh_next is the one header field a stray write
 * can change without the checksum noticing (it changes too often to seal),
 * so it is followed only when it names a header of this arena (link_ok); a
 * bad link is reported and the rest of the FIFO dropped: those slots are
 * never reused, and the counts restart from zero when the FIFO empties.
 * *intact_out: whether its header passed its checksum (the caller, under
 * the same lock, acts on that without checking again). */
static struct a8_bh *quar_pop(struct arena *a, int qi, bool *intact_out)
{
    struct quarantine *q = &a->q[qi];
    struct a8_bh *h = q->head;
    struct a8_bh *next = h->bh_next;
    if (A8_UNLIKELY(!link_ok(next, a)))
        next = bad_link(h);
    q->head = next;
    size_t w = quar_weight(qi, h);
    bool intact = bh_intact(h);
    *intact_out = intact;
    if (w > q->held || !intact)
        w = q->held < w ? q->held : w; /* a corrupt header's weight: bounded */
    size_t gb = 0;
    if (qi) {
        gb = intact ? h->bh_slot_size : GUARD_MAX_PAGES * PAGE;
        gb = gb < q->gbytes ? gb : q->gbytes;
    }
    if (!q->head) {
        w = q->held; /* empty: whatever is left counted is gone */
        gb = q->gbytes;
        q->tail = NULL;
        q->bytes = 0;
        q->blocks = 0;
    } else {
        q->bytes -= q->bytes < h->bh_size ? q->bytes : h->bh_size;
        q->blocks--;
    }
    quar_account(q, qi, -(ptrdiff_t)w);
    if (gb) {
        q->gbytes -= gb;
        __atomic_sub_fetch(&g_heap.q_guard_bytes, gb, __ATOMIC_RELAXED);
    }
    return h;
}

/* Which FIFOs are over their process-wide budgets: 1 (guarded), 0 (plain),
 * or -1 (neither); the total as arena a sees it (its own pending change
 * included: a single thread's count is exact).  plain_only: the guarded
 * FIFOs could not be trimmed just now (quarantine_trim). */
static int quar_over(const struct arena *a, bool plain_only)
{
    size_t gbytes = __atomic_load_n(&g_heap.q_guard_bytes, __ATOMIC_RELAXED);
    bool squeeze = __atomic_load_n(&g_heap.q_squeeze, __ATOMIC_RELAXED) != 0;
    size_t budget = squeeze ? 0 : __atomic_load_n(&g_heap.q_budget, __ATOMIC_RELAXED);
    size_t gbudget = squeeze ? 0 : g_heap.q_guard_budget;
    for (int qi = plain_only ? 0 : 1; qi >= 0; qi--) {
        size_t t = __atomic_load_n(&g_heap.q_held[qi], __ATOMIC_RELAXED) +
                   (size_t)__atomic_load_n(&a->q[qi].pending, __ATOMIC_RELAXED);
        if ((ptrdiff_t)t <= 0)
            continue;
        /* The guarded FIFOs' pages count against the byte budget too: the
         * plain FIFOs make room for them, unless they alone exceed it. */
        if (qi ? t > gbudget || gbytes > budget
               : t + gbytes + __atomic_load_n(&g_heap.q_cache, __ATOMIC_RELAXED) > budget)
            return qi;
    }
    return -1;
}

/* Where to evict from: the freeing arena while it holds at least its fair
 * share of the budget (the common case, no other lock), else the arena
 * holding the most.  Unlocked reads: a hint the caller re-checks. */
static __thread uint32_t t_trims __attribute__((tls_model("initial-exec")));

static struct arena *trim_arena(struct arena *a, int qi)
{
    size_t fair =
        (qi ? g_heap.q_guard_budget : __atomic_load_n(&g_heap.q_budget, __ATOMIC_RELAXED)) / ARENAS;
    size_t own = __atomic_load_n(&a->q[qi].held, __ATOMIC_RELAXED);
    /* Every 8th eviction looks further (below), so an arena gone quiet with
     * most of the budget is drained too, not kept forever. */
    if (own && own >= fair && (++t_trims & 7) != 0)
        return a;
    struct arena *best = NULL;
    size_t most = 0;
    for (int i = 0; i < ARENAS; i++) {
        size_t w = __atomic_load_n(&g_heap.arenas[i].q[qi].held, __ATOMIC_RELAXED);
        if (w > most) {
            most = w;
            best = &g_heap.arenas[i];
        }
    }
    /* Our own share is fair and nobody holds much more: stay local. */
    if (own && own >= fair && (!best || most <= 2 * own))
        return a;
    return best;
}

/* Evicts oldest blocks while the quarantine is over its budget, one at a
 * time so errors can be reported without a lock.  Called after a free into
 * arena a, with a's lock held or not (`locked`); returns with no lock.
 * Holds one arena lock at a time: another arena's is only tried
 * (a8_trylock) after dropping the one held; a busy arena is left to the next
 * free, which tries again (meanwhile the total may exceed the budget by a
 * few blocks). */
static void quarantine_trim(struct arena *a, bool locked)
{
    struct arena *have = locked ? a : NULL; /* whose lock is held */
    /* Once the guarded FIFOs cannot be trimmed (the arena holding them is
     * busy), the plain ones are: their pages count against the same byte
     * budget, and with a small budget (one halved by quarantine_squeeze)
     * the guarded bytes alone can exceed it, so that the plain FIFOs were
     * never trimmed and grew without bound while every free tried the
     * guarded one again. */
    bool plain_only = false;
    for (;;) {
        int qi = quar_over(a, plain_only);
        struct arena *v = qi < 0 ? NULL : trim_arena(a, qi);
        if (!v && qi == 1) {
            plain_only = true;
            continue;
        }
        if (!v)
            break;
        if (v != have) {
            if (have)
                a8_unlock(&have->lock);
            have = NULL;
            if (v == a) {
                a8_lock(&v->lock);
            } else if (!a8_trylock(&v->lock)) {
                if (qi == 1) {
                    plain_only = true;
                    continue;
                }
                break;
            }
            have = v;
        }
        struct quarantine *q = &v->q[qi];
        if (!q->head)
            break; /* emptied since trim_arena looked: the next free retries */
        bool intact;
        struct a8_bh *h = quar_pop(v, qi, &intact);
        prefetch_victim(q->head);
        uint32_t entry = 0;
        slot_of((uintptr_t)h, &entry);
        struct a8_error e;
        bool bad;
        if (A8_UNLIKELY(intact && h->bh_state != A8_BS_QUARANTINED)) {
            /* A corrupt link led here (a live block, say): never release it. */
            t_bad_link = (uintptr_t)h;
            bad = false;
        } else if (A8_UNLIKELY(!intact)) {
            /* A stray write changed its header: report it, and never reuse
             * the slot (its size and flags cannot be trusted). */
            rec_header_corrupt(&e, h, (uintptr_t)h, ALLOC8_CALL_FREE, "quarantine eviction");
            bad = h->bh_magic == A8_BH_MAGIC; /* magic 0: already reported */
            h->bh_magic = 0;
        } else {
            bad = verify_block(h, &e, "quarantine eviction");
            if (bad)
                repaint(h);
            slot_release(v, h, entry);
        }
        if (bad) {
            a8_unlock(&v->lock);
            have = NULL;
            e.here.n = 0; /* found by the checker, not at a user call */
            rstack_here(&e.here);
            report(&e);
        }
    }
    if (have)
        a8_unlock(&have->lock);
    report_bad_link();
}

/* What every FIFO holds, from the arenas' own counts. */
static size_t quar_held_now(void)
{
    size_t n = 0;
    for (int i = 0; i < ARENAS; i++)
        for (int qi = 0; qi < 2; qi++)
            n += __atomic_load_n(&g_heap.arenas[i].q[qi].held, __ATOMIC_RELAXED);
    return n;
}

/* The region has no room for an allocation: empty the quarantine, so its
 * slots (and the spans they leave empty) can be used again, rather than
 * fail a call that would succeed without alloc8, and halve its budget (to
 * 1 MiB at least), so that it does not fill the room again at once: with
 * four threads near the limit, emptying alone left 2.5% of their calls
 * failing.  Only a region made small by RLIMIT_AS (ulimit -v) runs out
 * before memory does.  True if the quarantine held anything (worth a
 * retry: comparing its totals after would miss evictions that other
 * threads' frees made up for meanwhile).  Called with no lock held. */
static bool quarantine_squeeze(struct arena *a)
{
    if (!quar_held_now())
        return false;
    size_t budget = __atomic_load_n(&g_heap.q_budget, __ATOMIC_RELAXED);
    if (budget > MIB) {
        size_t half = budget / 2 > MIB ? budget / 2 : MIB;
        if (__atomic_compare_exchange_n(&g_heap.q_budget, &budget, half, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED) &&
            !__atomic_exchange_n(&g_heap.q_squeezed_note, true, __ATOMIC_RELAXED))
            a8_note("the heap is full: the quarantine is emptied for the allocation and its "
                    "budget halved, to %zu KiB (again each time that happens)",
                    half >> 10);
    }
    __atomic_add_fetch(&g_heap.q_squeeze, 1, __ATOMIC_RELAXED);
    quarantine_trim(a, false);
    __atomic_sub_fetch(&g_heap.q_squeeze, 1, __ATOMIC_RELAXED);
    return true;
}

/* ---- allocation ------------------------------------------------------------ */

A8_COLD static void warn_size(const struct alloc8_req *r, enum a8_error_kind k)
{
    if (a8_tls.quiet_size && a8_tls.quiet_size == r->size) {
        a8_tls.quiet_size = 0; /* a nothrow new's retry: warned once already */
        return;
    }
    struct a8_error e;
    rec_init(&e, k, 0, r->call);
    e.size_arg = r->size;
    e.align_arg = r->align;
    rstack_here(&e.here);
    report(&e);
}

/* The prefixed build: stacks start at the entry point's caller (stack.c
 * cannot tell alloc8's frames from the program's there). */
#if defined(A8_PREFIXED)
#define CALL_SITE(r) a8_stack_set_call_site((uintptr_t)(r)->caller)
#else
#define CALL_SITE(r) ((void)0)
#endif

static void ck_invalid_call(const struct alloc8_req *r, size_t nmemb)
{
    CALL_SITE(r);
    struct a8_error e;
    bool overflow = r->call == ALLOC8_CALL_CALLOC || r->call == ALLOC8_CALL_REALLOCARRAY;
    rec_init(&e,
             !overflow                             ? A8_ERR_BAD_ALIGNMENT
             : r->call == ALLOC8_CALL_REALLOCARRAY ? A8_ERR_REALLOCARRAY_OVERFLOW
                                                   : A8_ERR_CALLOC_OVERFLOW,
             0, r->call);
    e.size_arg = r->size;
    e.nmemb_arg = nmemb;
    e.align_arg = r->align;
    rstack_here(&e.here);
    report(&e);
}

/* The stack id of the current call; `r` only spreads the capture memo.
 * Unguarded: alloc8's own walk allocates nothing, and stack.c raises the
 * guard around what does (libunwind), so a signal handler's call during the
 * walk is told from alloc8's own and reported (interpose/entry.c). */
static uint32_t capture_id(const struct alloc8_req *r)
{
    bool fwd = r->flags & ALLOC8_F_FORWARDED;
    if (A8_UNLIKELY(fwd))
        a8_stack_set_call_site((uintptr_t)r->caller);
    a8_stack_id id = a8_stack_capture_id((uintptr_t)r->caller ^ (uintptr_t)r->call);
    if (A8_UNLIKELY(fwd))
        a8_stack_set_call_site(0);
    return id;
}

/* Whether this allocation may take a guard page: all of the first guard_max
 * (a small program is guarded throughout), then one in guard_sample, so a
 * long run keeps exact sites for a sample without an mprotect per call
 * (guard_sample 1024 by default: in a multithreaded program each mprotect
 * is a TLB shootdown on every other CPU; 1/256 cost churn_mt ~25%). */
static __thread uint64_t t_guard_n __attribute__((tls_model("initial-exec")));

static bool guard_turn(void)
{
    /* Past the first guard_max, each thread samples on its own count: a
     * shared counter bumped by every malloc is a contended cache line.  A
     * count and a compare, not a modulo: the 64-bit division was 4% of a
     * malloc/free churn. */
    if (A8_LIKELY(__atomic_load_n(&g_heap.guard_warm, __ATOMIC_RELAXED))) {
        if (A8_LIKELY(++t_guard_n < (uint64_t)a8_opt.guard_sample))
            return false;
        t_guard_n = 0;
        return true;
    }
    uint64_t n = __atomic_add_fetch(&g_heap.guard_grants, 1, __ATOMIC_RELAXED);
    if (n >= (uint64_t)a8_opt.guard_max)
        __atomic_store_n(&g_heap.guard_warm, true, __ATOMIC_RELAXED);
    return n <= (uint64_t)a8_opt.guard_max || n % (uint64_t)a8_opt.guard_sample == 0;
}

/* Whether a block of `size` bytes takes a guard page: every one of a size
 * guard_size names, while fewer than gs_cap guarded blocks are live or
 * quarantined; otherwise guard_turn()'s sample under guard_max. */
static inline bool guard_pick(size_t size)
{
    size_t live = __atomic_load_n(&g_heap.guard_live, __ATOMIC_RELAXED);
    if (A8_UNLIKELY(size - g_heap.gs_lo <= g_heap.gs_span))
        return live < g_heap.gs_cap;
    return live < (size_t)a8_opt.guard_max && guard_turn();
}

/* Allocation sequence numbers, handed to each thread SEQ_BATCH at a time
 * (one shared atomic per batch, not per malloc).  Numbers rise on each
 * thread; across threads they order batches, not calls.  a8_checker_seq()
 * (the leak mark) starts a new seq epoch, which makes every thread take a
 * fresh batch, so every block allocated after a mark numbers above it. */
enum { SEQ_BATCH = 256 };
static __thread uint64_t t_seq_next, t_seq_end __attribute__((tls_model("initial-exec")));
static __thread uint32_t t_seq_epoch __attribute__((tls_model("initial-exec")));

static uint64_t next_seq(void)
{
    uint32_t ep = __atomic_load_n(&g_heap.seq_epoch, __ATOMIC_ACQUIRE);
    if (A8_UNLIKELY(t_seq_next == t_seq_end || t_seq_epoch != ep)) {
        uint64_t end = __atomic_add_fetch(&g_heap.seq, SEQ_BATCH, __ATOMIC_ACQ_REL);
        t_seq_next = end - SEQ_BATCH + 1;
        t_seq_end = end + 1;
        t_seq_epoch = ep;
    }
    return t_seq_next++;
}

/* A never-used slot found written (slot_take, under the arena lock): kept
 * per thread until ck_alloc reports it with no lock held. */
static __thread struct {
    uintptr_t at;  /* first changed byte; 0: none pending */
    uintptr_t run; /* changed bytes from there, within the slot */
    uint8_t found[16];
    int nfound;
} t_dirty __attribute__((tls_model("initial-exec")));

/* Notes the first run of non-zero bytes in [b, b + n) (there is one). */
A8_COLD static void note_dirty(const uint8_t *b, size_t n)
{
    size_t off = first_diff(b, n, 0);
    t_dirty.run = changed_run(b + off, b + n, 0, t_dirty.found, &t_dirty.nfound);
    t_dirty.at = (uintptr_t)b + off;
}

/* The header of the slot before the one holding address at, in a small
 * class's span (guarded: the header before in the span's first page); NULL
 * for a span's first slot. */
static const struct a8_bh *slot_before(uintptr_t at, uintptr_t span, unsigned cls)
{
    if (cls_guarded(cls)) {
        size_t i = (at - span - PAGE) / gslot_bytes(cls);
        return i ? (const struct a8_bh *)(span + (i - 1) * A8_BH_SIZE) : NULL;
    }
    uint32_t sz = g_heap.slot_size[cls];
    uintptr_t slot = span + ((at - span) / sz) * sz;
    return slot - span >= sz ? (const struct a8_bh *)(slot - sz) : NULL;
}

/* Reports what note_dirty found in never-used slots: a heap-buffer-overflow
 * of the block in the slot before it when that one is a block (the usual
 * case: it ran past its own slot), else a write into unused heap memory.
 * `when`: found at an allocation of that slot ("here" is that call), or by
 * a check of the whole heap.  Call with no arena lock held. */
A8_COLD static void report_dirty(const char *when, bool here)
{
    struct a8_error e;
    uintptr_t at = t_dirty.at, span;
    t_dirty.at = 0;
    uint32_t entry = span_at(at, &span);
    rec_init(&e, A8_ERR_HEAP_OVERFLOW, at, ALLOC8_CALL_MALLOC);
    e.addr_class = A8_ADDR_HEAP_UNUSED;
    if (entry && SP_CLASS(entry) != SP_LARGE) {
        const struct a8_bh *prev = slot_before(at, span, SP_CLASS(entry));
        struct arena *ar = &g_heap.arenas[SP_ARENA(entry)];
        a8_lock(&ar->lock);
        if (prev && bh_intact(prev) && prev->bh_state != A8_BS_FREE) {
            rec_block(&e, prev, at);
            e.addr_class = A8_ADDR_HEAP_BLOCK;
        }
        a8_unlock(&ar->lock);
    }
    e.corrupt_len = t_dirty.run;
    e.nfound = t_dirty.nfound;
    memcpy(e.found, t_dirty.found, sizeof e.found);
    e.expected = 0;
    e.checked_at = when;
    if (here)
        rstack_here(&e.here);
    report(&e);
}

static inline void report_dirty_slot(void)
{
    report_dirty("an allocation (in the unused slot after its own)", true);
}

/* The first never-used bytes of class cls's current span in c that are not
 * zeros: noted (and wiped), true.  A guarded class's unused slots are their
 * read-write pages after the headers in use (never their guard pages). */
static bool unused_dirty(struct size_class *c, unsigned cls)
{
    if (!c->cur || c->cur >= c->end)
        return false;
    uint8_t *lo = (uint8_t *)c->cur;
    size_t n = (size_t)(c->end - c->cur);
    if (cls_guarded(cls)) {
        uintptr_t sp = span_of((uintptr_t)c->cur);
        size_t i = ((uintptr_t)c->cur - sp) / A8_BH_SIZE;
        n = g_heap.slot_size[cls];
        for (;; i++) {
            if (i == gnslots(cls))
                return false;
            lo = (uint8_t *)gslot_rw(sp, cls, i);
            if (first_diff(lo, n, 0) != n)
                break;
        }
    } else if (first_diff(lo, n, 0) == n) {
        return false;
    }
    note_dirty(lo, n);
    memset((void *)t_dirty.at, 0, t_dirty.run);
    return true;
}

/* The never-used rest of every arena's current span of each class should
 * be zeros (a8_checker_check_all): an overflow past a block's own slot into
 * it is reported, then wiped so it is reported once. */
static size_t check_unused_slots(const char *why)
{
    size_t found = 0;
    int last = g_heap.gfirst ? g_heap.nclass + GUARD_MAX_PAGES : g_heap.nclass;
    for (int i = 0; i < ARENAS; i++) {
        struct arena *a = &g_heap.arenas[i];
        for (int cls = 1; cls <= last; cls++) {
            a8_lock(&a->lock);
            bool dirty = unused_dirty(&a->cls[cls], (unsigned)cls);
            a8_unlock(&a->lock);
            if (dirty) {
                report_dirty(why, false);
                found++;
            }
        }
    }
    return found;
}

/* A new guarded span's guard pages, closed once, when slot_take makes it:
 * with one process_madvise where the kernel takes guard markers through it
 * for the process itself (Linux 6.15+), else one call each.  A program's
 * first guard_max blocks are all guarded, so a small program makes a span
 * of them every few allocations (python3's start: about 870 madvise calls
 * for guard pages, now 128).  The pages were never touched: nothing to
 * flush from a TLB, and nothing of the program's is exposed before they
 * close.  Should the batch fail or fall short, each page is closed again
 * alone (a marker on a page that has one is no change), and no batch is
 * tried again. */
#define GSLOTS_MAX ((SPAN_BYTES - PAGE) / (2 * PAGE)) /* a slot: a page and its guard */
static void close_guard_pages(uintptr_t sp, unsigned cls)
{
    struct iovec v[GSLOTS_MAX];
    size_t n = gnslots(cls);
    for (size_t i = 0; i < n; i++)
        v[i] = (struct iovec){(void *)gslot_guard(sp, cls, i), PAGE};
    if (__atomic_load_n(&g_heap.batch_guard, __ATOMIC_RELAXED) &&
        __atomic_load_n(&g_heap.markers, __ATOMIC_RELAXED) && !a8_sandboxed()) {
        if (advise_ranges(v, n, A8_MADV_GUARD_INSTALL) == (long)(n * PAGE)) {
            __atomic_store_n(&g_heap.closed_marker, true, __ATOMIC_RELAXED);
            __atomic_add_fetch(&g_heap.guard_batches, 1, __ATOMIC_RELAXED);
            return;
        }
        __atomic_store_n(&g_heap.batch_guard, false, __ATOMIC_RELAXED);
    }
    for (size_t i = 0; i < n; i++)
        pages_close(v[i].iov_base, PAGE, false);
}

/* A slot of class cls from the arena's free list, or from the bump cursor
 * (a new span when the current one is used up).  Guarded classes bump over
 * the headers in their span's first page; the guard pages are closed once,
 * when the span is made.  A new plain span is left in *fresh for the caller
 * to fault in once the lock is dropped.  Called with the arena lock held. */
static struct a8_bh *slot_take(struct arena *a, unsigned ai, int cls, bool guarded, char **fresh,
                               char **half)
{
    struct size_class *c = &a->cls[cls];
    span_id id = c->head;
    if (id) {
        struct span_meta *m = meta_of(id);
        struct a8_bh *h = m->free;
        if (A8_LIKELY(h->bh_magic == A8_BH_MAGIC && h->bh_state == A8_BS_FREE)) {
            m->free = free_link_ok(h->bh_next, h, (unsigned)cls) ? h->bh_next : bad_link(h);
            if (!m->free)
                plist_del(c, id);
            if (m->used++ == 0 && c->empty == id) {
                c->empty = 0;
                cache_account(-(ptrdiff_t)SPAN_BYTES);
            }
            return h;
        }
        /* A link led to a slot that is not free (a live block, say): never
         * hand it out; drop the span's list and bump instead (its slots
         * come back when its blocks leave: span_emptied). */
        m->free = NULL;
        plist_del(c, id);
        t_bad_link = (uintptr_t)h;
    }
    size_t step = guarded ? A8_BH_SIZE : g_heap.slot_size[cls];
    bool new_span = false;
    if (!c->cur || (size_t)(c->end - c->cur) < step) {
        size_t dirty;
        size_t closed;
        char *sp = spans_get(1, SP_ENTRY(cls, ai), &dirty, &closed);
        if (!sp)
            return NULL;
        c->cur = sp;
        c->end = sp + SPAN_BYTES;
        new_span = true;
        /* The caller faults it in, after unlocking: not the class's first
         * span in this arena, whose pages fault as slots are used.  With
         * 39 classes and up to 16 arenas, a small or threaded heap would
         * otherwise hold a whole span per class and arena it touched (a
         * 4-thread churn of 2048 live blocks a thread: 12.5 MiB, now 10.8).
         * A span from the pool of emptied ones is resident: zeroed here,
         * as never-used slots must be (its old headers named other slots). */
        c->half = NULL;
        if (dirty)
            memset(sp, 0, SPAN_BYTES);
        if (!guarded && c->spans++ > 0 && !dirty) {
            *fresh = sp;
            if (!a8_single_threaded())
                c->half = sp + SPAN_HALF;
        }
        if (guarded) {
            close_guard_pages((uintptr_t)sp, (unsigned)cls);
            c->end = sp + gnslots((unsigned)cls) * A8_BH_SIZE;
        }
    }
    struct a8_bh *h = (struct a8_bh *)c->cur;
    c->cur += step;
    meta_of(span_id_of((uintptr_t)h))->used++;
    if (A8_UNLIKELY(c->half != NULL) && c->cur + step > c->half) {
        *half = c->half; /* the next slot reaches it */
        c->half = NULL;
    }
    /* The next slot of this class is fresh memory, faulted in by another
     * CPU or never cached here: ask for its header's lines to write, so the
     * next allocation's header and fills do not wait for them. */
    if (!guarded && c->cur + step <= c->end) {
        __builtin_prefetch(c->cur, 1);
        __builtin_prefetch(c->cur + A8_BH_SIZE + g_heap.rz - 1, 1);
    }
    /* A slot never used is zeros (its span's pages came fresh or were given
     * back): anything else was written there past the end of a block before
     * it, and would be lost under the new header and fills.  Its first 16
     * bytes only, where a run past the slot before it lands first (the
     * whole slot cost churn 12%), and only on the page that slot ends in,
     * which is in memory already: reading a page never touched would map
     * the zero page, and the write that follows would then copy it and
     * flush every CPU's TLB (a threaded churn ran 3x slower).  The rest
     * waits for the whole-heap checks. */
    if (!guarded && !new_span && ((uintptr_t)h & (PAGE - 1))) {
        uint64_t w[2]; /* a slot starts 16-aligned: both words on that page */
        memcpy(w, h, sizeof w);
        if (A8_UNLIKELY(w[0] | w[1]))
            note_dirty((uint8_t *)h, sizeof w);
    }
    return h;
}

/* A cached run's tail left closed from h + off on (spans_put), before h's
 * new header is written: its address while it is still closed, as its FREE
 * header says (the fault handler opens it for a stale pointer's access and
 * clears A8_BF_TAILPROT), else 0.  A header that is not intact says
 * nothing: then it is opened here, to be sure.  Pages past it were dropped
 * when they were closed, so *dirty need not reach them. */
static uintptr_t run_tail_closed(const struct a8_bh *h, size_t off, size_t run, size_t *dirty)
{
    uintptr_t at = (uintptr_t)h + off;
    if (!off)
        return 0;
    if (!bh_intact(h)) {
        pages_open((void *)at, run - off, false);
        return 0;
    }
    if (h->bh_state != A8_BS_FREE || !(h->bh_flags & A8_BF_TAILPROT))
        return 0;
    if (*dirty > off)
        *dirty = off;
    return at;
}

/* A new large block: close the pages of its run past the one its redzone
 * ends in, so a write (or read) far past its end faults at the instruction
 * and is reported like a guard-page hit, as ASan and valgrind see it.  Only
 * with guard markers (no VMA split, no TLB flush for pages never touched)
 * and the fault handler in place.  closed: where a cached run's tail is
 * closed already, to the run's end (0: nowhere); only the difference is
 * closed or opened.  Called with the arena lock held. */
static void close_live_tail(struct a8_bh *h, uintptr_t closed)
{
    uintptr_t lo, hi;
    tail_range(h, &lo, &hi);
    bool want = lo < hi && __atomic_load_n(&g_heap.markers, __ATOMIC_RELAXED) &&
                __atomic_load_n(&g_heap.segv_installed, __ATOMIC_ACQUIRE);
    bool ok = want;
    if (want && !closed)
        ok = pages_close((void *)lo, hi - lo, false);
    else if (want && lo < closed)
        ok = pages_close((void *)lo, closed - lo, false);
    else if (want && lo > closed)
        pages_open((void *)closed, lo - closed, false);
    if (ok)
        h->bh_flags |= A8_BF_TAILPROT;
    else if (closed)
        pages_open((void *)closed, hi - closed, false);
}

static void *ck_alloc(const struct alloc8_req *r)
{
    CALL_SITE(r);
    size_t size = r->size;
    size_t align = r->align > 16 ? r->align : 16;
    if (A8_UNLIKELY(size > (size_t)a8_opt.max_size)) {
        warn_size(r, A8_ERR_SIZE_TOO_BIG);
        return NULL;
    }
    uint32_t stack = capture_id(r);
    /* header + left redzone, aligned start of the user bytes, right redzone */
    size_t lead = A8_BH_SIZE + g_heap.rz + (align - 16);
    size_t need = lead + size + g_heap.rz;
    need = align_up(need, 16);
    struct arena *a = my_arena();
    unsigned ai = (unsigned)(a - g_heap.arenas);
    int cls = need <= MAX_SMALL_SLOT && align <= 4096 ? class_of(need) : 0;
    int plain_cls = cls; /* a guarded slot's fallback */
    /* A guard page for this block, while under the guard_max budget. */
    size_t gneed = size + g_heap.rz + align;
    bool guarded = false;
    if (g_heap.gfirst && gneed <= GUARD_MAX_PAGES * PAGE && align <= PAGE && !a8_sandboxed() &&
        guard_pick(size)) {
        __atomic_add_fetch(&g_heap.guard_live, 1, __ATOMIC_RELAXED);
        guarded = true;
        cls = g_heap.gfirst + (int)((gneed + PAGE - 1) / PAGE) - 1;
    }
    struct a8_bh *h = NULL;
    size_t slot_bytes = 0;
    uintptr_t base = 0;
    char *fresh = NULL;       /* a new small-class span */
    char *half = NULL;        /* threaded: the second half of a small-class span */
    size_t run_dirty = 0;     /* large: bytes of the run that may hold old data */
    uintptr_t run_closed = 0; /* large: where its tail is closed already (run_tail_closed) */
    bool squeezed = false, retry = false;
take:
    a8_lock(&a->lock);
    if (guarded) {
        slot_bytes = g_heap.slot_size[cls];
        h = slot_take(a, ai, cls, true, &fresh, &half);
        if (h) {
            uintptr_t sp = span_of((uintptr_t)h);
            base = gslot_rw(sp, (unsigned)cls, ((uintptr_t)h - sp) / A8_BH_SIZE);
        } else {
            __atomic_sub_fetch(&g_heap.guard_live, 1, __ATOMIC_RELAXED);
            guarded = false; /* the retry takes a plain slot */
            cls = plain_cls;
            retry = true;
        }
    } else if (cls) {
        slot_bytes = g_heap.slot_size[cls];
        h = slot_take(a, ai, cls, false, &fresh, &half);
    } else {
        /* Large: whole spans; alignment beyond a span needs slack. */
        size_t total = need + (align > SPAN_BYTES ? align : 0);
        if (total >= need) {
            size_t n = (total + SPAN_BYTES - 1) >> SPAN_SHIFT;
            size_t off;
            h = (struct a8_bh *)spans_get(n, SP_ENTRY(SP_LARGE, ai), &run_dirty, &off);
            slot_bytes = n << SPAN_SHIFT;
            if (h)
                run_closed = run_tail_closed(h, off, slot_bytes, &run_dirty);
        }
    }
    if (A8_UNLIKELY(!h)) {
        a8_unlock(&a->lock);
        if (!squeezed) {
            squeezed = true;
            if (quarantine_squeeze(a) | retry)
                goto take;
        }
        if (!__atomic_exchange_n(&g_heap.oom_reported, true, __ATOMIC_RELAXED))
            warn_size(r, A8_ERR_OUT_OF_MEMORY);
        return NULL;
    }
    uintptr_t user;
    if (guarded && g_heap.gbelow) { /* right after the guard page */
        user = base;
    } else if (guarded) { /* flush against the guard page, as far as alignment allows */
        size_t galign = r->align > g_heap.galign ? r->align : g_heap.galign;
        user = (base + slot_bytes - size) & ~(uintptr_t)(galign - 1);
    } else {
        base = (uintptr_t)h;
        user = align_up(base + A8_BH_SIZE + g_heap.rz, align);
    }
    h->bh_magic = A8_BH_MAGIC;
    bh_set_bytes(h, A8_BS_LIVE, (uint8_t)r->call, 0,
                 (uint8_t)((r->flags & ALLOC8_F_ALIGNED) |
                           ((r->flags & ALLOC8_F_FREE_OK) ? A8_BF_FREE_OK : 0) |
                           (guarded ? A8_BF_GUARDED : 0) | (!guarded && !cls ? A8_BF_LARGE : 0)));
    h->bh_size = size;
    h->bh_base = base;
    h->bh_user_off = (uint32_t)(user - base);
    h->bh_align = (uint32_t)r->align;
    h->bh_slot_size = slot_bytes;
    h->bh_alloc_stack = stack;
    h->bh_free_stack = 0;
    h->bh_alloc_tid = a8_thread_id();
    h->bh_free_tid = 0;
    h->bh_seq = next_seq();
    h->bh_pad = PAD_WORD;
    h->bh_next = NULL;
    if (h->bh_flags & A8_BF_LARGE)
        close_live_tail(h, run_closed);
    bh_seal(h);
    uint8_t *lz = bh_lz(h);
    memset(lz, A8_REDZONE_BYTE, user - (uintptr_t)lz);
    memset((uint8_t *)user + size, A8_REDZONE_BYTE, (size_t)(bh_end(h) - (uint8_t *)user) - size);
    a->live_bytes += size;
    a->live_blocks++;
    (*span_live_at(ai, (uintptr_t)h))++;
    a8_unlock(&a->lock);
    if (fresh)
        fault_in(fresh);
    if (half)
        fault_in_half(half);
    report_bad_link();
    if (A8_UNLIKELY(t_dirty.at))
        report_dirty_slot();
    /* The user bytes belong to the caller from here on: fill outside the lock. */
    if (r->flags & ALLOC8_F_ZERO) {
        /* Large runs come zeroed (fresh, or DONTNEED in spans_put) past the
         * page holding the header, or past what a run kept resident held;
         * small slots are recycled. */
        size_t dirty = size;
        if (h->bh_flags & A8_BF_LARGE) {
            uintptr_t clean = ((uintptr_t)h + PAGE) & ~(uintptr_t)(PAGE - 1);
            if ((uintptr_t)h + run_dirty > clean)
                clean = (uintptr_t)h + run_dirty;
            dirty = clean > user ? min_sz(size, clean - user) : 0;
        }
        memset((void *)user, 0, dirty);
    } else {
        memset((void *)user, g_heap.malloc_fill, min_sz(size, (size_t)a8_opt.malloc_fill_max));
    }
    if (A8_UNLIKELY(a8_opt.check_every) &&
        __atomic_add_fetch(&g_heap.alloc_calls, 1, __ATOMIC_RELAXED) %
                (uint64_t)a8_opt.check_every ==
            0)
        a8_checker_check_all("periodic check");
    return (void *)user;
}

/* ---- deallocation ------------------------------------------------------------ */

static bool is_malloc_family(unsigned call) { return call <= ALLOC8_CALL_PVALLOC; }

/* A library that carries its own operator new and binds its calls to it
 * (-Bsymbolic, versioned symbols or a private static libstdc++: LLVM's
 * libLLVM, say) makes its C++ objects with malloc there, out of alloc8's
 * sight, and the program deletes them with the operator delete alloc8
 * interposes.  Such a block was allocated from inside a function named
 * operator new (frame #0 of its allocation stack), and that library's
 * delete would have freed it: it is no mismatch.  Report time (this
 * symbolizes, so no heap lock may be held). */
static bool made_by_library_new(const struct a8_rstack *alloc, bool array_delete)
{
    if (!alloc->valid || alloc->n < 1)
        return false;
    struct a8_sym_frame f[A8_SYM_MAX_INLINE];
    a8_guard_enter();
    a8_sym_stack_id(alloc->id);
    int n = a8_sym_resolve(alloc->pcs[0], true, f, A8_SYM_MAX_INLINE);
    a8_sym_stack_id(0);
    a8_guard_leave();
    const char *fn = n > 0 ? f[0].function : NULL; /* the function that called malloc */
    if (!fn)
        return false;
    bool scalar = !a8_strncmp(fn, "operator new(", 13) || !a8_strncmp(fn, "_Znw", 4);
    bool array = !a8_strncmp(fn, "operator new[](", 15) || !a8_strncmp(fn, "_Zna", 4);
    /* A library's new[] may be built on its new, so a scalar new's block
     * may be an array's: both deletes match it. */
    return scalar || (array && array_delete);
}

/* The deallocation call that matches an allocation call. */
static bool calls_match(const struct a8_bh *h, const struct alloc8_req *r)
{
    unsigned ac = h->bh_alloc_call;
    switch (r->call) {
    case ALLOC8_CALL_FREE:
    case ALLOC8_CALL_CFREE:
    case ALLOC8_CALL_FREE_SIZED:
    case ALLOC8_CALL_FREE_ALIGNED_SIZED:
    case ALLOC8_CALL_REALLOC:
    case ALLOC8_CALL_REALLOCARRAY:
        return is_malloc_family(ac) || (h->bh_flags & A8_BF_FREE_OK);
    case ALLOC8_CALL_DELETE:
        if ((r->flags & ALLOC8_F_FREE_OK) && is_malloc_family(ac))
            return true;
        return ac == ALLOC8_CALL_NEW &&
               !(h->bh_flags & ALLOC8_F_ALIGNED) == !(r->flags & ALLOC8_F_ALIGNED);
    case ALLOC8_CALL_DELETE_ARRAY:
        if ((r->flags & ALLOC8_F_FREE_OK) && is_malloc_family(ac))
            return true;
        return ac == ALLOC8_CALL_NEW_ARRAY &&
               !(h->bh_flags & ALLOC8_F_ALIGNED) == !(r->flags & ALLOC8_F_ALIGNED);
    default:
        return true;
    }
}

/* A pointer given back whose small slot h has no header magic: true when h
 * held a block (its header or left redzone is not the zeros of a slot never
 * used) and addr is where that block's bytes began for some alignment, so
 * the header was overwritten rather than the pointer being wild. */
static bool header_smashed(const struct a8_bh *h, uint32_t entry, uintptr_t addr)
{
    bool large = SP_CLASS(entry) == SP_LARGE;
    if (!large && cls_guarded(SP_CLASS(entry)))
        return false;
    uintptr_t lo = (uintptr_t)h + A8_BH_SIZE + g_heap.rz;
    uintptr_t end = (uintptr_t)h + (large ? SPAN_BYTES : g_heap.slot_size[SP_CLASS(entry)]);
    bool at_start = false;
    for (uintptr_t al = 16; al <= PAGE && !at_start; al <<= 1)
        at_start = align_up(lo, al) == addr && addr < end;
    if (!at_start)
        return false;
    return slot_was_used((const uint8_t *)h);
}

/* The block in the slot before h, when its right zone is overwritten right
 * up to h: h's header was most likely smashed by an overflow of that block.
 * Recorded as the error's block (its alloc stack is printed). */
static void overrun_from_before(struct a8_error *e, const struct a8_bh *h, uint32_t entry)
{
    uintptr_t span;
    if (SP_CLASS(entry) == SP_LARGE || cls_guarded(SP_CLASS(entry)) ||
        !span_at((uintptr_t)h, &span))
        return;
    const struct a8_bh *prev = slot_before((uintptr_t)h, span, SP_CLASS(entry));
    if (!prev || !bh_intact(prev) ||
        (prev->bh_state != A8_BS_LIVE && prev->bh_state != A8_BS_QUARANTINED) ||
        (prev->bh_flags & (A8_BF_PROTECTED | A8_BF_TAILPROT)) || bh_end(prev) != (uint8_t *)h)
        return;
    const uint8_t *zone = (const uint8_t *)bh_user(prev) + prev->bh_size;
    if (zone >= (const uint8_t *)h || ((const uint8_t *)h)[-1] == A8_REDZONE_BYTE)
        return;
    uintptr_t addr = e->addr;
    rec_block(e, prev, addr);
    e->block_before = true;
}

/* Whether the span holding p still has table entry `entry` (read before
 * its arena's lock was taken: a span can be given back, and taken by
 * another arena, in between). */
static inline bool entry_still(uintptr_t p, uint32_t entry)
{
    uintptr_t span;
    return span_at(p, &span) == entry;
}

/* Errors about p itself, found before it is freed: not ours, interior, not
 * live, corrupt header.  Returns the header of a live block to free, or NULL
 * when the call must not touch the block (the error was reported). */
static struct a8_bh *check_release(void *p, const struct alloc8_req *r, uint32_t *entry,
                                   enum a8_error_kind stale_kind, bool keep_lock)
{
    struct a8_error e;
    uintptr_t addr = (uintptr_t)p;
    struct a8_bh *h = slot_of(addr, entry);
    if (!in_region(addr)) {
        if (a8_foreign_is_glibc_block(p)) {
            a8_foreign_glibc_free(p); /* made by glibc before alloc8 took over */
            return NULL;
        }
        enum a8_error_kind k =
            stale_kind == A8_ERR_REALLOC_FREED ? A8_ERR_REALLOC_FOREIGN : A8_ERR_INVALID_FREE;
        rec_init(&e, k, addr, r->call);
        a8_foreign_classify(p, &e);
        rstack_here(&e.here);
        report(&e);
        return NULL;
    }
    struct arena *a = h ? &g_heap.arenas[SP_ARENA(*entry)] : NULL;
    if (a) {
        a8_lock(&a->lock);
        if (A8_UNLIKELY(!entry_still(addr, *entry))) {
            /* Its span was given back meanwhile (a stale pointer, freed
             * while another thread drained the span): look again. */
            a8_unlock(&a->lock);
            return check_release(p, r, entry, stale_kind, keep_lock);
        }
    }
    if (h && h->bh_magic != A8_BH_MAGIC && header_smashed(h, *entry, addr)) {
        rec_header_corrupt(&e, h, addr, r->call,
                           stale_kind == A8_ERR_REALLOC_FREED ? "realloc" : "free");
        overrun_from_before(&e, h, *entry);
        a8_unlock(&a->lock);
        rstack_here(&e.here);
        report(&e);
        return NULL;
    }
    if (!h || h->bh_magic != A8_BH_MAGIC) {
        if (a)
            a8_unlock(&a->lock);
        rec_init(&e,
                 stale_kind == A8_ERR_REALLOC_FREED ? A8_ERR_REALLOC_FOREIGN : A8_ERR_INVALID_FREE,
                 addr, r->call);
        e.addr_class = A8_ADDR_HEAP_UNUSED;
        rstack_here(&e.here);
        report(&e);
        return NULL;
    }
    if (!bh_intact(h)) {
        h->bh_magic = 0; /* report it once: the exit check skips it */
        a8_unlock(&a->lock);
        rec_header_corrupt(&e, h, addr, r->call, NULL);
        e.addr_class = A8_ADDR_HEAP_BLOCK;
        rstack_here(&e.here);
        report(&e);
        return NULL;
    }
    if ((uintptr_t)bh_user(h) != addr) {
        rec_init(&e,
                 stale_kind == A8_ERR_REALLOC_FREED ? A8_ERR_REALLOC_FOREIGN : A8_ERR_INVALID_FREE,
                 addr, r->call);
        rec_block(&e, h, addr);
        e.addr_class = A8_ADDR_HEAP_BLOCK;
        a8_unlock(&a->lock);
        rstack_here(&e.here);
        report(&e);
        return NULL;
    }
    if (h->bh_state != A8_BS_LIVE) {
        rec_init(&e, stale_kind, addr, r->call);
        rec_block(&e, h, addr);
        e.free_call = a8_call_name((enum alloc8_call)h->bh_free_call);
        a8_unlock(&a->lock);
        rstack_here(&e.here);
        report(&e);
        return NULL;
    }
    if (!keep_lock)
        a8_unlock(&a->lock);
    return h;
}

/* Mismatch, size and redzone checks of a live block about to be released;
 * then quarantine it.  `free_stack` is the release stack (already captured). */
static void release(struct a8_bh *h, uint32_t entry, const struct alloc8_req *r,
                    a8_stack_id free_stack, bool locked)
{
    struct arena *a = &g_heap.arenas[SP_ARENA(entry)];
    struct a8_error e[2]; /* a call mismatch and a corruption */
    int nerr = 0;
    /* Held since check_release found h live and intact: nothing to re-check.
     * Taken again (realloc): another thread may have freed h meanwhile. */
    if (!locked)
        a8_lock(&a->lock);
    if (!locked && (h->bh_state != A8_BS_LIVE || !bh_intact(h))) {
        /* Lost a race with another thread freeing the same block. */
        rec_init(&e[0], A8_ERR_DOUBLE_FREE, (uintptr_t)bh_user(h), r->call);
        rec_block(&e[0], h, (uintptr_t)bh_user(h));
        a8_unlock(&a->lock);
        rstack_here(&e[0].here);
        report(&e[0]);
        return;
    }
    uintptr_t user = (uintptr_t)bh_user(h);
    int lib_new = -1; /* e[lib_new]: a malloc block given to delete, maybe a library's new */
    if (!calls_match(h, r)) {
        rec_init_flags(&e[nerr], A8_ERR_MISMATCH, user, r->call, r->flags);
        rec_block(&e[nerr], h, user);
        if (is_malloc_family(h->bh_alloc_call) &&
            (r->call == ALLOC8_CALL_DELETE || r->call == ALLOC8_CALL_DELETE_ARRAY))
            lib_new = nerr;
        nerr++;
    } else if ((r->flags & ALLOC8_F_SIZED) && r->size != h->bh_size) {
        rec_init(&e[nerr], A8_ERR_SIZE_MISMATCH, user, r->call);
        rec_block(&e[nerr], h, user);
        e[nerr].size_arg = r->size;
        nerr++;
    } else if ((r->flags & ALLOC8_F_ALIGNED) &&
               (r->call == ALLOC8_CALL_DELETE || r->call == ALLOC8_CALL_DELETE_ARRAY) &&
               (r->align > 16 ? r->align : 16) != (h->bh_align > 16 ? h->bh_align : 16)) {
        /* operator delete(p, align_val_t) with another alignment than new's */
        rec_init_flags(&e[nerr], A8_ERR_SIZE_MISMATCH, user, r->call, r->flags);
        rec_block(&e[nerr], h, user);
        e[nerr].align_arg = r->align;
        nerr++;
    } else if (r->call == ALLOC8_CALL_FREE_ALIGNED_SIZED && r->align != h->bh_align) {
        rec_init(&e[nerr], A8_ERR_BAD_ALIGNMENT, user, r->call);
        rec_block(&e[nerr], h, user);
        e[nerr].align_arg = r->align;
        nerr++;
    }
    const char *when = (r->call == ALLOC8_CALL_REALLOC || r->call == ALLOC8_CALL_REALLOCARRAY)
                           ? "realloc"
                           : "free";
    if (verify_block(h, &e[nerr], when)) {
        repaint(h);
        nerr++;
    }
    /* Into quarantine. */
    h->bh_state = A8_BS_QUARANTINED;
    h->bh_free_call = (uint8_t)r->call;
    h->bh_free_tid = a8_thread_id();
    h->bh_free_stack = free_stack;
    if ((h->bh_flags & A8_BF_GUARDED) && g_heap.q_budget > 0) {
        /* Quarantined guarded block: every access faults and is reported,
         * once closed: now, or with its arena's batch (gclose_batched). */
        bool batched = gclose_batched(h);
        if (!batched && pages_close((void *)(uintptr_t)h->bh_base, h->bh_slot_size, false)) {
            h->bh_flags |= A8_BF_PROTECTED;
        } else {
            memset((void *)user, g_heap.free_fill, h->bh_size);
            if (batched)
                gclose_add(a, h);
        }
    } else {
        memset((void *)user, g_heap.free_fill, free_fill_len(h));
        uintptr_t lo, hi;
        tail_range(h, &lo, &hi);
        if (h->bh_flags & A8_BF_TAILPROT) {
            /* The live block's tail past its checked end is closed already
             * (close_live_tail): close the rest of the freed block's tail,
             * if any, so the flag means what tail_range says; should that
             * fail, open it all.  Under a seccomp filter neither works: the
             * flag stays, so that the run is retired when it leaves
             * quarantine (slot_release), its tail still closed. */
            uintptr_t upto = (uintptr_t)bh_end(h);
            if (lo < upto && !pages_close((void *)lo, upto - lo, true) &&
                pages_open((void *)upto, hi - upto, false))
                h->bh_flags &= (uint8_t)~A8_BF_TAILPROT;
        } else if ((h->bh_flags & A8_BF_LARGE) && g_heap.q_budget > 0 && lo < hi &&
                   __atomic_load_n(&g_heap.segv_installed, __ATOMIC_ACQUIRE)) {
            /* A big freed block: drop its pages and protect them, so any use
             * of them faults at the instruction, and RSS goes down now. */
            if (pages_close((void *)lo, hi - lo, true))
                h->bh_flags |= A8_BF_TAILPROT;
        }
    }
    a->live_bytes -= h->bh_size;
    a->live_blocks--;
    (*span_live_at(SP_ARENA(entry), (uintptr_t)h))--;
    bool quarantined = g_heap.q_budget > 0;
    if (quarantined) {
        bh_seal(h); /* once, after the last header change (slot_release seals FREE) */
        int qi = (h->bh_flags & A8_BF_GUARDED) ? 1 : 0;
        quar_push(&a->q[qi], qi, h);
    } else {
        slot_release(a, h, entry);
    }
    if (nerr == 0) { /* the common case: evict under the same lock hold */
        if (quarantined)
            quarantine_trim(a, true);
        else
            a8_unlock(&a->lock);
        return;
    }
    a8_unlock(&a->lock);
    const uintptr_t *pcs = NULL;
    int npcs = free_stack ? a8_depot_get(free_stack, &pcs) : 0;
    for (int i = 0; i < nerr; i++) {
        e[i].here.n = 0;
        for (int k = 0; k < npcs && k < A8_REPORT_MAX_FRAMES; k++)
            e[i].here.pcs[e[i].here.n++] = pcs[k];
        e[i].here.valid = npcs > 0;
        e[i].here.tid = a8_thread_id();
        e[i].here.id = free_stack;
        if (i == lib_new && made_by_library_new(&e[i].alloc, r->call == ALLOC8_CALL_DELETE_ARRAY))
            continue;
        report(&e[i]);
    }
    if (quarantined)
        quarantine_trim(a, false);
}

static void ck_free(void *p, const struct alloc8_req *r)
{
    CALL_SITE(r);
    uint32_t entry = 0;
    /* The header of a block freed long after its allocation is not in the
     * cache (the program reads its user bytes, not the 96 before them): ask
     * for it now, so the stack walk runs while it arrives.  A prefetch
     * never faults, whatever p is; an aligned block's header lies further
     * down and is simply not helped. */
    uintptr_t hdr = (uintptr_t)p - A8_BH_SIZE - g_heap.rz;
    __builtin_prefetch((const void *)hdr);
    __builtin_prefetch((const void *)(hdr + A8_BH_SIZE - 1));
    /* Capture before taking the lock: the stack is needed either way. */
    a8_stack_id stack = capture_id(r);
    struct a8_bh *h = check_release(p, r, &entry, A8_ERR_DOUBLE_FREE, true);
    if (!h)
        return;
    release(h, entry, r, stack, true);
}

/* The whole pages of [q, q + n), about to be copied into, faulted in with
 * one call when the new block is large (n above a small slot's size).
 * Its pages are fresh: the old block's were closed or kept for the
 * quarantine.  A program growing a string a few bytes at a time (bash's
 * s+=x) reallocs a big block each time, and one fault per page of the copy
 * was 40% of its run. */
static void populate_copy(void *q, size_t n)
{
    if (n <= MAX_SMALL_SLOT)
        return;
    uintptr_t lo = ((uintptr_t)q + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    uintptr_t hi = ((uintptr_t)q + n) & ~(uintptr_t)(PAGE - 1);
    if (hi > lo)
        a8_pages_populate((void *)lo, hi - lo);
}

static void *ck_realloc(void *p, const struct alloc8_req *r)
{
    CALL_SITE(r);
    uint32_t entry = 0;
    if (!in_region((uintptr_t)p) && a8_foreign_is_glibc_block(p)) {
        /* A block glibc made before alloc8 took over: move it to our heap. */
        void *q = ck_alloc(r);
        if (q) {
            size_t old = a8_foreign_glibc_usable(p);
            memcpy(q, p, old < r->size ? old : r->size);
            a8_foreign_glibc_free(p);
        }
        return q;
    }
    struct a8_bh *h = check_release(p, r, &entry, A8_ERR_REALLOC_FREED, false);
    if (!h)
        return NULL;
    /* Always move: a stale pointer to the old block then hits quarantine. */
    struct alloc8_req nr = *r;
    nr.flags &= ~ALLOC8_F_ZERO;
    void *q = ck_alloc(&nr);
    if (!q)
        return NULL; /* the old block stays valid, as the standard says */
    size_t old = h->bh_size;
    size_t n = old < r->size ? old : r->size;
    populate_copy(q, n);
    memcpy(q, p, n);
    release(h, entry, r, capture_id(r), false);
    return q;
}

/* A signal handler's allocation call came while this thread was inside a
 * heap operation (interpose/entry.c served it outside the heap): one report,
 * its site the handler's call (one frame: its stack was not walked inside
 * the handler, where the interrupted walk may be half done), and the stack
 * of the interrupted call, which has just returned: this one's callers. */
static void ck_signal_reentry(const struct alloc8_signal_call *c)
{
    struct a8_error e;
    rec_init(&e, A8_ERR_SIGNAL_UNSAFE, (uintptr_t)c->ptr, c->call.call);
    e.size_arg = c->call.size;
    e.interrupted = c->interrupted >= 0 ? a8_call_name(c->interrupted) : "own work of alloc8's";
    e.sig_calls = c->calls;
    e.sig_dropped = c->dropped;
    e.here.pcs[0] = (uintptr_t)c->call.caller;
    e.here.n = c->call.caller ? 1 : 0;
    e.here.valid = e.here.n > 0;
    e.here.tid = a8_thread_id();
    rstack_here(&e.alloc);
    report(&e);
}

static void ck_retag(void *p, const struct alloc8_req *r)
{
    uint32_t entry = 0;
    struct a8_bh *h = slot_of((uintptr_t)p, &entry);
    if (!h)
        return;
    uint32_t stack = capture_id(r);
    struct arena *a = &g_heap.arenas[SP_ARENA(entry)];
    a8_lock(&a->lock);
    if (entry_still((uintptr_t)p, entry) && bh_intact(h) && (uintptr_t)bh_user(h) == (uintptr_t)p &&
        h->bh_state == A8_BS_LIVE && h->bh_alloc_tid == a8_thread_id()) {
        h->bh_alloc_call = (uint8_t)r->call;
        /* The operator's form decides aligned or not, whatever the program's
         * operator called inside. */
        h->bh_flags = (uint8_t)((h->bh_flags & ~(ALLOC8_F_ALIGNED | A8_BF_FREE_OK)) |
                                (r->flags & ALLOC8_F_ALIGNED) |
                                ((r->flags & ALLOC8_F_FREE_OK) ? A8_BF_FREE_OK : 0));
        h->bh_alloc_stack = stack;
        bh_seal(h);
    }
    a8_unlock(&a->lock);
}

static size_t ck_usable_size(const void *p)
{
    uint32_t entry = 0;
    struct a8_bh *h = slot_of((uintptr_t)p, &entry);
    if (h && bh_intact(h) && (uintptr_t)bh_user(h) == (uintptr_t)p && h->bh_state == A8_BS_LIVE)
        return h->bh_size; /* exactly the request: using more is an overflow */
    if (!in_region((uintptr_t)p) && a8_foreign_is_glibc_block(p))
        return a8_foreign_glibc_usable(p);
    struct a8_error e;
    if (h && h->bh_magic != A8_BH_MAGIC && header_smashed(h, entry, (uintptr_t)p)) {
        rec_header_corrupt(&e, h, (uintptr_t)p, ALLOC8_CALL_MALLOC, "malloc_usable_size");
        overrun_from_before(&e, h, entry);
        rstack_here(&e.here);
        report(&e);
        return 0;
    }
    rec_init(&e, A8_ERR_USABLE_SIZE_FOREIGN, (uintptr_t)p, ALLOC8_CALL_MALLOC);
    e.call = "malloc_usable_size";
    if (h && bh_intact(h)) {
        rec_block(&e, h, (uintptr_t)p);
        e.addr_class = A8_ADDR_HEAP_BLOCK;
    } else if (in_region((uintptr_t)p)) {
        e.addr_class = A8_ADDR_HEAP_UNUSED;
    } else {
        a8_foreign_classify(p, &e);
    }
    rstack_here(&e.here);
    report(&e);
    return 0;
}

/* ---- closed pages ------------------------------------------------------------- */

/* h's closed pages, if any (empty when lo >= hi): a guard page not yet
 * opened, with the whole slot next to it when the block is quarantined
 * (protected); a large block's protected tail.  The fault handler and the
 * checked calls both go by it. */
static void closed_range(const struct a8_bh *h, uintptr_t *lo, uintptr_t *hi)
{
    *lo = *hi = 0;
    bool guard = (h->bh_flags & A8_BF_GUARDED) && !(h->bh_flags & A8_BF_OPENED);
    if (guard) {
        *lo = bh_guard(h);
        *hi = *lo + PAGE;
    }
    if (h->bh_flags & A8_BF_PROTECTED) { /* the slot, and the guard page on its side */
        uintptr_t slo = h->bh_base, shi = slo + h->bh_slot_size;
        *lo = guard && *lo < slo ? *lo : slo;
        *hi = guard && *hi > shi ? *hi : shi;
    } else if (h->bh_flags & A8_BF_TAILPROT) {
        tail_range(h, lo, hi);
    }
}

/* Opens h's closed pages, for the access that reached them: a fault
 * (on_segv), or a call whose check reports it because no fault will (the
 * kernel's access fails the call instead).  Under the arena lock; false
 * when the kernel would not open them. */
static bool open_closed(struct a8_bh *h)
{
    uintptr_t lo = 0, hi = 0;
    closed_range(h, &lo, &hi);
    if (lo >= hi)
        return true;
    if (!pages_open((void *)lo, hi - lo, true))
        return false;
    /* A guard page is open now, and a live block's tail: what the access
     * crossed there is this one bug (verify_block skips it). */
    if ((h->bh_flags & A8_BF_GUARDED) || h->bh_state == A8_BS_LIVE)
        h->bh_flags |= A8_BF_OPENED;
    h->bh_flags &= (uint8_t) ~(A8_BF_PROTECTED | A8_BF_TAILPROT);
    if (h->bh_state == A8_BS_QUARANTINED) {
        repaint(h); /* opened pages may come back as zero pages */
        h->bh_flags |= A8_BF_REPORTED;
    }
    bh_seal(h);
    return true;
}

/* ---- guard-page faults ---------------------------------------------------------- */

static void segv_chain(int sig, siginfo_t *si, void *uc)
{
    struct sigaction *old = &g_heap.old_segv;
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
        old->sa_sigaction(sig, si, uc);
        return;
    }
    if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
        return;
    }
    /* Nobody else wants it: the report and the exit check (deadly.c), then
     * the default action; returning re-runs the access, which now kills the
     * process as it would have (a SIGSEGV sent by kill is sent again).
     * (Clear the flag first: the interposed sigaction lets calls through.) */
    __atomic_store_n(&g_heap.segv_installed, false, __ATOMIC_RELEASE);
    a8_deadly_end(sig, si, uc);
}

void a8_checker_describe(uintptr_t a, struct a8_error *e)
{
    if (!in_region(a)) {
        a8_foreign_classify((const void *)a, e);
        return;
    }
    e->addr_class = A8_ADDR_HEAP_UNUSED;
    uint32_t entry = 0;
    struct a8_bh *h = slot_of(a, &entry);
    if (!h || h->bh_magic != A8_BH_MAGIC)
        return;
    struct arena *ar = &g_heap.arenas[SP_ARENA(entry)];
    if (!a8_trylock(&ar->lock))
        return;
    if (bh_intact(h) && (h->bh_state == A8_BS_LIVE || h->bh_state == A8_BS_QUARANTINED)) {
        rec_block(e, h, a);
        e->addr_class = A8_ADDR_HEAP_BLOCK;
    }
    a8_unlock(&ar->lock);
}

/* on_segv's report, with its stack (bigstack.c says where it runs). */
static void segv_report(void *arg)
{
    struct a8_error *e = arg;
    rstack_here(&e->here);
    report(e);
}

/* on_segv's work for a fault in one of h's pages: reported (1), reported
 * but the page stays closed (2), or not a guard page's fault after all
 * (0).  Apart, so that on_segv's frame stays small: a fault that is not
 * ours reaches the program's handler on the program's alternate signal
 * stack, maybe a small one, with on_segv's frame below it. */
static A8_NOINLINE int segv_guard(uintptr_t a, struct a8_bh *h, uint32_t entry,
                                  const ucontext_t *uc)
{
    struct arena *ar = &g_heap.arenas[SP_ARENA(entry)];
    struct a8_error e;
    bool ours = false, stuck = false; /* stuck: the page could not be opened */
    /* Spin on a trylock: should alloc8 itself have faulted while holding this
     * arena's lock, waiting would hang; give up and let the fault kill. */
    int tries = 0;
    while (!a8_trylock(&ar->lock)) {
        if (++tries > 1000000)
            return 0;
        __builtin_ia32_pause();
    }
    /* Ours when the page is one of h's closed ones (closed_range: a guard
     * page, a protected freed block, a large block's tail); opened as a
     * checked call's check opens them (open_closed). */
    uintptr_t lo = 0, hi = 0;
    if (bh_intact(h) &&
        (h->bh_state == A8_BS_LIVE || h->bh_state == A8_BS_QUARANTINED || free_tail_closed(h)))
        closed_range(h, &lo, &hi);
    if (a >= lo && a < hi) {
        enum a8_error_kind k = h->bh_state != A8_BS_LIVE   ? A8_ERR_USE_AFTER_FREE
                               : a < (uintptr_t)bh_user(h) ? A8_ERR_HEAP_UNDERFLOW
                                                           : A8_ERR_HEAP_OVERFLOW;
        rec_init(&e, k, a, ALLOC8_CALL_MALLOC);
        rec_block(&e, h, a);
        stuck = !open_closed(h);
        ours = true;
    }
    a8_unlock(&ar->lock);
    if (!ours)
        return 0;
    e.call = NULL;
    e.checked_at = "guard page";
    a8_tls.faults++; /* strmem.c: a call's own check would repeat this */
    e.access = (uc->uc_mcontext.gregs[REG_ERR] & 2) ? "WRITE" : "READ";
    a8_on_big_stack(segv_report, &e); /* not on a small alternate signal stack */
    return stuck ? 2 : 1;
}

/* A fault in a guard page of a live block (overflow) or in a quarantined
 * block (use after free): open the page so the access completes, report it
 * with the faulting instruction as frame #0, and let the program go on.
 * Any other fault goes to the program's handler, or ends the program
 * (segv_chain). */
static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    int saved_errno = errno;
    uintptr_t a = (uintptr_t)si->si_addr;
    uint32_t entry = 0;
    struct a8_bh *h = NULL;
    /* A closed page faults with SEGV_ACCERR (mprotect) or SEGV_MAPERR (a
     * guard marker). */
    if ((si->si_code == SEGV_ACCERR || si->si_code == SEGV_MAPERR) && !a8_guarded() && in_region(a))
        h = slot_of(a, &entry);
    int got = 0;
    if (h && h->bh_magic == A8_BH_MAGIC &&
        (cls_guarded(SP_CLASS(entry)) || SP_CLASS(entry) == SP_LARGE))
        got = segv_guard(a, h, entry, ucv);
    if (got != 1) /* 2: the access would only fault again */
        segv_chain(sig, si, ucv);
    errno = saved_errno;
}

/* ---- checked memory and string calls (strmem.c) --------------------------- */

/* A block of ours that [a, a+n) touches outside its user bytes (live), or
 * at all (quarantined): the kind, and the first byte that is wrong.  No
 * lock: a hint, confirmed under the arena lock by a8_checker_access.  Left
 * to the page fault (unless nofault: no fault will tell): an access that
 * reaches a closed page (a guard page, a protected freed block, a large
 * block's closed tail). */
static struct a8_bh *access_suspect(uintptr_t a, size_t n, bool nofault, uint32_t *entry,
                                    uintptr_t *bad, enum a8_error_kind *kind)
{
    struct a8_bh *h = slot_of(a, entry);
    if (!h || h->bh_magic != A8_BH_MAGIC)
        return NULL;
    uint8_t state = h->bh_state;
    uintptr_t u = h->bh_base + h->bh_user_off, e = u + h->bh_size;
    uintptr_t last = n - 1 > UINTPTR_MAX - a ? UINTPTR_MAX : a + n - 1;
    if (state == A8_BS_LIVE) {
        if (a >= u && last < e)
            return NULL; /* the common case: inside the block */
        *kind = a < u ? A8_ERR_HEAP_UNDERFLOW : A8_ERR_HEAP_OVERFLOW;
        *bad = a < u ? a : (a > e ? a : e);
    } else if (state == A8_BS_QUARANTINED && !(h->bh_flags & A8_BF_REPORTED)) {
        if (a < u || a >= e)
            return NULL; /* in a freed block's zones: not its bytes */
        *kind = A8_ERR_USE_AFTER_FREE;
        *bad = a;
    } else {
        return NULL;
    }
    if (nofault)
        return h;
    uintptr_t lo = 0, hi = 0;
    closed_range(h, &lo, &hi);
    if (last >= lo && a < hi)
        return NULL;
    return h;
}

struct a8_bh *a8_checker_access(const void *p, size_t n, unsigned how, const char *fn)
{
    uintptr_t a = (uintptr_t)p, bad = 0;
    uint32_t entry = 0;
    enum a8_error_kind kind = A8_ERR_HEAP_OVERFLOW;
    bool nofault = how & A8_ACC_NOFAULT;
    if (!n || !in_region(a) || a8_guarded())
        return NULL;
    struct a8_bh *h = access_suspect(a, n, nofault, &entry, &bad, &kind);
    if (A8_LIKELY(!h))
        return NULL;
    if (bad - a8_tls.call_quiet_lo < a8_tls.call_quiet_hi - a8_tls.call_quiet_lo)
        return NULL; /* reported at the enclosing lookup (a8_check_lookup_name) */
    struct arena *ar = &g_heap.arenas[SP_ARENA(entry)];
    /* A trylock: a signal handler's memcpy may interrupt alloc8 holding it. */
    if (!a8_trylock(&ar->lock))
        return NULL;
    struct a8_error e;
    bool ours = bh_intact(h) && access_suspect(a, n, nofault, &entry, &bad, &kind) == h;
    if (ours) {
        rec_init(&e, kind, bad, ALLOC8_CALL_MALLOC);
        rec_block(&e, h, bad);
        if (nofault)
            open_closed(h);
    }
    a8_unlock(&ar->lock);
    if (!ours)
        return NULL;
    e.call = fn;
    e.checked_at = fn;
    e.access = (how & A8_ACC_WRITE) ? "WRITE" : "READ";
    e.access_len = n;
    e.access_addr = a;
    rstack_here(&e.here);
    report(&e);
    return (how & A8_ACC_WRITE) ? h : NULL;
}

void a8_checker_overlap(const void *d, size_t dn, const void *s, size_t sn, const char *fn)
{
    if (a8_guarded())
        return;
    uintptr_t a = (uintptr_t)d, b = (uintptr_t)s, at = a > b ? a : b;
    struct a8_error e;
    rec_init(&e, A8_ERR_PARAM_OVERLAP, at, ALLOC8_CALL_MALLOC);
    if (in_region(at)) {
        uint32_t entry = 0;
        struct a8_bh *h = slot_of(at, &entry);
        e.addr_class = A8_ADDR_HEAP_UNUSED;
        /* A trylock, as for the access checks: a signal handler's copy may
         * interrupt alloc8 holding it (the block is then left unnamed). */
        if (h && h->bh_magic == A8_BH_MAGIC && a8_trylock(&g_heap.arenas[SP_ARENA(entry)].lock)) {
            if (bh_intact(h) && h->bh_state != A8_BS_FREE) {
                rec_block(&e, h, at);
                e.addr_class = A8_ADDR_HEAP_BLOCK;
            }
            a8_unlock(&g_heap.arenas[SP_ARENA(entry)].lock);
        }
    } else {
        a8_foreign_classify((const void *)at, &e);
    }
    e.call = fn;
    e.checked_at = fn;
    e.access = "WRITE";
    e.access_addr = a;
    e.access_len = dn;
    e.src_addr = b;
    e.src_len = sn;
    rstack_here(&e.here);
    report(&e);
}

/* The block whose slot holds a, read without a lock (a hint for the
 * checked calls); NULL outside the heap or inside alloc8. */
static const struct a8_bh *hint_block(uintptr_t a)
{
    uint32_t entry = 0;
    if (!in_region(a) || a8_guarded())
        return NULL;
    const struct a8_bh *h = slot_of(a, &entry);
    return h && h->bh_magic == A8_BH_MAGIC ? h : NULL;
}

size_t a8_checker_room(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    const struct a8_bh *h = hint_block(a);
    if (!h)
        return SIZE_MAX;
    uintptr_t u = h->bh_base + h->bh_user_off, e = u + h->bh_size;
    if (h->bh_state == A8_BS_LIVE)
        return a >= u && a < e ? e - a : 0;
    if (h->bh_state == A8_BS_QUARANTINED && !(h->bh_flags & A8_BF_REPORTED) && a >= u && a < e)
        return 0;
    return SIZE_MAX;
}

bool a8_checker_closed(const void *p)
{
    uintptr_t a = (uintptr_t)p, lo = 0, hi = 0;
    const struct a8_bh *h = hint_block(a);
    if (!h)
        return false;
    closed_range(h, &lo, &hi);
    return a >= lo && a < hi;
}

void a8_checker_access_done(struct a8_bh *h)
{
    uintptr_t span;
    uint32_t entry =
        span_at((uintptr_t)h, &span); /* a guarded block's header: its span's first page */
    if (!entry)
        return;
    struct arena *ar = &g_heap.arenas[SP_ARENA(entry)];
    if (!a8_trylock(&ar->lock))
        return;
    if (bh_intact(h) && h->bh_state == A8_BS_LIVE) {
        /* Reported at the call: not again at free.  Bytes written past the
         * end stay (the program may read them back, as natively from
         * malloc's slack), the zone marked reported (right_zone_reported);
         * the rest is repainted.  A guarded block's OPENED says its guard
         * page is open: it is opened, as after a fault there (a failed
         * open leaves the block as it was, repainted). */
        uint8_t *user = (uint8_t *)bh_user(h);
        bool guarded = h->bh_flags & A8_BF_GUARDED;
        bool keep = !(guarded && g_heap.gbelow) && !right_zone_closed(h) &&
                    zone_bad(h, user + h->bh_size, bh_end(h), A8_REDZONE_BYTE, A8_ERR_HEAP_OVERFLOW,
                             NULL, NULL);
        if (keep && guarded && !(h->bh_flags & A8_BF_OPENED))
            keep = pages_open((void *)bh_guard(h), PAGE, false);
        if (keep) {
            h->bh_flags |= A8_BF_OPENED;
            repaint_before(h);
        } else {
            repaint(h);
        }
        bh_seal(h);
    } else if (bh_intact(h) && h->bh_state == A8_BS_QUARANTINED) {
        h->bh_flags |= A8_BF_REPORTED; /* its changed fill: this one bug */
        bh_seal(h);
    }
    a8_unlock(&ar->lock);
}

void a8_checker_install_fault_handler(void)
{
    /* Guard pages, and the protected tails of quarantined large blocks
     * (used with guard_max=0 too). */
    if (!g_heap.gfirst && !g_heap.q_budget && !a8_deadly_on())
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, &g_heap.old_segv) != 0)
        a8_note("cannot install the SIGSEGV handler: guard pages disabled");
    else
        __atomic_store_n(&g_heap.segv_installed, true, __ATOMIC_RELEASE);
}

#define A8_SA_RESTORER 0x04000000 /* <asm/signal.h>'s SA_RESTORER: glibc sets it */

/* The program sets or asks for SIGSEGV's disposition: keep ours in the
 * kernel, record theirs (segv_chain calls it for faults that are not ours)
 * and answer with theirs. */
static int ck_sigaction_hook(int sig, const void *act, void *oact)
{
    if (sig != SIGSEGV)
        return a8_deadly_sigaction(sig, act, oact);
    if (!__atomic_load_n(&g_heap.segv_installed, __ATOMIC_ACQUIRE))
        return -1;
    struct sigaction rec;
    if (act) {
        /* Kept as the kernel would keep it, so that a query answers the
         * same (the JVM prints it in its crash log): glibc's sigaction adds
         * SA_RESTORER, the kernel drops SIGKILL and SIGSTOP from the mask. */
        rec = *(const struct sigaction *)act;
        rec.sa_flags |= A8_SA_RESTORER;
        sigdelset(&rec.sa_mask, SIGKILL);
        sigdelset(&rec.sa_mask, SIGSTOP);
    }
    a8_lock(&g_heap.sig_lock);
    struct sigaction prev = g_heap.old_segv;
    if (act)
        g_heap.old_segv = rec;
    a8_unlock(&g_heap.sig_lock);
    if (oact)
        *(struct sigaction *)oact = prev;
    return 0;
}

/* ---- whole-heap checks and figures ------------------------------------------- */

/* Where the headers of a head span (table entry e0) lie: nslots of them,
 * step bytes apart from the span's start.  A large run has one; a guarded
 * span keeps them together in its first page. */
static void header_walk(uint32_t e0, size_t *step, size_t *nslots)
{
    unsigned c = SP_CLASS(e0);
    if (c == SP_LARGE) {
        *step = 0;
        *nslots = 1;
    } else if (cls_guarded(c)) {
        *step = A8_BH_SIZE;
        *nslots = gnslots(c);
    } else {
        *step = g_heap.slot_size[c];
        *nslots = SPAN_BYTES / *step;
    }
}

/* The whole-heap checks read a small class's slots one after another, each
 * whole: the slot SLOT_AHEAD places on is asked for while this one is
 * checked (the exit check of a 200 MiB quarantine took 10-15% less time).
 * pf_step is the slot size of a small class's span, 0 for guarded slots
 * (headers only here) and large runs (slot_prefetch_step). */
enum { SLOT_AHEAD = 4 };
static inline size_t slot_prefetch_step(uint32_t e0, size_t step)
{
    unsigned c = SP_CLASS(e0);
    return c == SP_LARGE || cls_guarded(c) ? 0 : step;
}

static inline void prefetch_slot(const char *span, size_t s, size_t pf_step, size_t nslots)
{
    if (!pf_step || s + SLOT_AHEAD >= nslots)
        return;
    const char *n = span + (s + SLOT_AHEAD) * pf_step;
    for (size_t o = 0; o < pf_step; o += 64)
        __builtin_prefetch(n + o);
}

/* A fork child's whole-heap check: the spans whose pages are all still
 * shared with the parent (none copied on write since the fork, by either
 * side; /proc/self/pagemap) hold what they held at the fork, and the
 * parent checks that at its own eviction, free and exit.  They are
 * skipped, so a child's exit costs what the child did, not the size of the
 * heap and quarantine it inherited: a shell's $(...) subshells each read
 * their parent's whole quarantine at exit, and a loop of them slowed down
 * as it went (2000 took 8 s without the leak check, native 0.5 s).  A bit per span, for a large
 * block's head only when its whole run is shared; NULL when not a fork
 * child or pagemap cannot be read (everything is checked). */
static struct {
    uint8_t *bits;
    size_t bytes;
} g_shared;

static bool span_shared(size_t idx)
{
    return g_shared.bits && idx / 8 < g_shared.bytes && (g_shared.bits[idx / 8] >> (idx % 8) & 1);
}

static void shared_spans_find(size_t spans)
{
    enum { PPS = SPAN_BYTES / PAGE, BATCH = 512 / PPS };
    if (!a8_forked() || a8_sandboxed() || !spans)
        return;
    int fd = a8_open_room("/proc/self/pagemap", O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return;
    /* This page of the stack was written since the fork: a kernel that
     * does not say so (bit 56 is Linux 4.2's) would make every span look
     * shared. */
    volatile uint64_t here = 0;
    if (pread(fd, (void *)&here, 8, (off_t)((uintptr_t)&here / PAGE) * 8) != 8 ||
        !(here >> 63 & 1) || !(here >> 56 & 1)) {
        close(fd);
        return;
    }
    size_t bytes = (spans + 7) / 8;
    uint8_t *bits = a8_pages_map(bytes);
    uint64_t buf[BATCH * PPS];
    off_t first = (off_t)((uintptr_t)g_heap.region / PAGE);
    for (size_t idx = 0; bits && idx < spans; idx += BATCH) {
        size_t nsp = spans - idx < BATCH ? spans - idx : BATCH;
        size_t want = nsp * PPS * sizeof buf[0];
        if (pread(fd, buf, want, (first + (off_t)(idx * PPS)) * 8) != (ssize_t)want) {
            a8_pages_unmap(bits, bytes);
            bits = NULL;
            break;
        }
        for (size_t k = 0; k < nsp; k++) {
            bool shared = true;
            for (size_t pg = 0; pg < PPS && shared; pg++) {
                /* Present: the parent's page still (not exclusive, bit 56).
                 * A guard marker (bit 58, Linux 6.14+) holds nothing.  Swapped
                 * out (bit 62 without 58): cannot tell; checked. */
                uint64_t e = buf[k * PPS + pg];
                if (e >> 63 & 1)
                    shared = !(e >> 56 & 1);
                else
                    shared = !(e >> 62 & 1) || (e >> 58 & 1);
            }
            if (shared)
                bits[(idx + k) / 8] |= (uint8_t)(1u << ((idx + k) % 8));
        }
    }
    close(fd);
    if (!bits)
        return;
    /* A large block is checked from its head span: shared only if its
     * whole run is.  A continuation entry says how far back its head is. */
    for (size_t idx = 1; idx < spans; idx++) {
        uint32_t e = __atomic_load_n(&g_heap.span_tab[idx], __ATOMIC_ACQUIRE);
        if ((e & SP_CONT) && !(bits[idx / 8] >> (idx % 8) & 1)) {
            size_t h = idx - (e & ~SP_CONT);
            bits[h / 8] &= (uint8_t) ~(1u << (h % 8));
        }
    }
    g_shared.bits = bits;
    g_shared.bytes = bytes;
    if (a8_opt.verbosity >= 2) {
        size_t n = 0;
        for (size_t i = 0; i < spans; i++)
            n += span_shared(i);
        a8_note("exit check of a fork child: %zu of %zu spans unchanged since the fork, left to "
                "the parent",
                n, spans);
    }
}

static void shared_spans_forget(void)
{
    if (g_shared.bits)
        a8_pages_unmap(g_shared.bits, g_shared.bytes);
    g_shared.bits = NULL;
    g_shared.bytes = 0;
}

/* Checks every header in span idx (and the zones of live and quarantined
 * blocks), reporting each problem; returns how many. */
static size_t check_span(size_t idx, const char *why)
{
    uint32_t e0 = __atomic_load_n(&g_heap.span_tab[idx], __ATOMIC_ACQUIRE);
    if (!e0 || (e0 & SP_CONT) || span_shared(idx))
        return 0;
    size_t found = 0;
    struct arena *a = &g_heap.arenas[SP_ARENA(e0)];
    char *span = g_heap.region + (idx << SPAN_SHIFT);
    size_t step, nslots;
    header_walk(e0, &step, &nslots);
    size_t pf_step = slot_prefetch_step(e0, step);
    /* The arena lock is taken for a batch of slots, not each one (at exit a
     * big heap has millions), and dropped to report. */
    bool locked = false;
    for (size_t s = 0; s < nslots; s++) {
        struct a8_error e;
        bool bad = false;
        if (!locked || s % 64 == 0) {
            if (locked)
                a8_unlock(&a->lock);
            a8_lock(&a->lock);
            locked = true;
            /* Given back meanwhile (span_emptied): nothing left to check. */
            if (__atomic_load_n(&g_heap.span_tab[idx], __ATOMIC_ACQUIRE) != e0)
                break;
        }
        struct a8_bh *h = (struct a8_bh *)(span + s * step);
        prefetch_slot(span, s, pf_step, nslots);
        /* Every header in use is checked, whatever its state byte says (a
         * stray write may have changed it); only live and quarantined blocks
         * have zones and fills to check.  span_clean mirrors this. */
        if (h->bh_magic == A8_BH_MAGIC) {
            if (!bh_intact(h)) {
                rec_header_corrupt(&e, h, (uintptr_t)h, ALLOC8_CALL_FREE, why);
                h->bh_magic = 0; /* report it once */
                bad = true;
            } else if ((h->bh_state == A8_BS_LIVE || h->bh_state == A8_BS_QUARANTINED) &&
                       verify_block(h, &e, why)) {
                repaint(h);
                bad = true;
            }
        }
        if (bad) {
            a8_unlock(&a->lock);
            locked = false;
            found++;
            /* At exit the stack is exit's machinery: leave it out, so the
             * report leads with where the block came from. */
            if (a8_strcmp(why, "exit") != 0)
                rstack_here(&e.here);
            report(&e);
        }
    }
    if (locked)
        a8_unlock(&a->lock);
    return found;
}

/* ---- the exit check on two CPUs ---------------------------------------------------- */

/* At exit a big heap is mostly quarantine, and reading all of it is ~15% of
 * a run like python3's.  With a second CPU to use, the spans are swept by
 * this thread and a helper (helper.c) at once, read-only and with every
 * arena lock held; the few spans where either saw a problem (none, in a
 * correct program) are then checked again by check_span, which reports. */
enum {
    SWEEP_MIN_SPANS = 256, /* 16 MiB: below it a helper is not worth starting */
    SWEEP_BATCH = 32,      /* spans taken at a time */
    SWEEP_DIRTY_MAX = 256, /* more spans with problems: check them all again */
};

struct sweep {
    size_t spans;
    size_t next; /* first span of the next batch to take */
    size_t ndirty;
    size_t dirty[SWEEP_DIRTY_MAX];
};

/* check_span's tests, reading only: true when span idx has nothing to report. */
static bool span_clean(size_t idx)
{
    uint32_t e0 = __atomic_load_n(&g_heap.span_tab[idx], __ATOMIC_ACQUIRE);
    if (!e0 || (e0 & SP_CONT) || span_shared(idx))
        return true;
    char *span = g_heap.region + (idx << SPAN_SHIFT);
    size_t step, nslots;
    header_walk(e0, &step, &nslots);
    size_t pf_step = slot_prefetch_step(e0, step);
    for (size_t s = 0; s < nslots; s++) {
        const struct a8_bh *h = (const struct a8_bh *)(span + s * step);
        prefetch_slot(span, s, pf_step, nslots);
        if (h->bh_magic != A8_BH_MAGIC)
            continue;
        if (!bh_intact(h))
            return false;
        if ((h->bh_state == A8_BS_LIVE || h->bh_state == A8_BS_QUARANTINED) &&
            verify_block(h, NULL, NULL))
            return false;
    }
    return true;
}

/* Both threads: take batches until none is left.  No thread-local state. */
static int sweep_run(void *arg)
{
    struct sweep *w = arg;
    for (;;) {
        size_t lo = __atomic_fetch_add(&w->next, SWEEP_BATCH, __ATOMIC_RELAXED);
        if (lo >= w->spans)
            return 0;
        size_t hi = lo + SWEEP_BATCH < w->spans ? lo + SWEEP_BATCH : w->spans;
        for (size_t idx = lo; idx < hi; idx++) {
            if (span_clean(idx))
                continue;
            size_t k = __atomic_fetch_add(&w->ndirty, 1, __ATOMIC_RELAXED);
            if (k < SWEEP_DIRTY_MAX)
                w->dirty[k] = idx;
        }
    }
}

/* The spans to check with check_span after a swept pass, or false when no
 * helper could be had (check them all then). */
static bool sweep(struct sweep *w, size_t spans)
{
    w->spans = spans;
    w->next = 0;
    w->ndirty = 0;
    struct a8_helper helper;
    a8_checker_lock_all();
    bool ok = a8_helper_start(&helper, sweep_run, w);
    if (ok) {
        sweep_run(w);
        a8_helper_join(&helper);
    }
    a8_checker_unlock_all();
    return ok;
}

/* The whole-heap check, over the spans a fork child's exit changed only
 * (shared_spans_find) at its exit. */
static size_t check_spans(const char *why, size_t spans)
{
    size_t found = 0;
    static struct sweep w; /* exit only: one at a time */
    if (spans >= SWEEP_MIN_SPANS && a8_strcmp(why, "exit") == 0 && sweep(&w, spans)) {
        if (w.ndirty <= SWEEP_DIRTY_MAX) {
            /* The list is in no order: report in address order. */
            for (size_t i = 1; i < w.ndirty; i++)
                for (size_t j = i; j > 0 && w.dirty[j - 1] > w.dirty[j]; j--) {
                    size_t t = w.dirty[j];
                    w.dirty[j] = w.dirty[j - 1];
                    w.dirty[j - 1] = t;
                }
            for (size_t i = 0; i < w.ndirty; i++)
                found += check_span(w.dirty[i], why);
            return found;
        }
    }
    for (size_t idx = 0; idx < spans; idx++)
        found += check_span(idx, why);
    return found;
}

size_t a8_checker_check_all(const char *why)
{
    size_t spans = __atomic_load_n(&g_heap.span_next, __ATOMIC_ACQUIRE);
    bool at_exit = a8_strcmp(why, "exit") == 0;
    if (at_exit)
        shared_spans_find(spans);
    size_t found = check_spans(why, spans);
    if (at_exit)
        shared_spans_forget();
    return found + check_unused_slots(why);
}

void a8_checker_totals(size_t *live_bytes, size_t *live_blocks)
{
    size_t b = 0, n = 0;
    for (int i = 0; i < ARENAS; i++) {
        struct arena *a = &g_heap.arenas[i];
        a8_lock(&a->lock);
        b += a->live_bytes;
        n += a->live_blocks;
        a8_unlock(&a->lock);
    }
    *live_bytes = b;
    *live_blocks = n;
}

static void ck_info(struct alloc8_heap_info *hi)
{
    a8_checker_totals(&hi->in_use_bytes, &hi->live_blocks);
    hi->mapped_bytes = g_heap.span_next << SPAN_SHIFT;
    hi->free_bytes = hi->mapped_bytes > hi->in_use_bytes ? hi->mapped_bytes - hi->in_use_bytes : 0;
}

/* ---- for the leak scanner ------------------------------------------------------ */

void a8_checker_lock_all(void)
{
    for (int i = 0; i < ARENAS; i++)
        a8_lock(&g_heap.arenas[i].lock);
}

void a8_checker_unlock_all(void)
{
    for (int i = ARENAS - 1; i >= 0; i--)
        a8_unlock(&g_heap.arenas[i].lock);
}

void a8_checker_each_live(a8_block_fn fn, void *ctx)
{
    size_t spans = __atomic_load_n(&g_heap.span_next, __ATOMIC_ACQUIRE);
    for (size_t idx = 0; idx < spans; idx++) {
        uint32_t e0 = g_heap.span_tab[idx];
        if (!e0 || (e0 & SP_CONT) || !g_heap.span_live[SP_ARENA(e0) * NSPANS + idx])
            continue;
        char *span = g_heap.region + (idx << SPAN_SHIFT);
        size_t step, nslots;
        header_walk(e0, &step, &nslots);
        for (size_t s = 0; s < nslots; s++) {
            struct a8_bh *h = (struct a8_bh *)(span + s * step);
            if (h->bh_magic == A8_BH_MAGIC && h->bh_state == A8_BS_LIVE)
                fn(h, ctx);
        }
    }
}

struct a8_bh *a8_checker_live_at(uintptr_t p)
{
    struct a8_bh *h = slot_of(p, NULL);
    if (!h || h->bh_magic != A8_BH_MAGIC || h->bh_state != A8_BS_LIVE)
        return NULL;
    uintptr_t u = (uintptr_t)bh_user(h);
    return p >= u && p < u + (h->bh_size ? h->bh_size : 1) ? h : NULL;
}

uint64_t a8_checker_seq(void)
{
    /* Epoch first: a thread that sees the new epoch takes its next batch
     * above the value returned here. */
    __atomic_add_fetch(&g_heap.seq_epoch, 1, __ATOMIC_ACQ_REL);
    return __atomic_load_n(&g_heap.seq, __ATOMIC_ACQUIRE);
}

bool a8_checker_region(uintptr_t *lo, uintptr_t *hi)
{
    *lo = (uintptr_t)g_heap.region;
    *hi = (uintptr_t)g_heap.region + REGION_BYTES;
    return g_heap.region != NULL;
}

/* ---- fork ------------------------------------------------------------------------ */

/* Blocks every signal but the faults (a fault blocked is a kill) in this
 * thread, the old mask into *old; false (nothing blocked) under a seccomp
 * filter, which may forbid the call (a8_sandboxed). */
static bool signals_hold(sigset_t *old)
{
    if (a8_sandboxed())
        return false;
    sigset_t hold;
    sigfillset(&hold);
    static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        sigdelset(&hold, faults[i]);
    return pthread_sigmask(SIG_BLOCK, &hold, old) == 0;
}

/* From the fork handlers' first lock to their last unlock, the forking
 * thread holds off signals (signals_hold): a handler that ran in between
 * found alloc8's locks held by its own thread, and alloc8's SIGTERM
 * handler (deadly.c) waited for the report lock forever.  The kernel runs
 * handlers there: a signal that comes while fork copies the address space
 * restarts the call, and a big heap makes that copy long (CPython's
 * multiprocessing workers, SIGTERMed as they forked, hung now and then).
 * The program's own handlers were at risk too, should they allocate.  A
 * signal held off comes when the handlers are done, in the process it was
 * sent to (a child starts with none pending). */
static __thread sigset_t t_fork_mask __attribute__((tls_model("initial-exec")));
static __thread bool t_fork_held __attribute__((tls_model("initial-exec")));

static void signals_release(void)
{
    if (t_fork_held)
        pthread_sigmask(SIG_SETMASK, &t_fork_mask, NULL);
    t_fork_held = false;
}

/* Every lock in rank order: the report lock (held while symbolizing), the
 * suppressions', the symbolizer's, the arenas', the span lock; the
 * interposer then takes the internal arena's last. */
static void ck_fork_prepare(void)
{
    t_fork_held = signals_hold(&t_fork_mask);
    a8_threads_fork_prepare();
    a8_report_fork_prepare();
    a8_supp_fork_prepare();
    a8_sym_fork_prepare();
    for (int i = 0; i < ARENAS; i++)
        a8_lock(&g_heap.arenas[i].lock);
    a8_lock(&g_heap.span_lock);
}

static void ck_fork_parent(void)
{
    a8_unlock(&g_heap.span_lock);
    for (int i = ARENAS - 1; i >= 0; i--)
        a8_unlock(&g_heap.arenas[i].lock);
    a8_sym_fork_parent();
    a8_supp_fork_parent();
    a8_report_fork_parent();
    signals_release();
}

static pid_t g_own_pid; /* the process the heap's state is for: set at start-up and fork */

/* The exit check runs once per process: from ck_at_exit, at the end of
 * exit(), or from the program's _exit/_Exit (checker/exitfrom.c), whichever
 * comes first.  g_exit.state: 0 not yet, 1 running in thread g_exit.tid, 2
 * done.  A fork child starts at 0: its check is its own, and a check its
 * parent was making when another thread forked is not running here. */
static struct {
    int state;
    pid_t tid;
} g_exit;

pid_t a8_checker_pid(void) { return __atomic_load_n(&g_own_pid, __ATOMIC_RELAXED); }

static void ck_fork_child(void)
{
    __atomic_store_n(&g_own_pid, a8_getpid(), __ATOMIC_RELAXED);
    a8_threads_fork_child();
    g_exit.state = 0;
    a8_lock_reinit(&g_heap.span_lock);
    a8_prefault_fork_child();
    for (int i = 0; i < ARENAS; i++)
        a8_lock_reinit(&g_heap.arenas[i].lock);
    a8_depot_fork_child();
    a8_sym_fork_child();
    a8_supp_fork_child();
    a8_report_fork_child();
    signals_release();
}

/* ---- start-up and exit ------------------------------------------------------------- */

/* verbosity>=2: the checker's own figures at exit (bench/README.md quotes
 * them: the depot's dedup rate on a real program). */
static void print_stats(void)
{
    struct a8_depot_stats d;
    a8_depot_stats(&d);
    struct a8_int_stats in;
    a8_int_stats(&in);
    unsigned long pf_sent, pf_failed;
    a8_prefault_stats(&pf_sent, &pf_failed);
    unsigned long sq_mapped, sq_unmapped;
    a8_sigq_stats(&sq_mapped, &sq_unmapped);
    const char *closed_how =
        g_heap.closed_marker ? (g_heap.closed_prot ? "guard markers and mprotect" : "guard markers")
                             : (g_heap.closed_prot ? "mprotect" : "none");
    a8_note("stats: at most %llu allocations; stack depot: %llu stacks, %llu puts, %llu%% "
            "deduplicated, "
            "%llu KiB; spans: %zu MiB; guarded now: %zu; internal arena: %zu KiB in use, "
            "%zu KiB peak; closed pages: %s; prefault requests: %lu, %lu failed; signal "
            "queues: %lu mapped, %lu still mapped; guarded spans closed in one call: %zu",
            (unsigned long long)g_heap.seq, (unsigned long long)d.stacks,
            (unsigned long long)d.puts, (unsigned long long)(d.puts ? d.hits * 100 / d.puts : 0),
            (unsigned long long)(d.bytes >> 10), (g_heap.span_next << SPAN_SHIFT) >> 20,
            g_heap.guard_live, in.in_use >> 10, in.peak >> 10, closed_how, pf_sent, pf_failed,
            sq_mapped, sq_mapped - sq_unmapped, g_heap.guard_batches);
}

/* Fork children that leaked, counted in a page they share with the process
 * that loaded alloc8 (mapped at start-up, before any fork).  A fork child
 * keeps its exit status when it only leaked: its parent is the program, and
 * would take the status for a failure of the child's work (dpkg-deb's
 * decompressing child, rsync's receiver).  The program you ran exits with
 * leak_exitcode for them instead, if they exited before it. */
static uint32_t *g_kids_leaked;

static void kids_init(void)
{
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    g_kids_leaked = p == MAP_FAILED ? NULL : p;
}

static bool exit_claim(void)
{
    int expected = 0;
    pid_t me = (pid_t)syscall(SYS_gettid);
    if (__atomic_compare_exchange_n(&g_exit.state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&g_exit.tid, me, __ATOMIC_RELEASE);
        return true;
    }
    /* Another thread's check ends the process when it is done: wait for it
     * rather than cut its report short.  This thread's own (an exit from
     * inside the check's exit) goes on. */
    while (__atomic_load_n(&g_exit.state, __ATOMIC_ACQUIRE) == 1 &&
           __atomic_load_n(&g_exit.tid, __ATOMIC_ACQUIRE) != me)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    return false;
}

/* The exit check holds off the signals that end a process from outside
 * (SIGTERM, SIGINT, SIGHUP, a timer's SIGALRM, ...) and any handler of the
 * program's: one that came in the middle used to end the process with half
 * a report or none (a multiprocessing Pool's workers, SIGTERMed while they
 * checked their heap at os._exit, made the program's exit status vary with
 * timing).  Faults stay open (a fault blocked is a kill).  A signal held
 * off is not lost where the check leaves the process on its way out:
 * alloc8's deadly path raises its own again, and exit()'s path puts the
 * mask back (exit_signals_after), so a signal that came during the check
 * ends the process after it, as it would have during the program's own
 * exit handlers; an _exit leaves at once, as it would have without alloc8,
 * before the signal came.  A SIGPIPE the report's own writes raised (a
 * log to a pipe nobody reads any more) is taken back: the program did not
 * write.  Not under a seccomp filter: it may forbid these calls (a8_sandboxed;
 * false: nothing held). */
static bool exit_signals_hold(sigset_t *old, bool *pipe_was)
{
    if (!signals_hold(old))
        return false;
    sigset_t pending;
    *pipe_was = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    return true;
}

static void exit_signals_after(const sigset_t *old, bool pipe_was, bool restore)
{
    sigset_t pending, pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    if (!pipe_was && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE))
        (void)sigtimedwait(&pipe, NULL, &(struct timespec){0, 0});
    if (restore)
        pthread_sigmask(SIG_SETMASK, old, NULL);
}

int a8_checker_exit_check(int status, bool flush)
{
    if (!exit_claim())
        return status;
    sigset_t old_mask;
    bool pipe_was = false;
    bool held = exit_signals_hold(&old_mask, &pipe_was);
    a8_guard_enter();
    a8_checker_check_all("exit");
    bool leaked = a8_leak_at_exit(); /* checker/leak.c; README "Leaks" */
    size_t bytes, blocks;
    a8_checker_totals(&bytes, &blocks);
    a8_stack_exit_summary();
    a8_report_exit_summary(bytes, blocks);
    if (a8_opt.verbosity >= 2)
        print_stats();
    a8_guard_leave();
    int out = status;
    if (status == 0 && a8_opt.exitcode && a8_report_error_count() > 0) {
        /* The program would have exited 0 but had errors: exit with exitcode. */
        out = (int)a8_opt.exitcode;
    } else {
        /* A program run by another one under alloc8 (a build's compilers,
         * git's helpers) and a fork child keep their status when they only
         * leaked: the parent would take the status for a failure of its
         * own (README "Leaks").  A fork child's leak is counted for the
         * program instead. */
        bool forked = a8_forked();
        bool own = a8_opt.child_leak_exitcode || (!forked && !a8_run_by_alloc8());
        if (leaked && forked && !own && g_kids_leaked)
            __atomic_add_fetch(g_kids_leaked, 1, __ATOMIC_RELAXED);
        uint32_t kids =
            !forked && g_kids_leaked ? __atomic_load_n(g_kids_leaked, __ATOMIC_RELAXED) : 0;
        if (status == 0 && a8_opt.leak_exitcode && (leaked || kids) && own) {
            if (kids)
                a8_note("%u fork child%s of this process leaked (%s): exit status %d", kids,
                        kids == 1 ? "" : "ren",
                        kids == 1 ? "its report is its own" : "their reports are their own",
                        (int)a8_opt.leak_exitcode);
            out = (int)a8_opt.leak_exitcode;
        }
    }
    __atomic_store_n(&g_exit.state, 2, __ATOMIC_RELEASE);
    if (held)
        exit_signals_after(&old_mask, pipe_was, flush);
    /* exit() would flush stdio after this handler; an exit with another
     * status leaves by _exit, so flush it first, not to lose the program's
     * output.  The program's own _exit flushes nothing: nor does alloc8. */
    if (out != status && flush)
        fflush(NULL);
    return out;
}

static void ck_at_exit(int status, void *arg)
{
    (void)arg;
    int out = a8_checker_exit_check(status, true);
    if (out != status)
        _exit(out);
}

/* The program is about to put a seccomp filter on itself, after which no
 * file is opened (symbolize/dwarf.c): the loaded modules' paths are noted
 * now (the main program's needs readlink), and the main program's symbols
 * and line tables read, so that its frames in later reports keep their
 * function and file:line (other modules' frames show module+offset). */
static void before_sandbox(void)
{
    a8_deadly_sandbox();
    a8_sym_note_modules();
    uintptr_t entry = (uintptr_t)getauxval(AT_ENTRY);
    struct a8_sym_frame f[A8_SYM_MAX_INLINE];
    if (a8_opt.symbolize && entry)
        (void)a8_sym_resolve(entry, false, f, A8_SYM_MAX_INLINE);
}

/* True if the directory dir is the directory home (stat'ed) or lies
 * inside it, found by walking up through ".." from dir: a symbolic link
 * counts where it leads.  False if dir cannot be opened. */
static bool inside_home(const char *dir, const struct stat *home)
{
    int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    bool in = false;
    for (int depth = 0; fd >= 0 && depth < 256; depth++) {
        struct stat st, up_st;
        if (fstat(fd, &st) != 0)
            break;
        if (st.st_dev == home->st_dev && st.st_ino == home->st_ino) {
            in = true;
            break;
        }
        int up = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
        close(fd);
        fd = up;
        if (fd < 0 || fstat(fd, &up_st) != 0 ||
            (up_st.st_dev == st.st_dev && up_st.st_ino == st.st_ino))
            break; /* the root */
    }
    if (fd >= 0)
        close(fd);
    return in;
}

/* The frames cache's directory (option sym_cache).  Unless the option names
 * one, it is a private directory of this user outside $HOME (issue 3: the
 * symbolizer writes nothing under $HOME): $XDG_RUNTIME_DIR/alloc8 when
 * that directory is this user's, else $TMPDIR/alloc8-UID, else
 * /tmp/alloc8-UID, passing over a place inside $HOME (symbolic links
 * followed); frames go in its frames/ folder.  diskcache.c makes the
 * private directory (0700) at first use and refuses one it finds owned by
 * another user, open to others, or a symbolic link.  None for "off", with
 * symbolize=0, or in a set-user-id program. */
static void sym_cache_init(void)
{
    const char *o = a8_opt.sym_cache;
    if (a8_strcmp(o, "off") == 0 || !a8_opt.symbolize || a8_secure_exec())
        return;
    if (o[0] && o[0] != '/') {
        a8_note("option sym_cache: %s is not an absolute path; frames are not cached", o);
        return;
    }
    if (o[0]) {
        if (a8_strlen(o) < 512)
            a8_sym_disk_cache(o, 0);
        else
            a8_note("option sym_cache: the path is too long; frames are not cached");
        return;
    }
    char top[512];
    const char *home = getenv("HOME"), *run = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
    unsigned uid = (unsigned)geteuid();
    struct stat st, home_st;
    int saved_errno = errno; /* the stat and open calls below may fail */
    /* HOME "/" (a daemon's) would leave nowhere: it counts as none. */
    bool has_home = home && home[0] == '/' && home[1] && stat(home, &home_st) == 0;
    for (int i = 0; i < 3; i++) {
        const char *base = i == 0 ? run : i == 1 ? tmp : "/tmp";
        if (!base || base[0] != '/' || (has_home && inside_home(base, &home_st)))
            continue;
        int n = -1;
        if (i == 0 && stat(run, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == uid)
            n = a8_snprintf(top, sizeof top, "%s/alloc8", run);
        else if (i > 0)
            n = a8_snprintf(top, sizeof top, "%s/alloc8-%u", base, uid);
        if (n <= 0 || (size_t)n + sizeof "/frames" > sizeof top)
            continue;
        char dir[sizeof top];
        a8_snprintf(dir, sizeof dir, "%s/frames", top);
        a8_sym_disk_cache(dir, (size_t)n);
        break;
    }
    errno = saved_errno;
}

/* guard_size=N or LO-HI into gs_lo/gs_span (off: SIZE_MAX, 0), and the
 * number of guarded blocks it may have at a time: guard markers cost no VMA,
 * mprotect'ed ranges do (two each, towards vm.max_map_count's 65530). */
static void parse_guard_size(void)
{
    g_heap.gs_lo = SIZE_MAX;
    g_heap.gs_span = 0;
    const char *v = a8_opt.guard_size;
    size_t n = a8_strlen(v);
    if (!n)
        return;
    size_t dash = 0;
    while (dash < n && v[dash] != '-')
        dash++;
    uint64_t lo, hi;
    size_t limit = GUARD_MAX_PAGES * PAGE - g_heap.rz - 16;
    if (a8_parse_u64(v, dash, &lo) != 0 ||
        (dash < n ? a8_parse_u64(v + dash + 1, n - dash - 1, &hi) != 0 : (hi = lo, false)) ||
        hi < lo || lo > limit) {
        a8_note("option guard_size: bad value '%s' (expected N or LO-HI, bytes, LO at most %zu), "
                "ignored",
                v, limit);
        return;
    }
    g_heap.gs_lo = lo;
    g_heap.gs_span = (hi > limit ? limit : hi) - lo;
    size_t cap = g_heap.markers ? 65536 : 16384;
    g_heap.gs_cap = (size_t)a8_opt.guard_max > cap ? (size_t)a8_opt.guard_max : cap;
}

static bool guard_size_on(void) { return g_heap.gs_lo != SIZE_MAX; }

/* Slot sizes.  A slot is the header, two redzones and the user bytes,
 * rounded up to its class: the round-up is slack, filled and checked like
 * the redzone, but memory all the same.  Steps of 16 bytes to 256 (blocks
 * of up to 144 bytes, most of a program's) and four classes per doubling
 * above.  32-byte steps cost python3 7% more peak memory; eight classes
 * per doubling to 1 KiB saved a churn of 8..512-byte blocks 4% more but
 * cost the 4-thread churn 1.3 MiB (each class of each arena keeps slots
 * of its own, and more classes leave more of them idle). */
static void build_classes(void)
{
    int n = 0;
    for (uint32_t s = 96; s <= 256 && n < NCLASS; s += 16)
        g_heap.slot_size[++n] = s;
    for (uint32_t base = 256; base < MAX_SMALL_SLOT && n < NCLASS - GUARD_MAX_PAGES; base *= 2)
        for (int q = 1; q <= 4 && n < NCLASS - GUARD_MAX_PAGES; q++)
            g_heap.slot_size[++n] = base + base / 4 * (uint32_t)q;
    g_heap.nclass = n;
    for (int c = 1; c <= n; c++)
        g_heap.slot_weight[c] = (uint32_t)(SPAN_BYTES / (SPAN_BYTES / g_heap.slot_size[c]));
    for (uint32_t i = 0, c = 1; i <= MAX_SMALL_SLOT / 16; i++) {
        while (c <= (uint32_t)n && g_heap.slot_size[c] < i * 16)
            c++;
        g_heap.class_by16[i] = (uint8_t)(c <= (uint32_t)n ? c : 0);
    }
    /* Guarded classes come after the searchable ones: class_of never picks them. */
    g_heap.gfirst = a8_opt.guard_max || guard_size_on() ? n + 1 : 0;
    for (uint32_t k = 1; k <= GUARD_MAX_PAGES; k++)
        g_heap.slot_size[n + k] = k * PAGE;
}

/* The span tables for a region of `bytes`: span_tab, span_live (one array
 * per arena), then span_meta, whose entries start on a cache line. */
static size_t tab_bytes(size_t bytes)
{
    size_t n = bytes >> SPAN_SHIFT;
    size_t lead = align_up(n * (sizeof(uint32_t) + ARENAS * sizeof(uint16_t)), 64);
    return lead + n * sizeof(struct span_meta);
}

static int ck_init(void)
{
    a8_log_keep_stderr(); /* before the program can close it (core/log.c) */
    a8_fd_reserve_init(); /* room for the maps when the program has no descriptor left */
    /* The reservation counts against RLIMIT_AS (ulimit -v): under a limit,
     * half of what is left (the program's thread stacks, file mappings and
     * later libraries need the rest), so a limited process is still
     * checked; should even that fail, less. */
    void *r = MAP_FAILED, *t = MAP_FAILED;
    size_t room = a8_as_room(), bytes = REGION_MAX;
    if (room / 2 < REGION_MAX)
        bytes = room / 2 & ~(size_t)(COMMIT_SPANS * SPAN_BYTES - 1);
    for (; bytes >= REGION_MIN; bytes = bytes / 2 & ~(size_t)(COMMIT_SPANS * SPAN_BYTES - 1)) {
        r = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (r == MAP_FAILED)
            continue;
        t = mmap(NULL, tab_bytes(bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (t != MAP_FAILED)
            break;
        munmap(r, bytes);
        r = MAP_FAILED;
    }
    if (r == MAP_FAILED) {
        if (room / 2 < REGION_MIN)
            a8_note("cannot reserve a heap region of even %llu MiB: only %zu MiB of address "
                    "space are left (RLIMIT_AS, ulimit -v); checking is off",
                    (unsigned long long)(REGION_MIN >> 20), (size_t)(room >> 20));
        else
            a8_note("cannot reserve a heap region of even %llu MiB of address space (errno %d); "
                    "checking is off",
                    (unsigned long long)(REGION_MIN >> 20), errno);
        return -ENOMEM;
    }
    g_heap.region_bytes = bytes;
    /* Keep the never-used reservation out of core dumps; spans_get marks
     * what it commits dumpable again. */
    madvise(r, bytes, MADV_DONTDUMP);
    /* Guard markers, if this kernel has them (pages_close). */
    g_heap.markers = a8_opt.guard_markers && madvise(r, PAGE, A8_MADV_GUARD_INSTALL) == 0 &&
                     madvise(r, PAGE, A8_MADV_GUARD_REMOVE) == 0;
    g_heap.batch_close =
        g_heap.markers && !a8_seccomp_active() && drop_ranges(&(struct iovec){r, PAGE}, 1);
    g_heap.batch_guard =
        g_heap.batch_close &&
        advise_ranges(&(struct iovec){r, PAGE}, 1, A8_MADV_GUARD_INSTALL) == (long)PAGE &&
        madvise(r, PAGE, A8_MADV_GUARD_REMOVE) == 0;
    g_heap.region = r;
    g_heap.span_tab = t;
    a8_own_add(t, tab_bytes(bytes));
    g_heap.span_live = (uint16_t *)(g_heap.span_tab + (bytes >> SPAN_SHIFT));
    g_heap.span_meta = (struct span_meta *)((char *)t + tab_bytes(bytes) -
                                            (bytes >> SPAN_SHIFT) * sizeof(struct span_meta));
    g_heap.rz = align_up((uintptr_t)a8_opt.redzone, 16);
    parse_guard_size();
    build_classes();
    a8_prefault_init();
    a8_before_sandbox = before_sandbox;
    sym_cache_init();
    g_heap.gbelow = a8_opt.guard_below;
    a8_supp_gen_init();
#if !defined(A8_PREFIXED)
    a8_strmem_init(); /* strmem.c: the preloaded and the static library */
#endif
    g_heap.galign = 1;
    while (g_heap.galign < (size_t)a8_opt.guard_align)
        g_heap.galign *= 2;
    if (g_heap.galign != (size_t)a8_opt.guard_align)
        a8_note("option guard_align: %lld is not a power of two, using %zu",
                (long long)a8_opt.guard_align, g_heap.galign);
    g_heap.malloc_fill = (uint8_t)a8_opt.malloc_fill;
    g_heap.free_fill = (uint8_t)a8_opt.free_fill;
    memset(g_pat_rz, A8_REDZONE_BYTE, sizeof g_pat_rz);
    memset(g_pat_free, g_heap.free_fill, sizeof g_pat_free);
    g_heap.q_budget = (size_t)a8_opt.quarantine_mb * MIB;
    /* A quarter of the region at most: live blocks need the rest. */
    if (g_heap.q_budget > bytes / 4) {
        g_heap.q_budget = (size_t)(bytes / 4 / MIB * MIB);
        if (room != SIZE_MAX)
            a8_note("address space is limited (RLIMIT_AS, ulimit -v): the heap has %zu MiB of "
                    "the %zu MiB that were left, so quarantine_mb=%lld is lowered to %zu",
                    (size_t)(bytes / MIB), (size_t)(room / MIB), (long long)a8_opt.quarantine_mb,
                    (size_t)(g_heap.q_budget / MIB));
        else
            a8_note("option quarantine_mb: %lld is more than a quarter of the heap's %zu MiB; "
                    "using %zu",
                    (long long)a8_opt.quarantine_mb, (size_t)(bytes / MIB),
                    (size_t)(g_heap.q_budget / MIB));
    }
    /* Half the guard budget may wait in quarantine. */
    g_heap.q_guard_budget = (guard_size_on() ? g_heap.gs_cap : (size_t)a8_opt.guard_max) / 2;
    g_heap.q_step[0] = g_heap.q_budget / 1024 ? g_heap.q_budget / 1024 : 1;
    g_heap.q_step[1] = 1;
    /* Without a quarantine there is nothing to make room for: the caches
     * keep their own limits (SPAN_POOL spans, RUN_CACHE runs). */
    g_heap.q_cache_cap = g_heap.q_budget ? g_heap.q_budget / 16 : SIZE_MAX;
    kids_init();
    g_own_pid = a8_getpid();
    on_exit(ck_at_exit, NULL);
    return 0;
}

static void ck_before_dlclose(void *handle);
static size_t ck_check(void);
static int ck_sigaction_hook(int sig, const void *act, void *oact);

static const struct alloc8_heap g_checker_heap = {
    .name = "checker",
    .init = ck_init,
    .alloc = ck_alloc,
    .free = ck_free,
    .realloc = ck_realloc,
    .usable_size = ck_usable_size,
    .retag = ck_retag,
    .signal_reentry = ck_signal_reentry,
    .thread_create = a8_threads_on_create,
    .thread_start = a8_threads_on_start,
    .thread_exit = a8_threads_on_exit,
    .fork_prepare = ck_fork_prepare,
    .fork_parent = ck_fork_parent,
    .fork_child = ck_fork_child,
    .info = ck_info,
    .before_dlclose = ck_before_dlclose,
    .invalid_call = ck_invalid_call,
    .check = ck_check,
    .sigaction_hook = ck_sigaction_hook,
};

const struct alloc8_heap *a8_checker_heap(void) { return &g_checker_heap; }

static size_t ck_check(void) { return a8_checker_check_all("alloc8_check_heap"); }

static void ck_before_dlclose(void *handle)
{
    a8_unwind_new_epoch(); /* its code's unwind rules and memoised walks go stale */
    a8_sym_note_modules();
    /* stacks stored from here on may be of a library loaded where this one was */
    a8_sym_dlclose_boundary(a8_depot_next_id());
}
