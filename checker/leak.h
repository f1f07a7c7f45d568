/* leak.h — the leak check: the scan (checker/leak.c), suppressions
 * (checker/suppress.c) and the leak report (reports/leak_report.c).
 *
 * The scan fills loss records (one per leak class and allocation stack)
 * with everything the report needs, copied out of the heap while it was
 * stopped; the report symbolizes, applies suppressions and prints.  Records
 * live in pages from the kernel, owned by the leak lock's holder.
 */
#ifndef ALLOC8_LEAK_H
#define ALLOC8_LEAK_H

#include "core.h"

/* valgrind's leak classes, in the order the summary prints them. */
enum a8_leak_class {
    A8_LEAK_DEFINITE,  /* no pointer to the block at all */
    A8_LEAK_INDIRECT,  /* pointed to only from lost blocks */
    A8_LEAK_POSSIBLE,  /* reached only through interior pointers */
    A8_LEAK_REACHABLE, /* a start pointer from a root or a reachable block */
    A8_LEAK_NCLASS
};
const char *a8_leak_class_name(enum a8_leak_class c); /* "definitely lost", … */
const char *a8_leak_class_key(enum a8_leak_class c);  /* "definite", … (valgrind's kinds) */

/* One loss record: the blocks of one class allocated at one stack. */
struct a8_leak_rec {
    uint64_t bytes, blocks; /* the blocks themselves */
    uint64_t ind_bytes;     /* definitely lost: bytes of the blocks only they hold */
    uint64_t ind_blocks;
    uint64_t first_seq;   /* lowest sequence number in the record */
    uintptr_t first_addr; /* user address of that block */
    uint32_t stack;       /* allocation stack (depot id) */
    uint32_t tid;         /* allocating thread of that block */
    uint8_t cls;          /* enum a8_leak_class */
    uint8_t alloc_call;   /* enum alloc8_call of that block */
    int32_t supp;         /* matching suppression, -1: none */
};

struct a8_leak_result {
    const char *why;    /* "exit", "alloc8_leak_check", "signal", "since mark" */
    uint32_t tid;       /* thread that ran the check */
    uint64_t since_seq; /* > 0: only blocks allocated after this count */
    struct a8_leak_rec *recs;
    size_t nrecs;
    uint64_t bytes[A8_LEAK_NCLASS], blocks[A8_LEAK_NCLASS]; /* unsuppressed */
    uint64_t supp_bytes, supp_blocks;
    uint64_t leaked_bytes, leaked_blocks; /* definite + indirect + possible, unsuppressed */
    uint32_t threads, threads_missed;     /* threads paused / that did not answer */
    uint32_t threads_waiting;             /* blocking the stop signal: scanned from their
                                             system call, not paused */
    uint32_t threads_whole;               /* blocking it and running: every stack scanned whole */
    uint64_t scan_ns;                     /* time the world was stopped */
    uint64_t scanned_bytes;               /* root and block bytes read */
    int maps_errno; /* the maps could not be opened (this errno): no check made */
};

/* checker/leak.c */
/* The exit check (ck_at_exit calls it, guard raised).  Returns true if
 * leaks were found (and not suppressed). */
bool a8_leak_at_exit(void);
/* checker/exitfrom.c tells where the program left off: sp, the stack
 * pointer of the program's last live frame when main returned or it called
 * exit (what lies below is dead: exit's own frames over stale locals), and
 * regs, its callee-saved registers then (NULL when main returned: none of
 * them is the program's).  The exit check scans this thread's stack from
 * there, as valgrind scans only the defined part of it. */
void a8_leak_exit_from(uintptr_t sp, const uintptr_t *regs);
/* The same for a deadly signal's interrupted context: nregs registers (up to
 * 18) and red bytes below sp that the interrupted code may still use. */
void a8_leak_exit_from_regs(uintptr_t sp, const uintptr_t *regs, int nregs, uintptr_t red);

/* Save the callee-saved registers of the caller (they may hold the only
 * pointer to a block) into regs[6]. */
#define A8_SAVE_REGS(regs)                                                                         \
    __asm__ volatile("mov %%rbx, 0(%0)\n\tmov %%rbp, 8(%0)\n\tmov %%r12, 16(%0)\n\t"               \
                     "mov %%r13, 24(%0)\n\tmov %%r14, 32(%0)\n\tmov %%r15, 40(%0)"                 \
                     :                                                                             \
                     : "r"(regs)                                                                   \
                     : "memory")

/* checker/suppress.c: `suppressions=FILE`, read once on first use. */
void a8_supp_load(void);
/* The suppression that matches this record's allocation stack, or -1.
 * Symbolizes (guard raised, no heap lock held). */
int a8_supp_match(const struct a8_leak_rec *r);
/* The name of the suppression that hides this error report, or NULL.
 * Loads the file on first use; symbolizes (guard raised, no lock of ours
 * held). */
struct a8_error;
const char *a8_supp_error(const struct a8_error *e);
/* gen_suppressions=1: a8_supp_gen_init (at start-up) has every error report
 * followed by a { } entry that hides it; a8_supp_print_leak prints one for
 * a loss record.  Both under the report lock. */
void a8_supp_gen_init(void);
void a8_supp_print_leak(const struct a8_leak_rec *r);
void a8_supp_fork_prepare(void); /* rank: after the report lock, before the symbolizer's */
void a8_supp_fork_parent(void);
void a8_supp_fork_child(void);
size_t a8_supp_count(void);
const char *a8_supp_name(size_t i);
/* Hits of suppression i since start-up (the latest check's, see below). */
void a8_supp_hit(size_t i, uint64_t blocks, uint64_t bytes);
void a8_supp_hits(size_t i, uint64_t *blocks, uint64_t *bytes);
void a8_supp_reset_hits(void);

/* reports/leak_report.c: print a finished check (text or JSON). */
void a8_report_leaks(const struct a8_leak_result *r);

#endif
