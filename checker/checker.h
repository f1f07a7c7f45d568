/* checker.h — the debug heap's interface to the other layers, and the block
 * layout that gdb/alloc8.py reads (fields tagged bh_, span entries sp_).
 * The design essay (layout, invariants, lock order) is at the top of
 * checker/heap.c. */
#ifndef ALLOC8_CHECKER_H
#define ALLOC8_CHECKER_H

#include "alloc8.h"
#include "core.h"
#include "stack.h"

#include <signal.h>

/* Fill patterns (README: "Fill patterns").  malloc_fill and free_fill are
 * options; the redzone pattern is fixed so that a report can always say what
 * should have been there. */
#define A8_REDZONE_BYTE 0xfb

/* The block header: the HDR bytes at the start of every slot, before the
 * left redzone.  Everything but bh_next is covered by bh_csum. */
enum a8_block_state {
    A8_BS_NONE = 0,        /* never used */
    A8_BS_LIVE = 1,        /* allocated */
    A8_BS_QUARANTINED = 2, /* freed, waiting in quarantine: fill is checked */
    A8_BS_FREE = 3,        /* left quarantine, slot reusable */
};

struct a8_bh {
    uint32_t bh_magic;     /* A8_BH_MAGIC */
    uint8_t bh_state;      /* enum a8_block_state */
    uint8_t bh_alloc_call; /* enum alloc8_call that allocated it */
    uint8_t bh_free_call;  /* enum alloc8_call that freed it */
    uint8_t bh_flags;      /* ALLOC8_F_ALIGNED if an aligned variant allocated it */
    uint64_t bh_size;      /* bytes requested */
    uint32_t bh_user_off;  /* user pointer - header */
    uint32_t bh_align;     /* alignment requested (0: default) */
    uint64_t bh_slot_size; /* bytes of the slot (small) or span run (large) */
    uint32_t bh_alloc_stack, bh_free_stack; /* depot ids */
    uint32_t bh_alloc_tid, bh_free_tid;
    uint64_t bh_seq;  /* allocation sequence number, from 1 */
    uint64_t bh_base; /* slot start: the header itself, or for a guarded
                         block the first page of its slot */
    uint32_t bh_csum; /* checksum of the fields above */
    uint32_t bh_pad;
    struct a8_bh *bh_next; /* quarantine FIFO / free list link */
};
#define A8_BH_SIZE 80
/* bh_flags besides ALLOC8_F_ALIGNED */
#define A8_BF_LARGE 0x01     /* a run of whole spans: checked right zone ends at a page */
#define A8_BF_FREE_OK 0x04   /* ALLOC8_F_FREE_OK new: free() and realloc() match it */
#define A8_BF_TAILPROT 0x08  /* large, quarantined: pages past the filled prefix PROT_NONE */
#define A8_BF_GUARDED 0x10   /* slot ends at a PROT_NONE guard page */
#define A8_BF_PROTECTED 0x20 /* quarantined with its pages PROT_NONE */
#define A8_BF_OPENED 0x40    /* guard page opened after a reported fault */
#define A8_BF_REPORTED 0x80  /* a use after free of it was reported: skip its fill */
#define A8_BH_MAGIC 0xa110c8b1u
_Static_assert(sizeof(struct a8_bh) <= A8_BH_SIZE, "header grew");

/* The checker heap's operations (interpose/heap_checker.c selects it). */
/* Install the SIGSEGV handler that turns guard-page faults into reports
 * (from a constructor, never inside malloc). */
void a8_checker_install_fault_handler(void);
const struct alloc8_heap *a8_checker_heap(void);

/* ---- deadly signals (checker/deadly.c) ----
 * A program ended by a signal it does not handle: a report (deadly-signal
 * for a fault, killed-by-signal for any other), the exit check, then death
 * by the same signal.  Install from the constructor (deadly_signals=1). */
void a8_deadly_install(void);
/* Installed (deadly_signals=1, not the prefixed library). */
bool a8_deadly_on(void);
/* A thread starts (threads.c; the main thread's at install): an alternate
 * signal stack of alloc8's, unless it has one; and ends: it goes. */
void a8_deadly_thread_start(void);
void a8_deadly_thread_exit(void);
/* The program is about to put a seccomp filter on itself, which may forbid
 * the rt_sigaction that restores a signal's default action: alloc8's
 * handlers go now (the program dies of those signals as without alloc8). */
void a8_deadly_sandbox(void);
/* The program's sigaction for a signal alloc8 may hold: 0 when handled here
 * (*oact filled), -1 to let the call through. */
int a8_deadly_sigaction(int sig, const struct sigaction *act, struct sigaction *oact);
/* A signal nobody handles reached alloc8's handler (on_deadly, or heap.c's
 * on_segv for a fault that is no guard page's): report, check, restore the
 * default action (and send a sent signal again).  The caller returns from
 * its handler, and the process dies. */
void a8_deadly_end(int sig, siginfo_t *si, void *uc);
/* interpose/entry.c: a signal put off while this thread was in a heap
 * operation, which has returned now (weak: the interposition archive has
 * no checker). */
void a8_deadly_deferred(void) __attribute__((weak));

/* Records for other parts of the checker (deadly.c): a record of kind k
 * about addr on this thread, no call; where addr lies (a block of the heap
 * with its stacks, or a8_foreign_classify's classes; an arena's lock is only
 * tried, for a signal handler); the stack here; reported (suppressions
 * apply). */
struct a8_error;
void a8_checker_error_init(struct a8_error *e, int kind, uintptr_t addr);
void a8_checker_describe(uintptr_t addr, struct a8_error *e);
void a8_checker_error_here(struct a8_error *e);
void a8_checker_error_report(struct a8_error *e);

/* Check every block now (alloc8_check_heap, at exit, periodic).  Reports
 * each problem; returns how many were found. */
size_t a8_checker_check_all(const char *why);

/* The exit check: the heap's blocks, the leak check, the SUMMARY line.
 * Returns the status to exit with (exitcode or leak_exitcode in place of a
 * 0); flush: fflush(NULL) before a changed status (exit's path, not
 * _exit's).  Once per process: a later call returns status as it is (one
 * made while another thread's check runs waits for it first: that thread
 * ends the process). */
int a8_checker_exit_check(int status, bool flush);
/* The process the checker's state belongs to: its pid at start-up and in a
 * fork child (atfork).  Another pid is a vfork child sharing our memory, or
 * a child made without the fork handlers (clone, _Fork). */
pid_t a8_checker_pid(void);

/* Live figures. */
void a8_checker_totals(size_t *live_bytes, size_t *live_blocks);

/* Is p inside alloc8's heap region?  a8_checker_find: the header of the block
 * containing it (state any), or return false. */
/* prefault.c: have a kernel io worker fault in [addr, addr+len) for
 * writing, asynchronously; false when it cannot (the caller does it). */
bool a8_prefault_submit(void *addr, size_t len);
void a8_prefault_init(void); /* at start-up: the process whose ring it may make */
void a8_prefault_fork_child(void);
bool a8_prefault_off(void); /* tried and unavailable: don't hand anything over */
void a8_prefault_stats(unsigned long *submitted, unsigned long *failed);
/* helper.c: a bare second thread for alloc8's bulk work (see there for
 * what it may run).  start: false when none can be had (run fn yourself). */
struct a8_helper {
    int tid; /* cleared by the kernel when the helper exits */
    void *stack;
};
bool a8_helper_start(struct a8_helper *h, int (*fn)(void *), void *arg);
void a8_helper_join(struct a8_helper *h);
/* strmem.c's check of a memory/string call's range [p, p+n), which `fn`
 * reads or writes (how: A8_ACC_WRITE or 0, plus A8_ACC_NOFAULT): an
 * overflow, underflow or use after free of one of our blocks is reported.
 * An access of the whole range that reaches a closed page (a guard page, a
 * protected freed block) is left to the page fault's report.  NOFAULT: no
 * fault will tell — the kernel makes the access (it fails the call instead
 * of faulting), or the call may use less than the range it was given — so
 * the report is made here and the pages are opened, as the fault would.
 * Returns the block when a write was reported: pass it to
 * a8_checker_access_done after the call, so the damage is not reported
 * again at free or eviction. */
#define A8_ACC_WRITE 1u
#define A8_ACC_NOFAULT 2u
struct a8_bh *a8_checker_access(const void *p, size_t n, unsigned how, const char *fn)
    __attribute__((access(none, 1))); /* looks at p's block, not at p's bytes */
void a8_checker_access_done(struct a8_bh *h);
/* A copy whose destination [d, d+dn) and source [s, s+sn) overlap, which
 * the C standard leaves undefined for memcpy, strcpy and the like (not
 * memmove): reported as param-overlap, with the block, stack or global the
 * shared bytes are in.  a8_check_overlap tests and reports (strmem.c). */
void a8_checker_overlap(const void *d, size_t dn, const void *s, size_t sn, const char *fn)
    __attribute__((access(none, 1), access(none, 3)));
static inline void a8_check_overlap(const void *d, size_t dn, const void *s, size_t sn,
                                    const char *fn)
{
    uintptr_t a = (uintptr_t)d, b = (uintptr_t)s;
    if (A8_UNLIKELY(dn && sn && (a >= b ? a - b < sn : b - a < dn)))
        a8_checker_overlap(d, dn, s, sn, fn);
}
/* A string argument of a checked call (ret: its return address), read to
 * its NUL by the call: checked as it is measured, a NULL one not at all
 * (printfs.c). */
void a8_check_cstring(const void *ret, const char *s, const char *fn);
/* Copies the program's n bytes at p into buf without faulting: false when
 * they are not all readable (a wild pointer the call would fail with
 * EFAULT on).  iocalls.c. */
bool a8_fetch(void *buf, const void *p, size_t n);
/* a8_check_cstring for a lookup's name (getpwnam_r, getaddrinfo, ...),
 * whose bytes, once reported, are not reported again by the checked calls
 * of the lookup's own modules (NSS) until a8_check_lookup_end after it. */
void a8_check_lookup_name(const void *ret, const char *s, const char *fn);
void a8_check_lookup_end(void);
/* How many bytes from p an access may take before a8_checker_access could
 * have anything to say: SIZE_MAX outside our blocks, the bytes to the end
 * of a live block from inside it, 0 elsewhere in one of our blocks.  A hint
 * without a lock, for the calls that learn their range as they run. */
size_t a8_checker_room(const void *p) __attribute__((access(none, 1)));
/* Whether p lies in closed pages of one of our blocks (a guard page, a
 * protected freed block, a large block's closed tail), where reading it
 * faults: a check that has to measure a string there reports its first
 * byte instead (with A8_ACC_NOFAULT, which opens them).  A hint, no lock. */
bool a8_checker_closed(const void *p) __attribute__((access(none, 1)));
/* Before alloc8 measures a string at s itself (strdup's source, a printf
 * argument, a path; room: a8_checker_room(s)): true when s starts in closed
 * pages (a freed guarded block), where measuring would fault in alloc8's
 * own code and the report would name the C library's strlen, not the call.
 * Its first character (unit bytes) is then reported as read by fn and the
 * pages opened, so the call reads what it would natively; the caller skips
 * its measure.  printfs.c. */
bool a8_string_closed(const void *s, size_t room, size_t unit, const char *fn);
void a8_strmem_init(void);    /* strmem.c: find the C library's versions */
void a8_iocalls_init(void);   /* iocalls.c: the same for the buffer-taking calls */
void a8_pathcalls_init(void); /* pathcalls.c: the same for the path-taking calls */
void a8_wcs_init(void);       /* wcs.c: the same for the wide-character calls */
void a8_mbconv_init(void);    /* mbconv.c: the same for the multibyte conversions */

/* Whether a checked call comes from the program (ret: its return address,
 * A8_CALLER in the exported function), not from alloc8's own code, and the
 * checks are on (check_calls). */
extern bool a8_calls_on;
#define A8_CALLER __builtin_return_address(0)
#if A8_STATIC
/* Linked into a static program, whose every --wrap'd call comes here, the C
 * library's own included: alloc8's code is its a8_text section, and the C
 * library's is the program's text from the first of its functions that
 * a8_static_real names on (libc.a is linked last: a8_strmem_init finds
 * where it starts).  Neither is the program's call; the C library's would
 * otherwise be checked as well as the entry that made them (printf's
 * strlen of its %s argument, fread's memcpy into the buffer). */
extern const char __start_a8_text[], __stop_a8_text[];
extern uintptr_t a8_libc_text_lo, a8_libc_text_len;
static inline bool a8_call_checked(const void *ret)
{
    uintptr_t r = (uintptr_t)ret;
    return a8_calls_on &&
           r - (uintptr_t)__start_a8_text >= (uintptr_t)(__stop_a8_text - __start_a8_text) &&
           r - a8_libc_text_lo >= a8_libc_text_len;
}
#else
extern const char __ehdr_start[]; /* this library's first byte ... */
extern const char __etext[];      /* ... and the end of its text */
static inline bool a8_call_checked(const void *ret)
{
    return a8_calls_on && !((const char *)ret >= __ehdr_start && (const char *)ret < __etext);
}
#endif
static inline void a8_call_done(struct a8_bh *h)
{
    if (A8_UNLIKELY(h != NULL))
        a8_checker_access_done(h);
}
/* The thread's count of guard-page faults reported (on_segv raises it, in a
 * signal handler): read anew at every use.  A plain read could be taken
 * from before a call the compiler knows writes no memory (strlen is pure
 * to it), and a fault during that call would go unseen. */
static inline unsigned a8_faults_now(void)
{
    return __atomic_load_n(&a8_tls.faults, __ATOMIC_SEQ_CST);
}
/* After a call read [p, p+n): report it if that left p's block (room: what
 * a8_checker_room said before the call), unless the call faulted in a guard
 * page meanwhile and was reported there (faults: a8_faults_now() before). */
static inline void a8_read_done(const void *p, size_t n, size_t room, unsigned faults,
                                const char *fn)
{
    if (A8_UNLIKELY(n > room) && a8_faults_now() == faults)
        a8_checker_access(p, n, 0, fn);
}
/* After a call wrote [p, p+n), learnt from its result (strxfrm): the same,
 * for a write.  No fault meanwhile says the call kept off closed pages, so
 * the check reports what reaches one itself (NOFAULT: the call may have
 * written less than the count), and settles the block at once. */
static inline void a8_write_done(void *p, size_t n, size_t room, unsigned faults, const char *fn)
{
    if (A8_UNLIKELY(n > room) && a8_faults_now() == faults)
        a8_call_done(a8_checker_access(p, n, A8_ACC_WRITE | A8_ACC_NOFAULT, fn));
}
/* strmem.c's check of a copy made from ret, before the call: its read of n
 * bytes at s (none: NULL) and its write of n at d; dlen is the destination's
 * size a fortified entry was given (SIZE_MAX: none), in bytes.  Returns the
 * block to pass to a8_call_done after the call (a reported write). */
struct a8_bh *a8_check_copy(const void *ret, const void *d, const void *s, size_t n, size_t dlen,
                            const char *fn);
/* glibc's fortified entry `name` (__memcpy_chk, __read_chk, ...), looked up
 * once into *slot, for the checked entries of the same names (strmem.c). */
void *a8_calls_chk_fn(void **slot, const char *name);
/* printfs.c: checks the %s and %ls arguments fmt takes from ap (a copy is
 * walked) for the call fn made from ret. */
void a8_printf_check(const void *ret, const char *fn, const char *fmt, va_list ap);

/* A format of the printf or scanf family as the walks read it (printfs.c,
 * scanfs.c): the bytes of the narrow calls or the wchar_t of the wide ones
 * (wprintf, swscanf, ...), whose conversions are the same characters and
 * take the same arguments.  A wide character outside the bytes' range is
 * literal text to both walks. */
struct a8_fmt {
    const void *fm_s;
    bool fm_wide;
};
static inline unsigned a8_fmt_at(struct a8_fmt f, size_t i)
{
    return f.fm_wide ? (unsigned)((const wchar_t *)f.fm_s)[i] : ((const unsigned char *)f.fm_s)[i];
}
/* A format argument as a struct a8_fmt, narrow or wide by its type. */
#define A8_FMT(s)                                                                                  \
    ((struct a8_fmt){(s), _Generic((s), const wchar_t * : true, wchar_t * : true, default : false)})
/* Is c one of the (narrow) characters of set?  Never the NUL. */
static inline bool a8_fmt_in(const char *set, unsigned c)
{
    for (; *set; set++)
        if ((unsigned char)*set == c)
            return true;
    return false;
}

/* The string arguments a call that formats into a buffer at dst reads
 * (sprintf, snprintf, swprintf and their v-forms and fortified entries),
 * measured before it runs, when its text may overwrite them: after it,
 * a8_printf_overlap reports the first that shares bytes with what it wrote
 * as a param-overlap (C leaves that undefined, as for strcpy).  Up to
 * A8_FMT_SRCS of them; none when the call is not checked. */
enum { A8_FMT_SRCS = 8 };
struct a8_fmt_srcs {
    uintptr_t dst;
    int n;
    struct {
        uintptr_t p;
        size_t len; /* bytes the call reads from p */
    } s[A8_FMT_SRCS];
};
/* a8_printf_check's checks, and the string arguments' ranges into *srcs. */
void a8_printf_check_into(const void *ret, const char *fn, struct a8_fmt fmt, va_list ap,
                          const void *dst, struct a8_fmt_srcs *srcs);
/* After the call: `written` bytes from srcs->dst were written. */
void a8_printf_overlap(const struct a8_fmt_srcs *srcs, size_t written, const char *fn);

/* The C library's memset and memcpy (strmem.c sets them; NULL before), for
 * alloc8's own fills and copies: the names themselves lead to the checked
 * versions this library exports, which would cost the allocation path a
 * detour.  Constant sizes stay with the compiler (inlined moves). */
extern void *(*a8_libc_memset)(void *, int, size_t);
extern void *(*a8_libc_memcpy)(void *, const void *, size_t);
static inline void *a8_memset(void *d, int c, size_t n)
{
    if (__builtin_constant_p(n) || !a8_libc_memset)
        return __builtin_memset(d, c, n);
    return a8_libc_memset(d, c, n);
}
static inline void *a8_memcpy(void *d, const void *s, size_t n)
{
    if (__builtin_constant_p(n) || !a8_libc_memcpy)
        return __builtin_memcpy(d, s, n);
    return a8_libc_memcpy(d, s, n);
}
bool a8_checker_owns(const void *p);
const struct a8_bh *a8_checker_find(const void *p);

/* For the leak scanner (checker/leak.c).  While a scan runs the caller holds
 * every arena lock (a8_checker_lock_all) and has stopped the other threads.
 * For LIVE blocks bh_next is unused by the heap: the scanner may keep its
 * mark in it, and must reset it to NULL before unlocking. */
typedef void (*a8_block_fn)(struct a8_bh *h, void *ctx);
void a8_checker_lock_all(void);
void a8_checker_unlock_all(void);
/* Calls fn for every LIVE block (caller holds all arena locks). */
void a8_checker_each_live(a8_block_fn fn, void *ctx);
/* The LIVE block whose user bytes [user, user+size) contain p, or NULL.
 * O(1) from the address; caller holds all arena locks. */
struct a8_bh *a8_checker_live_at(uintptr_t p);
/* The user pointer of a block. */
static inline uintptr_t a8_bh_user(const struct a8_bh *h) { return h->bh_base + h->bh_user_off; }
/* Is [lo, hi) alloc8's own memory that a scan must not treat as a root
 * (the heap region, the internal arena)? */
bool a8_checker_region(uintptr_t *lo, uintptr_t *hi);
/* For alloc8_leak_mark: a number that every block allocated after the call
 * exceeds (per-thread batches make it an upper bound of those before). */
uint64_t a8_checker_seq(void);

/* checker/threads.c: thread ids, creation stacks, stack ranges. */
void *a8_threads_on_create(void);
void a8_threads_on_start(void *token);
void a8_threads_on_exit(void);
/* Fork (heap's atfork handlers).  In a fork child of a process whose other
 * threads were running (or in its own children), the blocks allocated
 * before that fork belong to threads that are not here: the leak check
 * takes them as reachable.  a8_threads_orphans_before: every such block's
 * sequence number is at most this; 0 in any other process. */
void a8_threads_fork_prepare(void);
void a8_threads_fork_child(void);
uint64_t a8_threads_orphans_before(void);

/* bigstack.c: fn(arg) on a stack of alloc8's own when this thread runs on
 * an alternate signal stack or near its stack's end (a report made in a
 * signal handler), else right here; the stack is unmapped at thread end. */
void a8_on_big_stack(void (*fn)(void *), void *arg);
void a8_big_stack_thread_exit(void);
/* Whose stack holds p?  Returns true and the tid. */
bool a8_threads_stack_owner(uintptr_t p, uint32_t *tid);

/* checker/foreign.c: classify an address alloc8 does not own (fills the
 * addr_* fields of the record) and say whether it is a block glibc made
 * before alloc8 took over (then hand it back to glibc). */
struct a8_error;
bool a8_foreign_is_glibc_block(const void *p);
size_t a8_foreign_glibc_usable(const void *p);
void a8_foreign_glibc_free(void *p);
void a8_foreign_classify(const void *p, struct a8_error *e);

#endif
