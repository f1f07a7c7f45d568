/* report.c — error records to text (or JSON), dedup, counters, the exit
 * summary, the breakpoint hook and abort_on_error / halt_on_error.
 *
 * A text error report (DESIGN.md §7; tests grep this vocabulary):
 *
 *   =================================================================
 *   alloc8: ERROR: <kind> on address 0x… (thread T<n>)
 *       <what was found: one line>
 *       #0 0x… in FUNC FILE:LINE:COL (MODULE)      the stack where found
 *   0x… is located N bytes after|before|inside the M-byte block [lo,hi)
 *   <or, for a foreign address, where it lies: "the address is …">
 *   allocated by thread T<n> here:
 *       #0 …
 *   [previously ]freed by thread T<n> here:
 *       #0 …
 *   thread T<n> created by T<m> here:             each thread named above
 *       #0 …
 *   SUMMARY: alloc8: <kind> <file>:<line> in <function>
 *
 * The SUMMARY site is the first frame of the first stack printed that has a
 * file and line (file as its basename), frames of the runtime libraries
 * (libc, ld.so, libstdc++, libgcc_s, libm, alloc8) skipped unless no other
 * frame has one, and frames inlined from the system's headers
 * (/usr/include) skipped; failing that the first frame as <module
 * basename>+0x<off>.  Counts in this
 * vocabulary are always written "N bytes", "N errors", even for 1, so one pattern greps them all.
 *
 * Warnings (a8_error_is_warning) are short and carry no banner and no
 * SUMMARY, so `grep SUMMARY` counts errors only:
 *
 *   alloc8: WARNING: <kind>: <what happened>
 *       #0 …
 *
 * Order after printing: release the report lock, call alloc8_report_hook()
 * (every printed report), then — for errors only — abort_on_error aborts and
 * halt_on_error exits.  Repeats suppressed by dedup do none of that.
 *
 * Runs inside malloc with the guard raised and no heap lock held: no stdio,
 * no allocation.  The report lock (out.c) also guards this file's state.
 */
#include "reports.h"

#include "../symbolize/symbolize.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define BANNER "================================================================="
#define LINE_BYTES 1024
#define SITE_BYTES 160
/* Distinct (kind, here, alloc) sites remembered for dedup; past this every
 * report is printed. */
#define DEDUP_SLOTS 1024
/* (suppression, kind) pairs counted for the exit summary; past this the
 * hidden reports are counted in the total only. */
#define SUPP_SLOTS 64

struct dedup_slot {
    uint64_t count; /* 0: empty */
    uintptr_t here_pc, alloc_pc;
    uint32_t kind;
    char site[SITE_BYTES]; /* the SUMMARY site, for the exit summary */
};

static struct {
    uint64_t errors; /* errors, repeats included (atomic) */
    uint64_t warnings;
    uint64_t by_kind[A8_ERR_COUNT_];
    bool oom_reported;
    uint32_t dedup_used;
    struct dedup_slot dedup[DEDUP_SLOTS];
    struct a8_rstack created; /* scratch for thread creation stacks */
    uint64_t suppressed;      /* reports a suppression hid */
    struct {
        const char *name; /* the suppression's, in the suppressions file */
        uint32_t kind;
        uint64_t count;
    } supp[SUPP_SLOTS];
} g_rep;

static const char *const k_names[] = {
#define A8_X(sym, name) [sym] = name,
    A8_ERROR_KINDS(A8_X)
#undef A8_X
};

const char *a8_error_name(enum a8_error_kind k)
{
    if ((unsigned)k >= A8_ERR_COUNT_)
        return "unknown-error";
    return k_names[k];
}

bool a8_error_is_warning(enum a8_error_kind k)
{
    return k == A8_ERR_SIZE_TOO_BIG || k == A8_ERR_CALLOC_OVERFLOW ||
           k == A8_ERR_REALLOCARRAY_OVERFLOW || k == A8_ERR_BAD_ALIGNMENT ||
           k == A8_ERR_OUT_OF_MEMORY || k == A8_ERR_KILLED;
}

/* ---- signals (deadly-signal, killed-by-signal) ------------------------------ */

const char *const a8_reg_names[18] = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi",
                                      "rbp", "rsp", "r8",  "r9",  "r10", "r11",
                                      "r12", "r13", "r14", "r15", "rip", "eflags"};

const char *a8_signal_name(int sig, char *buf, size_t size)
{
    const char *abbrev = sigabbrev_np(sig);
    int lo = SIGRTMIN, hi = SIGRTMAX;
    if (abbrev)
        a8_snprintf(buf, size, "SIG%s", abbrev);
    else if (sig >= lo && sig <= hi)
        a8_snprintf(buf, size, sig == lo ? "SIGRTMIN" : "SIGRTMIN+%d", sig - lo);
    else
        a8_snprintf(buf, size, "signal %d", sig);
    return buf;
}

const char *a8_signal_code_name(int sig, int code)
{
    static const char *const segv[] = {NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR",
                                       "SEGV_PKUERR"};
    static const char *const bus[] = {NULL,         "BUS_ADRALN",    "BUS_ADRERR",
                                      "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO"};
    static const char *const fpe[] = {NULL,         "FPE_INTDIV", "FPE_INTOVF",
                                      "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND",
                                      "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB"};
    static const char *const ill[] = {NULL,         "ILL_ILLOPC", "ILL_ILLOPN",
                                      "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC",
                                      "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"};
    static const char *const trap[] = {NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH",
                                       "TRAP_HWBKPT"};
    switch (code) {
    case SI_USER:
        return "SI_USER";
    case SI_QUEUE:
        return "SI_QUEUE";
    case SI_TIMER:
        return "SI_TIMER";
    case SI_TKILL:
        return "SI_TKILL";
    case SI_KERNEL:
        return "SI_KERNEL";
    default:
        break;
    }
#define A8_CODE(tab) return code > 0 && (size_t)code < A8_ARRAY_LEN(tab) ? tab[code] : NULL
    switch (sig) {
    case SIGSEGV:
        A8_CODE(segv);
    case SIGBUS:
        A8_CODE(bus);
    case SIGFPE:
        A8_CODE(fpe);
    case SIGILL:
        A8_CODE(ill);
    case SIGTRAP:
        A8_CODE(trap);
    case SIGSYS:
        return code == 1 ? "SYS_SECCOMP" : NULL;
    default:
        return NULL;
    }
#undef A8_CODE
}

/* deadly-signal's line: the fault, in words. */
static void fault_message(const struct a8_error *e, char *m, size_t size)
{
    char name[24];
    const char *sig = a8_signal_name(e->sig, name, sizeof name);
    const char *code = a8_signal_code_name(e->sig, e->sig_code);
    char cn[40];
    a8_snprintf(cn, sizeof cn, "%s", code ? code : "");
    if (!code)
        a8_snprintf(cn, sizeof cn, "si_code %d", e->sig_code);
    unsigned long a = e->addr;
    const char *what = !e->access                           ? "an access"
                       : a8_strcmp(e->access, "READ") == 0  ? "a READ"
                       : a8_strcmp(e->access, "WRITE") == 0 ? "a WRITE"
                                                            : "an instruction fetch";
    switch (e->sig) {
    case SIGSEGV:
        if (e->sig_code == SEGV_MAPERR)
            a8_snprintf(m, size, "%s: %s at 0x%lx, where nothing is mapped (%s)", sig, what, a, cn);
        else if (e->sig_code == SEGV_ACCERR)
            a8_snprintf(m, size, "%s: %s at 0x%lx, which its mapping does not allow (%s)", sig,
                        what, a, cn);
        else if (e->sig_code == SEGV_PKUERR)
            a8_snprintf(m, size, "%s: %s at 0x%lx, which a memory protection key forbids (%s)", sig,
                        what, a, cn);
        else if (e->sig_code == SI_KERNEL)
            a8_snprintf(m, size,
                        "%s: a general protection fault, for which the kernel gives no address "
                        "(an access through a pointer that is not canonical, as a fill pattern's "
                        "is, or an instruction that is not allowed) (%s)",
                        sig, cn);
        else
            a8_snprintf(m, size, "%s at 0x%lx (%s)", sig, a, cn);
        break;
    case SIGBUS:
        a8_snprintf(m, size, "%s: %s at 0x%lx%s (%s)", sig, what, a,
                    e->sig_code == BUS_ADRERR   ? ", a file mapping's page past the end of its file"
                    : e->sig_code == BUS_ADRALN ? ", misaligned"
                                                : ": a hardware memory error",
                    cn);
        break;
    case SIGFPE:
        a8_snprintf(m, size, "%s at 0x%lx: %s (%s)", sig, a,
                    e->sig_code == FPE_INTDIV   ? "an integer division by zero"
                    : e->sig_code == FPE_INTOVF ? "an integer division that overflows"
                                                : "a floating-point exception",
                    cn);
        break;
    case SIGILL:
        a8_snprintf(m, size, "%s at 0x%lx: an illegal instruction%s (%s)", sig, a,
                    e->sig_code == ILL_ILLOPN ? " (ud2, as __builtin_trap() emits, is one)" : "",
                    cn);
        break;
    case SIGTRAP:
        a8_snprintf(m, size,
                    "%s at 0x%lx: a breakpoint or trap instruction, with no debugger "
                    "attached to take it (%s)",
                    sig, a, cn);
        break;
    case SIGSYS:
        a8_snprintf(m, size, "%s: system call %d, which the process's seccomp filter forbids (%s)",
                    sig, e->sig_syscall, cn);
        break;
    default:
        a8_snprintf(m, size, "%s at 0x%lx (%s)", sig, a, cn);
        break;
    }
}

/* killed-by-signal's line: which signal, from whom. */
static void killed_message(const struct a8_error *e, char *m, size_t size)
{
    char name[24], from[96];
    const char *sig = a8_signal_name(e->sig, name, sizeof name);
    const char *code = a8_signal_code_name(e->sig, e->sig_code);
    bool self = e->sender_pid && e->sender_pid == a8_getpid();
    if (self && e->sig_code == SI_TKILL)
        a8_snprintf(from, sizeof from, ", which the program raised itself (raise, abort),");
    else if (self && e->sig == SIGPIPE)
        a8_snprintf(from, sizeof from, ", for a write to a pipe or socket that nobody reads,");
    else if (self && e->sig == SIGXFSZ)
        a8_snprintf(from, sizeof from, ", for a write past the file size limit,");
    else if (self)
        a8_snprintf(from, sizeof from, ", which the program sent itself (kill),");
    else if (e->sender_pid)
        a8_snprintf(from, sizeof from, " from process %d (uid %u)", e->sender_pid, e->sender_uid);
    else if (e->sig_code == SI_KERNEL)
        a8_snprintf(from, sizeof from, " from the kernel");
    else if (e->sig_code == SI_TIMER)
        a8_snprintf(from, sizeof from, " from a POSIX timer");
    else
        from[0] = 0;
    a8_snprintf(m, size, "%s%s ended the program (%s); it came to thread T%u here:", sig, from,
                code ? code : "?", e->tid);
}

uint64_t a8_report_error_count(void) { return __atomic_load_n(&g_rep.errors, __ATOMIC_RELAXED); }

/* A fork child counts its own errors: its SUMMARY and exit status are about
 * what it did (haproxy's new worker, forked after its master's report, exited
 * 23 with no error of its own, and the master stopped everything). */
void a8_report_counts_fork_child(void)
{
    g_rep.errors = g_rep.warnings = g_rep.suppressed = 0;
    for (int k = 0; k < A8_ERR_COUNT_; k++)
        g_rep.by_kind[k] = 0;
    g_rep.oom_reported = false;
    g_rep.dedup_used = 0;
    for (int i = 0; i < DEDUP_SLOTS; i++)
        g_rep.dedup[i].count = 0;
    for (int i = 0; i < SUPP_SLOTS; i++)
        g_rep.supp[i].name = NULL, g_rep.supp[i].count = 0;
}

/* The gdb breakpoint target (reports.h).  The asm keeps the empty body, and
 * so every call to it, from being optimised away. */
/* alloc8_report_hook() itself lives in core/hook.c: every library exports it. */

/* ---- small helpers -------------------------------------------------------- */

static int clamp_n(int n)
{
    return n < 0 ? 0 : n > A8_REPORT_MAX_FRAMES ? A8_REPORT_MAX_FRAMES : n;
}

static bool stack_present(const struct a8_rstack *s) { return s->valid || s->n > 0; }

static void sink(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    a8_report_put(s, n);
}

/* alloc8's own frames inside a stack (the trampoline under a thread's
 * start routine, an operator that ran the program's own) say nothing about
 * the program: they are left out, as glibc's start_thread is not. */
bool a8_report_own_frame(uintptr_t pc)
{
#if A8_STATIC
    /* Linked into the program: alloc8's code is its a8_text section. */
    extern const char __start_a8_text[], __stop_a8_text[];
    return pc - (uintptr_t)__start_a8_text < (uintptr_t)(__stop_a8_text - __start_a8_text);
#endif
    static const char *self; /* liballoc8*.so; not the program it is linked into */
    static bool looked;
    struct a8_sym_frame f;
    if (!looked) {
        if (a8_sym_module_frame((uintptr_t)a8_report_own_frame, &f) == 0 && f.module &&
            a8_strncmp(a8_basename(f.module), "liballoc8", 9) == 0)
            self = f.module;
        looked = true;
    }
    return self && a8_sym_module_frame(pc, &f) == 0 && f.module == self;
}

void a8_report_print_stack(const struct a8_rstack *s)
{
    int n = clamp_n(s->n), k = 0;
    if (n == 0) {
        a8_report_printf("    <no stack recorded>\n");
        return;
    }
    uintptr_t pcs[A8_REPORT_MAX_FRAMES];
    for (int i = 0; i < n; i++)
        if (!a8_report_own_frame(s->pcs[i]))
            pcs[k++] = s->pcs[i];
    if (k == 0) { /* only alloc8's: show them rather than nothing */
        for (int i = 0; i < n; i++)
            pcs[i] = s->pcs[i];
        k = n;
    }
    a8_sym_stack_id(s->id);
    a8_sym_strip_prefix = a8_opt.strip_path_prefix;
    if (a8_opt.symbolize)
        a8_sym_print_stack(pcs, k, sink, NULL);
    else
        a8_sym_print_stack_raw(pcs, k, sink, NULL);
    a8_sym_stack_id(0);
}

/* Runtime libraries whose frames are not where the user's bug is: a memset
 * in libc that ran into a guard page is reported at its caller. */
static bool runtime_module(const char *m)
{
    static const char *const names[] = {"libc.so",     "libc-",   "ld-linux",      "libstdc++.so",
                                        "libgcc_s.so", "libm.so", "libpthread.so", "liballoc8"};
    const char *b = m ? a8_basename(m) : "";
    for (size_t i = 0; i < A8_ARRAY_LEN(names); i++)
        if (a8_strncmp(b, names[i], a8_strlen(names[i])) == 0)
            return true;
    return false;
}

/* Code inlined from the system's headers: glibc's _FORTIFY_SOURCE wrappers
 * (bits/string_fortified.h: memcpy is __memcpy_chk's inline caller),
 * libstdc++'s templates, the compiler's intrinsics.  Not where the user's
 * bug is, though it is in the program's own module. */
static bool system_header(const char *file)
{
    return file && (a8_strncmp(file, "/usr/include/", 13) == 0 ||
                    a8_strncmp(file, "/usr/lib/gcc/", 13) == 0);
}

/* The SUMMARY site of a stack: "file.c:12" + function of the first frame
 * with a file and line outside the runtime libraries and the system's
 * headers (the inlined frames of those are skipped); failing that, the
 * first frame outside them as "module+0xoff" (+ its function, if its module
 * has a symbol for it): a program without debug info is named, not the
 * C library's start-up code that called it; only when every frame is in
 * the runtime libraries, the first of those with a line; else the first
 * frame as "module+0xoff". */
static void stack_site_of(const struct a8_rstack *s, char *site, size_t size, const char **fn)
{
    int n = clamp_n(s->n);
    site[0] = 0;
    *fn = NULL;
    if (n == 0)
        return;
    if (a8_opt.symbolize) {
        struct a8_sym_frame fr[A8_SYM_MAX_INLINE];
        int first_outside = -1; /* frame index */
        for (int i = 0; i < n; i++) {
            int k = a8_sym_resolve(s->pcs[i], true, fr, A8_SYM_MAX_INLINE);
            for (int m = 0; m < k; m++) {
                if (runtime_module(fr[m].module))
                    continue;
                if (first_outside < 0)
                    first_outside = i;
                if (fr[m].file && fr[m].line && !system_header(fr[m].file)) {
                    a8_snprintf(site, size, "%s:%u", a8_basename(fr[m].file), fr[m].line);
                    *fn = fr[m].function;
                    return;
                }
            }
        }
        if (first_outside < 0) {
            for (int i = 0; i < n; i++) {
                int k = a8_sym_resolve(s->pcs[i], true, fr, A8_SYM_MAX_INLINE);
                for (int m = 0; m < k; m++) {
                    if (fr[m].file && fr[m].line) {
                        a8_snprintf(site, size, "%s:%u", a8_basename(fr[m].file), fr[m].line);
                        *fn = fr[m].function;
                        return;
                    }
                }
            }
        }
        int i = first_outside < 0 ? 0 : first_outside;
        int k = a8_sym_resolve(s->pcs[i], true, fr, A8_SYM_MAX_INLINE);
        /* the outermost of its inline frames: the real function, whose
         * module_off this is */
        *fn = k > 0 ? fr[k - 1].function : NULL;
        if (k > 0 && fr[k - 1].module)
            a8_snprintf(site, size, "%s+0x%lx", a8_basename(fr[k - 1].module),
                        (unsigned long)fr[k - 1].module_off);
        else
            a8_snprintf(site, size, "0x%lx", (unsigned long)s->pcs[i]);
        return;
    }
    struct a8_sym_frame f;
    if (a8_sym_module_frame(s->pcs[0], &f) == 0 && f.module)
        a8_snprintf(site, size, "%s+0x%lx", a8_basename(f.module), (unsigned long)f.module_off);
    else
        a8_snprintf(site, size, "0x%lx", (unsigned long)s->pcs[0]);
}

/* The first stack the report prints. */
static void stack_site(const struct a8_rstack *s, char *site, size_t size, const char **fn)
{
    a8_sym_stack_id(s->id);
    stack_site_of(s, site, size, fn);
    a8_sym_stack_id(0);
}

static const struct a8_rstack *first_stack(const struct a8_error *e)
{
    if (e->here.n > 0)
        return &e->here;
    if (e->has_block && e->alloc.n > 0)
        return &e->alloc;
    if (e->freed.valid && e->freed.n > 0)
        return &e->freed;
    return NULL;
}

static void hexbytes(const struct a8_error *e, char *b, size_t size)
{
    size_t n = 0;
    int nf = e->nfound < (int)sizeof(e->found) ? e->nfound : (int)sizeof(e->found);
    b[0] = 0;
    for (int i = 0; i < nf && n < size; i++)
        n += (size_t)a8_snprintf(b + n, size - n, " %02x", e->found[i]);
    if (e->corrupt_len > (size_t)nf && n < size)
        a8_snprintf(b + n, size - n, " …");
}

static const char *or_str(const char *s, const char *dflt) { return s && s[0] ? s : dflt; }

/* "N bytes written past the end were found at free: 41 41 41 (expected fb)";
 * without bytes (a guard page caught the access): "access past the end of
 * the block, found at guard page". */
static void corruption_line(const struct a8_error *e, const char *what, const char *access, char *m,
                            size_t size)
{
    char bytes[3 * sizeof(e->found) + 8];
    const char *at = or_str(e->checked_at, or_str(e->call, "a check"));
    hexbytes(e, bytes, sizeof(bytes));
    if (e->access && e->access_len) { /* a checked call, before it ran */
        uintptr_t lo = e->access_addr, hi = lo + e->access_len;
        uintptr_t blo = e->block, bhi = blo + e->block_size;
        size_t outside = e->kind == A8_ERR_HEAP_UNDERFLOW ? (hi < blo ? hi : blo) - lo
                                                          : hi - (lo > bhi ? lo : bhi);
        const char *pl = e->access_len == 1 ? "" : "s";
        if (e->kind == A8_ERR_USE_AFTER_FREE)
            a8_snprintf(m, size, "%s of %zu byte%s at 0x%lx by %s %s", e->access, e->access_len, pl,
                        (unsigned long)lo, or_str(e->call, "a call"), access);
        else
            a8_snprintf(m, size, "%s of %zu byte%s at 0x%lx by %s, %zu of them %s", e->access,
                        e->access_len, pl, (unsigned long)lo, or_str(e->call, "a call"), outside,
                        access);
    } else if (e->access) /* a guard page caught the access itself */
        a8_snprintf(m, size, "%s %s (caught by a guard page)", e->access, access);
    else if (e->corrupt_len || e->nfound > 0)
        a8_snprintf(m, size, "%zu bytes %s were found at %s%s:%s (expected %02x)", e->corrupt_len,
                    what, at, e->into_next_header ? ", and on into the next block's header" : "",
                    bytes, e->expected);
    else
        a8_snprintf(m, size, "an access %s was found at %s", access, at);
}

static void align_reason(const struct a8_error *e, char *m, size_t size)
{
    const char *call = or_str(e->call, "aligned allocation");
    size_t a = e->align_arg;
    if (a == 0 || (a & (a - 1)))
        a8_snprintf(m, size, "%s: alignment %zu is not a power of two", call, a);
    else if (a % sizeof(void *) && a8_strcmp(call, "posix_memalign") == 0)
        a8_snprintf(m, size, "%s: alignment %zu is not a multiple of sizeof(void *)", call, a);
    else if (a8_strcmp(call, "aligned_alloc") == 0 && e->size_arg % a)
        a8_snprintf(m, size, "%s: size %zu is not a multiple of the alignment %zu", call,
                    e->size_arg, a);
    else
        a8_snprintf(m, size, "%s: alignment %zu (size %zu) is invalid", call, a, e->size_arg);
}

/* The one line saying what was found (for warnings: what happened). */
static void message(const struct a8_error *e, char *m, size_t size)
{
    unsigned long addr = e->addr;
    const char *call = or_str(e->call, "free");
    bool interior = e->addr_class == A8_ADDR_HEAP_BLOCK || e->has_block;
    switch (e->kind) {
    case A8_ERR_HEAP_OVERFLOW:
        corruption_line(e, "written past the end", "past the end of the block", m, size);
        break;
    case A8_ERR_HEAP_UNDERFLOW:
        corruption_line(e, "written before the start", "before the start of the block", m, size);
        break;
    case A8_ERR_USE_AFTER_FREE:
        corruption_line(e, "written after free", "of the block after it was freed", m, size);
        break;
    case A8_ERR_HEADER_CORRUPT:
        a8_snprintf(m, size, "the header alloc8 keeps before a block was overwritten, found at %s",
                    or_str(e->checked_at, or_str(e->call, "a check")));
        break;
    case A8_ERR_PARAM_OVERLAP: {
        uintptr_t d = e->access_addr, s = e->src_addr;
        uintptr_t dend = d + e->access_len, send = s + e->src_len;
        size_t shared = (dend < send ? dend : send) - (d > s ? d : s);
        a8_snprintf(m, size,
                    "%s's destination [0x%lx,0x%lx) (%zu bytes) and source [0x%lx,0x%lx) "
                    "(%zu bytes) overlap in %zu bytes",
                    or_str(e->call, "a copy"), (unsigned long)d, (unsigned long)dend, e->access_len,
                    (unsigned long)s, (unsigned long)send, e->src_len, shared);
        break;
    }
    case A8_ERR_SIGNAL_UNSAFE: {
        char what[64];
        if (e->addr)
            a8_snprintf(what, sizeof what, "%s(0x%lx)", call, addr);
        else
            a8_snprintf(what, sizeof what, "%s(%zu)", call, e->size_arg);
        a8_snprintf(m, size,
                    "%s was called in a signal handler that interrupted this thread's %s "
                    "(neither is async-signal-safe: with glibc's malloc this corrupts the heap "
                    "or deadlocks); alloc8 served it outside its heap%s",
                    what, or_str(e->interrupted, "allocation call"),
                    e->sig_calls > 1 ? ", as it did the handler calls after it" : "");
        break;
    }
    case A8_ERR_DOUBLE_FREE:
        a8_snprintf(m, size, "attempting double-free on 0x%lx (a %zu-byte block)", addr,
                    e->block_size);
        break;
    case A8_ERR_INVALID_FREE:
    case A8_ERR_REALLOC_FOREIGN:
    case A8_ERR_USABLE_SIZE_FOREIGN:
        if (e->kind == A8_ERR_REALLOC_FOREIGN)
            call = or_str(e->call, "realloc");
        else if (e->kind == A8_ERR_USABLE_SIZE_FOREIGN)
            call = or_str(e->call, "malloc_usable_size");
        if (e->has_block && e->offset == 0 && e->free_call) /* ruby's double free */
            a8_snprintf(m, size,
                        "attempting %s on 0x%lx (a %zu-byte block), which was already freed", call,
                        addr, e->block_size);
        else
            a8_snprintf(m, size, "attempting %s on 0x%lx, which %s", call, addr,
                        interior ? "is not the start of a block"
                                 : "was not returned by an allocation function");
        break;
    case A8_ERR_MISMATCH:
        a8_snprintf(m, size, "block allocated with %s released with %s", or_str(e->alloc_call, "?"),
                    or_str(e->call, "?"));
        break;
    case A8_ERR_SIZE_MISMATCH:
        if (e->align_arg) /* an aligned delete's alignment, not its size */
            a8_snprintf(m, size, "%s says alignment %zu, the %zu-byte block was allocated with %zu",
                        or_str(e->call, "operator delete"), e->align_arg, e->block_size,
                        e->block_align);
        else
            a8_snprintf(m, size, "%s says %zu bytes, the block has %zu%s",
                        or_str(e->call, "operator delete"), e->size_arg, e->block_size,
                        e->call && a8_strcmp(e->call, "operator delete[]") == 0
                            ? " (for an array of objects with destructors, the size comes "
                              "from the count kept at the block's start: a write before the "
                              "first element changes it)"
                            : "");
        break;
    case A8_ERR_REALLOC_FREED:
        a8_snprintf(m, size, "attempting %s on 0x%lx (a %zu-byte block), which was already freed",
                    or_str(e->call, "realloc"), addr, e->block_size);
        break;
    case A8_ERR_SIZE_TOO_BIG:
        a8_snprintf(m, size, "requested %zu bytes (max_size is %lld)", e->size_arg,
                    a8_opt.max_size);
        break;
    case A8_ERR_CALLOC_OVERFLOW:
    case A8_ERR_REALLOCARRAY_OVERFLOW:
        a8_snprintf(m, size, "nmemb %zu × size %zu overflows", e->nmemb_arg, e->size_arg);
        break;
    case A8_ERR_BAD_ALIGNMENT:
        align_reason(e, m, size);
        break;
    case A8_ERR_OUT_OF_MEMORY:
        a8_snprintf(m, size, "%s of %zu bytes failed (reported once)",
                    or_str(e->call, "allocation"), e->size_arg);
        break;
    case A8_ERR_DEADLY_SIGNAL:
        fault_message(e, m, size);
        break;
    case A8_ERR_KILLED:
        killed_message(e, m, size);
        break;
    default:
        a8_snprintf(m, size, "%s", a8_error_name(e->kind));
        break;
    }
}

/* Where the address lies: relative to the block, or the foreign class. */
static void location(const struct a8_error *e, char *m, size_t size)
{
    m[0] = 0;
    if (e->kind == A8_ERR_SIGNAL_UNSAFE) {
        size_t n = (size_t)a8_snprintf(
            m, size,
            "%u allocation call%s of signal handlers came while the %s ran: allocations from "
            "alloc8's internal arena (unchecked), frees made, checked, after it returned",
            e->sig_calls, e->sig_calls == 1 ? "" : "s", or_str(e->interrupted, "call"));
        if (e->sig_dropped && n < size)
            a8_snprintf(m + n, size - n,
                        "; %u frees found the queue full: those blocks stay "
                        "allocated",
                        e->sig_dropped);
        return;
    }
    if (e->kind == A8_ERR_HEADER_CORRUPT) {
        unsigned long hdr = (unsigned long)(e->header ? e->header : e->addr);
        if (e->block_before)
            a8_snprintf(m, size,
                        "0x%lx is a block header (size, state, stacks, links): its fields cannot "
                        "be trusted, so the block is not reused; the bytes after the %zu-byte "
                        "block before it [0x%lx,0x%lx) are overwritten right up to it, most "
                        "likely an overflow of that block",
                        hdr, e->block_size, (unsigned long)e->block,
                        (unsigned long)(e->block + e->block_size));
        else
            a8_snprintf(m, size,
                        "0x%lx is a block header (size, state, stacks, links): its fields cannot "
                        "be trusted, so the block is not reused",
                        hdr);
        return;
    }
    if (e->has_block) {
        const char *rel;
        unsigned long long n;
        if (e->offset < 0) {
            rel = "before";
            n = (unsigned long long)-e->offset;
        } else if ((uint64_t)e->offset >= e->block_size) {
            rel = "after";
            n = (unsigned long long)e->offset - e->block_size;
        } else {
            rel = "inside";
            n = (unsigned long long)e->offset;
        }
        a8_snprintf(m, size, "0x%lx is located %llu bytes %s the %zu-byte block [0x%lx,0x%lx)",
                    (unsigned long)e->addr, n, rel, e->block_size, (unsigned long)e->block,
                    (unsigned long)(e->block + e->block_size));
        return;
    }
    switch (e->addr_class) {
    case A8_ADDR_STACK:
        a8_snprintf(m, size, "the address is on the stack of thread T%u", e->addr_thread);
        break;
    case A8_ADDR_GLOBAL:
        if (e->symbol[0])
            a8_snprintf(m, size, "the address is in global variable '%s' of %s", e->symbol,
                        or_str(e->module, "?"));
        else
            a8_snprintf(m, size, "the address is in the image of %s", or_str(e->module, "?"));
        break;
    case A8_ADDR_MMAP:
        a8_snprintf(m, size, "the address is in an anonymous mapping [0x%lx,0x%lx)",
                    (unsigned long)e->map_lo, (unsigned long)e->map_hi);
        break;
    case A8_ADDR_FILE_MAP:
        a8_snprintf(m, size, "the address is in a mapping of %s [0x%lx,0x%lx)",
                    or_str(e->module, "a file"), (unsigned long)e->map_lo,
                    (unsigned long)e->map_hi);
        break;
    case A8_ADDR_HEAP_UNUSED:
        a8_snprintf(m, size, "the address is in alloc8's heap but in no block");
        break;
    case A8_ADDR_WILD:
        a8_snprintf(m, size, "the address is not mapped");
        break;
    case A8_ADDR_HEAP_BLOCK:
    case A8_ADDR_NONE:
        break;
    }
}

int a8_report_threads(const struct a8_error *e, uint32_t *tids, int max)
{
    uint32_t named[4];
    int nn = 0, n = 0;
    named[nn++] = e->tid;
    if (e->has_block && stack_present(&e->alloc))
        named[nn++] = e->alloc.tid;
    if (stack_present(&e->freed))
        named[nn++] = e->freed.tid;
    if (e->addr_class == A8_ADDR_STACK)
        named[nn++] = e->addr_thread;
    for (int i = 0; i < nn; i++) {
        /* the thread, then its creator, and so on up to T0 */
        uint32_t t = named[i];
        for (int hops = 0; t != 0 && hops < max; hops++) {
            bool seen = false;
            for (int k = 0; k < n; k++)
                seen |= tids[k] == t;
            if (seen || n == max)
                break;
            uint32_t parent = 0;
            if (!a8_thread_info(t, &parent, &g_rep.created))
                break;
            tids[n++] = t;
            t = parent;
        }
    }
    return n;
}

/* ---- text ------------------------------------------------------------------ */

static void text_line(const char *s)
{
    if (!s[0])
        return;
    a8_report_put(s, a8_strlen(s));
    a8_report_put("\n", 1);
}

static void report_text(const struct a8_error *e, const struct a8_report_ctx *c)
{
    const char *kind = a8_error_name(e->kind);
    if (a8_error_is_warning(e->kind)) {
        a8_report_printf("alloc8: WARNING: %s: %s\n", kind, c->message);
        if (e->here.n > 0)
            a8_report_print_stack(&e->here);
        return;
    }
    a8_report_printf("%s\nalloc8: ERROR: %s on address 0x%lx (thread T%u)\n", BANNER, kind,
                     (unsigned long)e->addr, e->tid);
    a8_report_printf("    %s\n", c->message);
    a8_report_print_stack(&e->here);
    text_line(c->location);
    if (e->hint[0])
        a8_report_printf("hint: %s\n", e->hint);
    if (e->rerun[0])
        a8_report_printf("hint: found at %s, not at the access; run again with "
                         "ALLOC8_OPTIONS=%s to stop at the access itself\n",
                         or_str(e->checked_at, "a check"), e->rerun);
    if (e->has_block && stack_present(&e->alloc)) {
        a8_report_printf("allocated by thread T%u here:\n", e->alloc.tid);
        a8_report_print_stack(&e->alloc);
    }
    if (e->kind == A8_ERR_SIGNAL_UNSAFE && stack_present(&e->alloc)) {
        a8_report_printf("the interrupted %s was called by thread T%u here:\n",
                         or_str(e->interrupted, "call"), e->alloc.tid);
        a8_report_print_stack(&e->alloc);
    }
    if (stack_present(&e->freed)) {
        bool again = e->kind == A8_ERR_DOUBLE_FREE || e->kind == A8_ERR_REALLOC_FREED;
        a8_report_printf("%sfreed by thread T%u here:\n", again ? "previously " : "", e->freed.tid);
        a8_report_print_stack(&e->freed);
    }
    uint32_t tids[8];
    int nt = a8_report_threads(e, tids, (int)A8_ARRAY_LEN(tids));
    for (int i = 0; i < nt; i++) {
        uint32_t parent = 0;
        g_rep.created.n = 0;
        if (!a8_thread_info(tids[i], &parent, &g_rep.created))
            continue;
        a8_report_printf("thread T%u created by T%u here:\n", tids[i], parent);
        a8_report_print_stack(&g_rep.created);
    }
    for (int i = 0; i < e->nregs; i += 4) {
        a8_report_printf("%s", i ? "          " : "registers:");
        for (int k = i; k < i + 4 && k < e->nregs; k++)
            a8_report_printf(" %-3s=0x%016lx", a8_reg_names[k], (unsigned long)e->regs[k]);
        a8_report_printf("\n");
    }
    a8_report_printf("SUMMARY: alloc8: %s\n", c->summary);
}

static bool g_aborting;

bool a8_report_aborting(void) { return __atomic_load_n(&g_aborting, __ATOMIC_ACQUIRE); }

/* ---- dedup ----------------------------------------------------------------- */

static struct dedup_slot *dedup_find(const struct a8_error *e, bool *fresh)
{
    uintptr_t h = e->here.n > 0 ? e->here.pcs[0] : 0;
    uintptr_t a = e->has_block && e->alloc.n > 0 ? e->alloc.pcs[0] : 0;
    uint64_t x = (h * 0x9e3779b97f4a7c15ull) ^ (a * 0xc2b2ae3d27d4eb4full) ^ (uint64_t)e->kind;
    x ^= x >> 29;
    *fresh = false;
    for (uint32_t i = 0; i < DEDUP_SLOTS; i++) {
        struct dedup_slot *s = &g_rep.dedup[(x + i) % DEDUP_SLOTS];
        if (s->count == 0) {
            if (g_rep.dedup_used >= DEDUP_SLOTS * 3 / 4)
                return NULL; /* nearly full: stop remembering, print all */
            g_rep.dedup_used++;
            s->kind = (uint32_t)e->kind;
            s->here_pc = h;
            s->alloc_pc = a;
            *fresh = true;
            return s;
        }
        if (s->kind == (uint32_t)e->kind && s->here_pc == h && s->alloc_pc == a)
            return s;
    }
    return NULL;
}

/* ---- suppressed reports -------------------------------------------------- */

void a8_report_suppressed(const struct a8_error *e, const char *by)
{
    a8_report_begin();
    g_rep.suppressed++;
    for (int i = 0; i < SUPP_SLOTS; i++) {
        if (!g_rep.supp[i].name) {
            g_rep.supp[i].name = by;
            g_rep.supp[i].kind = (uint32_t)e->kind;
        }
        if (g_rep.supp[i].name == by && g_rep.supp[i].kind == (uint32_t)e->kind) {
            g_rep.supp[i].count++;
            break;
        }
    }
    a8_report_end();
}

uint64_t a8_report_suppressed_count(void) { return g_rep.suppressed; }

void (*a8_report_gen_supp)(const struct a8_error *e);

/* ---- the entry point ------------------------------------------------------- */

bool a8_report_error(struct a8_error *e)
{
    bool warning = a8_error_is_warning(e->kind);
    a8_report_begin();
    if (warning)
        g_rep.warnings++;
    else
        __atomic_add_fetch(&g_rep.errors, 1, __ATOMIC_RELAXED);
    if ((unsigned)e->kind < A8_ERR_COUNT_)
        g_rep.by_kind[e->kind]++;

    if (e->kind == A8_ERR_OUT_OF_MEMORY) {
        if (g_rep.oom_reported) {
            a8_report_end();
            return false;
        }
        g_rep.oom_reported = true;
    }

    uint64_t count = 1;
    struct dedup_slot *slot = NULL;
    if (a8_opt.dedup) {
        bool fresh;
        slot = dedup_find(e, &fresh);
        if (slot && !fresh) {
            slot->count++;
            a8_report_end();
            return false;
        }
        if (slot)
            slot->count = 1;
    }

    char msg[LINE_BYTES], loc[LINE_BYTES], site[SITE_BYTES], summary[LINE_BYTES];
    const char *fn = NULL;
    message(e, msg, sizeof(msg));
    location(e, loc, sizeof(loc));
    const struct a8_rstack *first = first_stack(e);
    site[0] = 0;
    if (first)
        stack_site(first, site, sizeof(site), &fn);
    a8_snprintf(summary, sizeof(summary), "%s%s%s%s%s", a8_error_name(e->kind), site[0] ? " " : "",
                site, fn ? " in " : "", fn ? fn : "");
    if (slot)
        a8_strlcpy(slot->site, site, sizeof(slot->site));

    struct a8_report_ctx c = {msg, loc, summary, count};
    if (a8_strcmp(a8_opt.report_format, "json") == 0)
        a8_report_json(e, &c);
    else
        report_text(e, &c);
    if (a8_report_gen_supp && a8_strcmp(a8_opt.report_format, "json") != 0)
        a8_report_gen_supp(e);
    a8_report_end();

    alloc8_report_hook();
    /* A deadly signal ends the process by itself, after the exit check. */
    bool ending = e->kind == A8_ERR_DEADLY_SIGNAL;
    if (!warning && !ending && a8_opt.abort_on_error) {
        __atomic_store_n(&g_aborting, true, __ATOMIC_RELEASE);
        abort();
    }
    if (!warning && !ending && a8_opt.halt_on_error) {
        /* exit() runs the program's atexit handlers and flushes its stdio:
         * they are the program's, not ours, so drop the re-entrancy guard
         * the caller raised (their mallocs go to the checked heap, not the
         * internal arena).  exitcode 0 means "keep the status" at a normal
         * exit; a halt has no status to keep, so it exits 1. */
        a8_tls.depth = 0;
        a8_tls.in_heap = 0; /* and the heap operation that reported: it never returns */
        exit(a8_opt.exitcode ? (int)a8_opt.exitcode : 1);
    }
    return true;
}

/* ---- at exit --------------------------------------------------------------- */

static void summary_json(size_t live_bytes, size_t live_blocks)
{
    struct a8_json j = {0};
    a8_json_open(&j, NULL, '{');
    a8_json_str(&j, "alloc8", "summary");
    a8_json_uint(&j, "errors", a8_report_error_count());
    a8_json_uint(&j, "warnings", g_rep.warnings);
    a8_json_open(&j, "by_kind", '{');
    for (int k = 0; k < A8_ERR_COUNT_; k++)
        if (g_rep.by_kind[k])
            a8_json_uint(&j, a8_error_name((enum a8_error_kind)k), g_rep.by_kind[k]);
    a8_json_close(&j, '}');
    a8_json_open(&j, "repeats", '[');
    for (int i = 0; i < DEDUP_SLOTS; i++) {
        const struct dedup_slot *s = &g_rep.dedup[i];
        if (s->count < 2)
            continue;
        a8_json_open(&j, NULL, '{');
        a8_json_str(&j, "kind", a8_error_name((enum a8_error_kind)s->kind));
        a8_json_str(&j, "site", s->site);
        a8_json_uint(&j, "count", s->count - 1);
        a8_json_close(&j, '}');
    }
    a8_json_close(&j, ']');
    a8_json_uint(&j, "suppressed", g_rep.suppressed);
    a8_json_open(&j, "suppressions", '[');
    for (int i = 0; i < SUPP_SLOTS && g_rep.supp[i].name; i++) {
        a8_json_open(&j, NULL, '{');
        a8_json_str(&j, "name", g_rep.supp[i].name);
        a8_json_str(&j, "kind", a8_error_name((enum a8_error_kind)g_rep.supp[i].kind));
        a8_json_uint(&j, "count", g_rep.supp[i].count);
        a8_json_close(&j, '}');
    }
    a8_json_close(&j, ']');
    a8_json_uint(&j, "live_bytes", live_bytes);
    a8_json_uint(&j, "live_blocks", live_blocks);
    a8_json_close(&j, '}');
    a8_report_put("\n", 1);
}

void a8_report_exit_summary(size_t live_bytes, size_t live_blocks)
{
    /* Quiet: nothing reported (suppressed reports are not counted). */
    if (!a8_report_error_count() && !g_rep.warnings &&
        (!a8_opt.exit_summary || a8_log_quiet_child()))
        return;
    a8_report_begin();
    if (a8_strcmp(a8_opt.report_format, "json") == 0) {
        summary_json(live_bytes, live_blocks);
        a8_report_end();
        return;
    }
    for (int i = 0; i < DEDUP_SLOTS; i++) {
        const struct dedup_slot *s = &g_rep.dedup[i];
        if (s->count >= 2)
            a8_report_printf("  %llu more reports of %s at %s (suppressed as repeats)\n",
                             (unsigned long long)(s->count - 1),
                             a8_error_name((enum a8_error_kind)s->kind),
                             s->site[0] ? s->site : "an unknown site");
    }
    if (g_rep.suppressed)
        a8_report_printf("alloc8: %llu error reports suppressed (suppressions=%s):\n",
                         (unsigned long long)g_rep.suppressed, a8_opt.suppressions);
    for (int i = 0; i < SUPP_SLOTS && g_rep.supp[i].name; i++)
        a8_report_printf("  %llu %s reports matched by %s\n",
                         (unsigned long long)g_rep.supp[i].count,
                         a8_error_name((enum a8_error_kind)g_rep.supp[i].kind), g_rep.supp[i].name);
    char kinds[LINE_BYTES];
    size_t n = 0;
    kinds[0] = 0;
    for (int k = 0; k < A8_ERR_COUNT_ && n < sizeof(kinds); k++) {
        if (!g_rep.by_kind[k] || a8_error_is_warning((enum a8_error_kind)k))
            continue;
        n += (size_t)a8_snprintf(kinds + n, sizeof(kinds) - n, "%s%llu %s", n ? ", " : "",
                                 (unsigned long long)g_rep.by_kind[k],
                                 a8_error_name((enum a8_error_kind)k));
    }
    uint64_t errors = a8_report_error_count();
    if (errors)
        a8_report_printf("alloc8: SUMMARY: %llu errors (%s), %zu bytes in %zu blocks still "
                         "allocated at exit\n",
                         (unsigned long long)errors, kinds, live_bytes, live_blocks);
    else
        a8_report_printf("alloc8: SUMMARY: no errors, %zu bytes in %zu blocks still allocated "
                         "at exit\n",
                         live_bytes, live_blocks);
    a8_report_end();
}
