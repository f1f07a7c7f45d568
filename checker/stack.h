/* stack.h — stack capture (checker/stack.c) and the stack depot
 * (checker/depot.c).  DESIGN.md §4.
 *
 * Capture contract
 *   - a8_stack_init() runs once, from the library constructor, never from
 *     inside malloc.  Until it has run, a8_stack_capture() returns 0 frames.
 *   - The caller of a8_stack_capture() has the re-entrancy guard raised
 *     (a8_guard_enter): libunwind allocates on a thread's first capture (its
 *     dynamic TLS block, its per-thread trace cache) and those allocations
 *     must take the internal route.  Capture itself makes no libc allocation.
 *   - Safe on every thread and from a signal handler (the SIGSEGV report
 *     path), with one caveat: a thread whose FIRST capture happens inside a
 *     signal handler makes libunwind allocate there (see above).
 *   - pcs[] receives return addresses (look them up at pc-1), frame #0 being
 *     the user's call site: leading frames inside alloc8's own module (and
 *     inside libunwind) are dropped.  The count is min(max, stack_depth).
 *     From a signal handler inside alloc8 the signal trampoline is dropped
 *     too, and frame #0 is the interrupted instruction + 1 (so pc-1 is
 *     exact there as well).  Frames further out that follow a trampoline
 *     (a handler in user code) are exact pcs: pc-1 is still inside the same
 *     instruction's function except at a function's first byte.
 *   - Keep >= 8 KiB of a signal stack for capture: libunwind's cursor and
 *     context take ~2.5 KiB, the frame buffer 8 * (stack_depth + 48) bytes.
 *   - The caller's errno is kept.
 *
 * Depot contract
 *   - a8_depot_put() deduplicates a stack and hands out a 32-bit id, stable
 *     for the life of the process (and of its fork children); 0 = no stack
 *     (empty stack, depot full, or no memory).  Lock-free: finding a known
 *     stack takes no lock and writes nothing shared but a striped counter.
 *   - a8_depot_get() returns the frames of an id; the pointer stays valid
 *     forever.  Unknown ids give 0 frames.
 *   - Memory is bounded by the depot_mb option (clamped to 32 GiB: ids count
 *     8-byte units); when it is used up one note says so and new stacks get
 *     id 0 from then on, while known stacks keep being found.
 *   - Both may run inside malloc: no libc allocation, no stdio.
 */
#ifndef ALLOC8_CHECKER_STACK_H
#define ALLOC8_CHECKER_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Upper bound of the stack_depth option (core/options.def). */
#define A8_STACK_MAX_DEPTH 256

/* How stacks are being captured (a8_stack_mode). */
enum a8_stack_mode {
    A8_STACK_NONE = 0,      /* a8_stack_init has not run: 0 frames */
    A8_STACK_LIBUNWIND = 1, /* unw_backtrace from a privately loaded libunwind */
    A8_STACK_GLIBC = 2,     /* fallback: glibc backtrace() (libgcc_s unwinder) */
};

/* Load libunwind.so.8 privately (RTLD_LOCAL) and find alloc8's own text.
 * Returns 0, or -ENOENT when libunwind could not be loaded and the glibc
 * fallback is used (one note says so).  Idempotent. */
int a8_stack_init(void);
/* The same with another library name; tests use it to force the fallback. */
int a8_stack_init_with(const char *libname);
enum a8_stack_mode a8_stack_mode(void);

/* Capture the calling thread's stack: see the contract above. */
int a8_stack_capture(uintptr_t *pcs, int max);
/* As a8_stack_capture, but frame #0 is `first_pc` when it is among the first
 * frames (an entry point passes __builtin_return_address(0)).  Needed where
 * alloc8 shares its module with the program (the prefixed static library),
 * and exact everywhere.  Falls back to the module rule when not found. */
int a8_stack_capture_at(uintptr_t *pcs, int max, uintptr_t first_pc);

/* The depot id of the calling thread's stack: what a8_depot_put() of
 * a8_stack_capture(pcs, stack_depth) would give.  With fast_unwind (default), a stack walked
 * before from the same place whose frames are provably unchanged (unwind.h,
 * "footprint") is not walked again.  `hint` (the entry point's caller, say)
 * only spreads the memo's entries: any value gives the right id.  Unlike
 * capture, the caller need not raise the guard: this raises it around
 * whatever may allocate (libunwind; a8_stack_bounds its own), and
 * alloc8's own walk, which allocates nothing, runs with it down, so that a
 * signal handler's malloc meanwhile is seen as the handler's. */
typedef uint32_t a8_stack_id;
a8_stack_id a8_stack_capture_id(uintptr_t hint);
/* The prefixed build only: the calling thread's current allocation call
 * came from `pc` (the entry point's return address); captures start there. */
void a8_stack_set_call_site(uintptr_t pc);
/* The calling thread's stack [lo, hi), asked of pthread once per thread (call
 * it when a thread starts, not first in a signal handler); false when
 * unknown.  Raises the guard itself around pthread_getattr_np, which
 * allocates. */
bool a8_stack_bounds(uintptr_t *lo, uintptr_t *hi);
/* The same, without the first-time query (so safe anywhere, a signal
 * handler included): false until a8_stack_bounds has run on this thread. */
bool a8_stack_bounds_known(uintptr_t *lo, uintptr_t *hi);
/* The calling thread ends: free its capture memo. */
void a8_stack_thread_exit(void);
/* Whether pc is in libunwind's code (checker/unwpipe.c). */
bool a8_stack_unwinder_pc(uintptr_t pc);
/* At exit: one note of the stack_verify results (stack_verify=1) and of the
 * capture statistics (verbosity >= 2). */
void a8_stack_exit_summary(void);

/* ---- the depot ------------------------------------------------------------ */
a8_stack_id a8_depot_put(const uintptr_t *pcs, int n);
int a8_depot_get(a8_stack_id id, const uintptr_t **pcs);
/* The lowest id a stack stored from now on can get (ids grow with time). */
a8_stack_id a8_depot_next_id(void);

/* Optional: size the depot explicitly (bytes, covering the hash table and the
 * frames).  Otherwise the first put sizes it from a8_opt.depot_mb.  Returns
 * 0, -EBUSY when already sized, -ENOMEM. */
int a8_depot_init(size_t limit_bytes);

struct a8_depot_stats {
    uint64_t stacks;  /* distinct stacks stored */
    uint64_t puts;    /* a8_depot_put calls with n > 0 */
    uint64_t hits;    /* puts that found their stack already stored */
    uint64_t dropped; /* puts refused because the depot was full */
    uint64_t bytes;   /* memory used: table + frames */
    uint64_t limit;   /* memory bound */
};
void a8_depot_stats(struct a8_depot_stats *st);

/* Lock-free, so fork needs nothing but this: a child forked while another
 * thread was sizing the depot would otherwise wait forever.  Call it from
 * the atfork child handler. */
void a8_depot_fork_child(void);

#endif
