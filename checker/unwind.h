/* unwind.h — alloc8's own x86-64 stack walker (checker/unwind.c).
 *
 * A walk starts from a known register state (pc, sp, rbp) and follows the
 * DWARF call frame information of each frame (.eh_frame, found through
 * .eh_frame_hdr via _dl_find_object), with the rule of every return address
 * computed once and kept in a lock-free cache.  It handles the frames
 * compilers emit at call sites — CFA = rsp or rbp + offset, return address at
 * CFA-8, rbp saved at CFA+k or untouched — and gives up (returns -1) on
 * anything else: a signal frame, a DWARF expression, a frame without unwind
 * information, a read outside the thread's stack.  The caller then asks
 * libunwind, so the stacks handed out are the same either way (the
 * stack_verify option checks exactly that).
 *
 * Each walk can also record its footprint: every stack word it read (and the
 * initial rbp, when a frame's CFA depended on it) with the value found.  The
 * walk is a pure function of the initial pc and sp, those values and the
 * rule cache's epoch, so a later walk from the same pc and sp on the same
 * thread whose footprint words all still hold the same values would produce
 * the same frames: checker/stack.c memoises stack ids on that.
 *
 * Runs inside malloc and from signal handlers: no allocation, no locks.
 * The rule cache is bumped to a new epoch before every dlclose (a closed
 * module's addresses may be reused by another one).
 */
#ifndef ALLOC8_CHECKER_UNWIND_H
#define ALLOC8_CHECKER_UNWIND_H

#include <stdbool.h>
#include <stdint.h>

/* Largest footprint recorded; a walk that reads more is not memoised. */
#define A8_UNW_MAX_READS 48
/* Footprint entry standing for the initial rbp register, not a stack word. */
#define A8_UNW_READ_RBP UINT32_MAX

struct a8_unw_footprint {
    int n;                           /* entries; > A8_UNW_MAX_READS: overflowed */
    uint32_t off[A8_UNW_MAX_READS];  /* word address - initial sp, or A8_UNW_READ_RBP */
    uintptr_t val[A8_UNW_MAX_READS]; /* the value read */
};

/* Set up the rule cache (maps 1 MiB lazily touched).  Call once, from the
 * library constructor; before it, a8_unwind_walk returns -1. */
void a8_unwind_init(void);

/* Walk at most `max` frames from (pc, sp, rbp), pc being a return address.
 * pcs[0] = pc.  Returns the number of frames, or -1 when some frame needs
 * more than this walker does (the caller then uses libunwind).  `stack_hi` is
 * the top of the calling thread's stack: no word at or above it, nor below
 * sp, is read.  Frames at the start for which `leading` (optional) says true
 * do not count towards max, up to lead_max of them (pcs[] must hold
 * max + lead_max).  `fp` (optional) receives the footprint. */
int a8_unwind_walk(uintptr_t pc, uintptr_t sp, uintptr_t rbp, uintptr_t stack_hi, uintptr_t *pcs,
                   int max, bool (*leading)(uintptr_t pc), int lead_max,
                   struct a8_unw_footprint *fp);

/* The same walk, but a frame it cannot step past (other than a signal
 * frame) ends the stack there instead of failing it: for a caller with no
 * libunwind to ask. */
int a8_unwind_walk_partial(uintptr_t pc, uintptr_t sp, uintptr_t rbp, uintptr_t stack_hi,
                           uintptr_t *pcs, int max, bool (*leading)(uintptr_t pc), int lead_max);

/* The rule cache's epoch: memoised walks of an older epoch are stale. */
uint32_t a8_unwind_epoch(void);
/* A module is about to be closed: start a new epoch. */
void a8_unwind_new_epoch(void);

struct a8_unwind_stats {
    uint64_t rules;    /* pc rules computed and cached */
    uint64_t uncached; /* rules computed but not cached (table full) */
    uint64_t bailouts; /* walks that gave up (-1) */
};
void a8_unwind_stats(struct a8_unwind_stats *st);

#endif
