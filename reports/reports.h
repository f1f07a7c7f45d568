/* reports.h — error records and the reports layer's interface.
 *
 * The checker never prints: when it finds a heap error it fills a
 * self-contained a8_error record (kind, addresses, sizes, the stacks copied
 * out of the depot, thread ids) on its own stack, releases its locks, and
 * hands the record to a8_report_error().  Everything here runs inside malloc
 * or free: no stdio, no libc allocation; the caller has raised the
 * re-entrancy guard (so symbolization's allocations go to the internal
 * arena) and holds no heap lock.
 */
#ifndef ALLOC8_REPORTS_H
#define ALLOC8_REPORTS_H

#include "core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Frames kept per stack in a record (records live on the stack of the
 * thread that found the error, which may be small). */
#define A8_REPORT_MAX_FRAMES 64

/* The fixed vocabulary.  The second column is what users and tests grep:
 * "alloc8: ERROR: <name> on address 0x…". */
#define A8_ERROR_KINDS(X)                                                                          \
    X(A8_ERR_HEAP_OVERFLOW, "heap-buffer-overflow")                                                \
    X(A8_ERR_HEAP_UNDERFLOW, "heap-buffer-underflow")                                              \
    X(A8_ERR_USE_AFTER_FREE, "heap-use-after-free")                                                \
    X(A8_ERR_DOUBLE_FREE, "double-free")                                                           \
    X(A8_ERR_INVALID_FREE, "invalid-free")                                                         \
    X(A8_ERR_MISMATCH, "alloc-dealloc-mismatch")                                                   \
    X(A8_ERR_SIZE_MISMATCH, "new-delete-size-mismatch")                                            \
    X(A8_ERR_REALLOC_FREED, "realloc-of-freed-pointer")                                            \
    X(A8_ERR_REALLOC_FOREIGN, "invalid-realloc")                                                   \
    X(A8_ERR_USABLE_SIZE_FOREIGN, "bad-malloc_usable_size")                                        \
    X(A8_ERR_HEADER_CORRUPT, "heap-header-corruption")                                             \
    X(A8_ERR_CALLOC_OVERFLOW, "calloc-overflow")                                                   \
    X(A8_ERR_REALLOCARRAY_OVERFLOW, "reallocarray-overflow")                                       \
    X(A8_ERR_SIZE_TOO_BIG, "allocation-size-too-big")                                              \
    X(A8_ERR_BAD_ALIGNMENT, "invalid-alignment")                                                   \
    X(A8_ERR_OUT_OF_MEMORY, "out-of-memory")                                                       \
    X(A8_ERR_PARAM_OVERLAP, "param-overlap")                                                       \
    X(A8_ERR_SIGNAL_UNSAFE, "signal-unsafe-call")                                                  \
    X(A8_ERR_DEADLY_SIGNAL, "deadly-signal")                                                       \
    X(A8_ERR_KILLED, "killed-by-signal")

enum a8_error_kind {
#define A8_X(sym, name) sym,
    A8_ERROR_KINDS(A8_X)
#undef A8_X
        A8_ERR_COUNT_
};

/* Warnings (bad sizes, alignments, out of memory) are reported with
 * "alloc8: WARNING:" instead of "ERROR:" and do not change the exit code. */
bool a8_error_is_warning(enum a8_error_kind k);
const char *a8_error_name(enum a8_error_kind k);

/* One stack, copied out of the depot. */
struct a8_rstack {
    int n;        /* frames; 0: not recorded */
    uint32_t tid; /* thread that made it */
    uint32_t id;  /* its depot id: which modules were loaded (0: captured now) */
    bool valid;
    uintptr_t pcs[A8_REPORT_MAX_FRAMES];
};

/* Where a foreign address lies (invalid free, invalid realloc, ...). */
enum a8_addr_class {
    A8_ADDR_NONE,        /* not classified */
    A8_ADDR_HEAP_BLOCK,  /* inside (or near) one of alloc8's blocks: see block */
    A8_ADDR_HEAP_UNUSED, /* in alloc8's region but in no block */
    A8_ADDR_STACK,       /* a thread's stack: see thread */
    A8_ADDR_GLOBAL,      /* a module's image: see symbol/module */
    A8_ADDR_MMAP,        /* an anonymous mapping: see map_lo/map_hi */
    A8_ADDR_FILE_MAP,    /* a file mapping that is no module */
    A8_ADDR_WILD,        /* not mapped at all */
};

struct a8_error {
    enum a8_error_kind kind;
    uintptr_t addr;   /* the address the error is about */
    uint32_t tid;     /* the thread on which it was found */
    const char *call; /* the entry point called: "free", "operator delete[]", ... */

    /* The block involved, when there is one. */
    bool has_block;
    uintptr_t block;        /* its user address */
    size_t block_size;      /* requested size */
    int64_t offset;         /* addr - block (negative: before it) */
    const char *alloc_call; /* how it was allocated: "malloc", "operator new[]", ... */
    const char *free_call;  /* how it was freed, when it was */
    uint64_t seq;           /* allocation sequence number */
    size_t block_align;     /* alignment it was allocated with (0: default) */
    /* heap-header-corruption: the block above is the one before the header,
     * whose right zone is overwritten right up to it (the likely culprit). */
    bool block_before;
    uintptr_t header; /* heap-header-corruption: the header's address */

    /* Corruption found by a check (overflow, underflow, use-after-free). */
    size_t corrupt_len; /* bytes that differ in the first run */
    uint8_t found[16];  /* the first bytes found there */
    uint8_t expected;   /* the pattern byte that should be there */
    int nfound;
    bool into_next_header;  /* an overflow ran on into the next block's header */
    const char *access;     /* "READ" or "WRITE": a fault in a guard page, or a
                               checked call (memcpy, ...) about to make it */
    size_t access_len;      /* a checked call: the bytes it reads or writes */
    uintptr_t access_addr;  /* a checked call: where they start */
    const char *checked_at; /* "free", "realloc", "quarantine eviction", "exit",
                               "alloc8_check_heap", "periodic check" */
    /* param-overlap: the copy's source (its destination is access_addr and
     * access_len); addr is the first byte both share. */
    uintptr_t src_addr;
    size_t src_len;
    /* signal-unsafe-call: the heap operation the handler's call interrupted
     * (its stack is `alloc`, has_block false), the handler's calls in all,
     * and the frees of theirs that could not be made. */
    const char *interrupted;
    unsigned sig_calls, sig_dropped;
    /* deadly-signal (a fault that ends the process) and killed-by-signal
     * (any other signal that does, a warning): the signal, its si_code, who
     * sent it (sender_pid 0: the kernel or unknown), a hint line ("" if
     * none) and, for a fault, the registers of the faulting instruction
     * (nregs 0: none; x86-64 order: rax rbx rcx rdx rsi rdi rbp rsp r8-r15
     * rip eflags). */
    int sig, sig_code;
    int sig_syscall; /* SIGSYS from seccomp: the system call */
    int sender_pid;
    uint32_t sender_uid;
    char hint[256];
    int nregs;
    uintptr_t regs[18];
    /* Damage found by a check: the options of a run that would catch the
     * access itself (a guard page for blocks of its size), "" if none. */
    char rerun[64];

    /* Sizes and alignments for the size/alignment errors and mismatches. */
    size_t size_arg;  /* requested size, claimed size of a sized delete, ... */
    size_t nmemb_arg; /* calloc's nmemb */
    size_t align_arg;

    /* Foreign addresses. */
    enum a8_addr_class addr_class;
    uint32_t addr_thread; /* A8_ADDR_STACK: whose stack */
    char symbol[128];     /* A8_ADDR_GLOBAL: the symbol's name, "" if none */
    char module[256];     /* A8_ADDR_GLOBAL / FILE_MAP: the file */
    uintptr_t map_lo, map_hi;

    /* Stacks: where the error was found, where the block was allocated, where
     * it was freed (for a double free: the first free). */
    struct a8_rstack here, alloc, freed;
    /* Creation stacks of the threads named above (here, alloc, freed);
     * filled by the reports layer from a8_thread_info. */
};

/* The thread table the checker keeps (checker/threads.c), read by reports
 * to print "thread T1 created by T0 here:".  Returns false for an unknown
 * tid or the main thread. */
bool a8_thread_info(uint32_t tid, uint32_t *parent, struct a8_rstack *created);

/* Report an error (or warning).  Applies dedup (the same kind at the same
 * site is printed once, then counted), printing in the report_format, the
 * breakpoint hook alloc8_report_hook(), and abort_on_error / halt_on_error.
 * Returns true if it was printed (false: a repeat). */
bool a8_report_error(struct a8_error *e);

/* A report that a suppression (named `by`, a string that lives as long as
 * the process) hides: counted for the exit summary, not printed, no exit
 * code, hook or abort. */
void a8_report_suppressed(const struct a8_error *e, const char *by);
uint64_t a8_report_suppressed_count(void);
/* Whether pc is in alloc8's own module (frames reports leave out). */
bool a8_report_own_frame(uintptr_t pc);

/* At exit: one summary line — errors by kind, bytes and blocks still live. */
void a8_report_exit_summary(size_t live_bytes, size_t live_blocks);

/* A deadly-signal or killed-by-signal record's signal: "SIGSEGV",
 * "SIGRTMIN+3", ... in buf; and the name of its si_code ("SEGV_MAPERR"), or
 * NULL.  Async-signal-safe. */
const char *a8_signal_name(int sig, char *buf, size_t size);
const char *a8_signal_code_name(int sig, int code);
/* x86-64 register names in a8_error.regs order. */
extern const char *const a8_reg_names[18];

/* abort_on_error is about to abort(): the SIGABRT that follows is alloc8's
 * own, not one to report (checker/deadly.c asks). */
bool a8_report_aborting(void);

/* Number of errors (not warnings) reported so far, repeats included. */
uint64_t a8_report_error_count(void);

/* Print one stack in the frame format (symbolized, or raw with symbolize=0)
 * to the log, each line prefixed by nothing; used by other report writers. */
void a8_report_print_stack(const struct a8_rstack *s);

/* ---- additions of the reports layer (out.c, json.c, report.c) ----------------------
 *
 * The public breakpoint hook: called once after every printed report (errors
 * and warnings, before abort_on_error / halt_on_error act) with no alloc8 lock
 * held.  Exported, never inlined, never elided: `break alloc8_report_hook` in
 * gdb stops with the report on the screen and the faulting call on the stack.
 * (Declared in include/alloc8.h as well.) */
A8_EXPORT void alloc8_report_hook(void);

/* Writers of other reports (leaks, heap checks) use the same serialisation:
 * a8_report_begin() takes the report lock (re-entrant on the same thread) and
 * opens a buffer; a8_report_put / a8_report_printf append to it; text goes
 * to the log in as few write(2)s as possible, at the latest at
 * a8_report_end().  Outside begin/end, put/printf write straight to the log.
 * Lock rank: the report lock is taken with no heap lock held and takes the
 * checker's thread-table lock, the suppressions' (gen_suppressions), the
 * symbolizer's and the log's inside it: it ranks before (outside) every heap
 * lock. */
void a8_report_begin(void);
void a8_report_end(void);
/* Set by the checker with gen_suppressions=1: called under the report lock
 * after each text error report printed, to print a suppression for it. */
extern void (*a8_report_gen_supp)(const struct a8_error *e);
void a8_report_put(const char *s, size_t n);
void a8_report_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* fork: take the report lock first in pthread_atfork's prepare. */
void a8_report_fork_prepare(void);
void a8_report_fork_parent(void);
void a8_report_fork_child(void);
void a8_report_counts_fork_child(void); /* report.c: the child's own counts */

/* ---- internal (this folder only) -------------------------------------- */

/* A small allocation-free JSON writer (reports/json.c) writing through
 * a8_report_put.  `key` is NULL inside arrays and at the top level. */
#define A8_JSON_MAX_DEPTH 16
struct a8_json {
    int depth;
    bool need_comma[A8_JSON_MAX_DEPTH];
};
void a8_json_open(struct a8_json *j, const char *key, char bracket); /* '{' or '[' */
void a8_json_close(struct a8_json *j, char bracket);                 /* '}' or ']' */
void a8_json_str(struct a8_json *j, const char *key, const char *s); /* NULL: null */
void a8_json_strn(struct a8_json *j, const char *key, const char *s, size_t n);
void a8_json_int(struct a8_json *j, const char *key, long long v);
void a8_json_uint(struct a8_json *j, const char *key, unsigned long long v);
void a8_json_hex(struct a8_json *j, const char *key, uintptr_t v); /* "0x…" */
void a8_json_bool(struct a8_json *j, const char *key, bool v);
/* One stack as an array of frame objects (symbolized unless symbolize=0). */
/* id: the stack's depot id (a8_sym_stack_id), 0 for one captured now */
void a8_json_stack(struct a8_json *j, const char *key, const uintptr_t *pcs, int n, uint32_t id);

/* reports/json.c: the JSON form of one record (one line, '\n' included). */
struct a8_report_ctx {
    const char *message;  /* the "what was found" line */
    const char *location; /* "0x… is located …" or the foreign class line, or "" */
    const char *summary;  /* "<kind> <site> in <function>" */
    uint64_t count;       /* times seen so far (1: the first) */
};
void a8_report_json(const struct a8_error *e, const struct a8_report_ctx *c);
/* reports/report.c: the threads named by a record, each followed up its
 * creator chain (T0 excluded); returns the count. */
int a8_report_threads(const struct a8_error *e, uint32_t *tids, int max);

#endif
