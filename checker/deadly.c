/* deadly.c — a program ended by a signal.
 *
 * Without this a program that dies of a signal it does not handle (a crash,
 * an abort(), a SIGTERM, a closed pipe) leaves with no word from alloc8:
 * no report of the crash, no leak check, no SUMMARY line.  valgrind reports
 * the signal with the stack and then makes its leak check; ASan reports a
 * SEGV (with no leak check).  alloc8 does both:
 *
 *   - A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS raised by
 *     an instruction or a seccomp filter) is an error, deadly-signal: the
 *     faulting instruction's stack, where the address lies (a block with
 *     its stacks, a global, a thread's stack, nothing), a hint (a register
 *     holding free_fill's or malloc_fill's pattern: a pointer read from a
 *     freed or never-written block; the NULL page; a stack overflow), and
 *     the registers.
 *   - Any other signal whose default action ends the process is a warning,
 *     killed-by-signal: which signal, who sent it, and the stack it came to.
 *   - Then the exit check (heap check, leak check, SUMMARY line), and the
 *     process dies by the same signal, its default action restored: the
 *     parent sees the same status, a core is dumped as before.
 *
 * The handlers: SIGSEGV's is heap.c's on_segv (guard pages), which hands a
 * fault that is not a guard page's, and that the program has no handler
 * for, to a8_deadly_end.  For the others alloc8 installs on_deadly at
 * start-up where the disposition is SIG_DFL (an ignored signal stays
 * ignored), and gives way as soon as the program sets a handler of its own
 * or SIG_IGN (a8_deadly_sigaction, through the interposed sigaction and
 * signal): the kernel then has the program's, flags and mask as given.
 * A query while alloc8's is installed answers SIG_DFL, as if it were not.
 * exec resets it to SIG_DFL, as a handler is.
 *
 * Where it cannot run: in a vfork child, or a child made without the fork
 * handlers (another pid than the checker's), and for alloc8's own
 * abort_on_error, the process just dies.  A signal that comes while its
 * thread is inside a heap operation (malloc, free, ...: it may hold an
 * arena lock that the check would wait for) is put off until that
 * operation returns, microseconds later (a8_deadly_deferred, from
 * interpose/entry.c's sig_drain); a fault there, or a signal inside
 * alloc8's own work (the guard raised), is alloc8's: a one-line note, and
 * the process dies.  During a fork, while the fork handlers hold alloc8's
 * locks, the forking thread holds signals off (heap.c, signals_hold).
 */
#include "checker.h"
#include "leak.h"
#include "reports.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef A8_PREFIXED
#define A8_PREFIXED 0
#endif

/* glibc's own sigaction, under the one alloc8 interposes (signal.c). */
int __sigaction(int sig, const struct sigaction *act, struct sigaction *oact);

enum { NSIGS = 65 };

static struct {
    bool on;
    uint64_t ours;                /* bit sig: on_deadly is the kernel's handler */
    struct sigaction prog[NSIGS]; /* for those: what the program set (SIG_DFL) */
    a8_lock_t lock;
    volatile pid_t owner; /* the thread holding lock (a handler's nested call) */
} g_d;

/* A signal put off until the heap operation it interrupted returns. */
static __thread struct {
    int sig, code, pid;
    uint32_t uid;
} t_later __attribute__((tls_model("initial-exec")));

static void on_deadly(int sig, siginfo_t *si, void *ucv);

/* Signals whose default action ends the process (SIGKILL aside: no handler
 * sees it).  Not leak_check_signal, which has a use of its own. */
static bool deadly(int sig)
{
    switch (sig) {
    case SIGHUP:
    case SIGINT:
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGUSR1:
    case SIGSEGV:
    case SIGUSR2:
    case SIGPIPE:
    case SIGALRM:
    case SIGTERM:
    case SIGSTKFLT:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGVTALRM:
    case SIGPROF:
    case SIGIO:
    case SIGPWR:
    case SIGSYS:
        break;
    default:
        if (sig < SIGRTMIN || sig > SIGRTMAX)
            return false;
    }
    return sig != a8_opt.leak_check_signal;
}

/* A fault: raised by the instruction (or a seccomp filter), not sent. */
static bool is_fault(int sig, const siginfo_t *si)
{
    return si->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL ||
                               sig == SIGTRAP || sig == SIGSYS);
}

static bool is_ours(int sig) { return (__atomic_load_n(&g_d.ours, __ATOMIC_ACQUIRE) >> sig) & 1; }

static void set_ours(int sig, bool on)
{
    if (on)
        __atomic_or_fetch(&g_d.ours, 1ull << sig, __ATOMIC_ACQ_REL);
    else
        __atomic_and_fetch(&g_d.ours, ~(1ull << sig), __ATOMIC_ACQ_REL);
}

/* Puts on_deadly in the kernel for sig; view is what queries answer. */
static bool take(int sig, const struct sigaction *view)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_deadly;
    /* SA_RESTART: a signal put off (t_later) returns to the heap operation,
     * whose futex wait must go on.  Every other signal is held off while
     * the report and the check run, but the leak check's stop signal and
     * the faults (a guard page's). */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigfillset(&sa.sa_mask);
    static const int pass[] = {SIGURG, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    for (size_t i = 0; i < A8_ARRAY_LEN(pass); i++)
        sigdelset(&sa.sa_mask, pass[i]);
    if (__sigaction(sig, &sa, NULL) != 0)
        return false;
    g_d.prog[sig] = *view;
    set_ours(sig, true);
    return true;
}

void a8_deadly_install(void)
{
    if (!a8_opt.deadly_signals || A8_PREFIXED)
        return;
    g_d.on = true;
    for (int sig = 1; sig < NSIGS; sig++) {
        struct sigaction old;
        if (sig == SIGSEGV || !deadly(sig) || __sigaction(sig, NULL, &old) != 0 ||
            old.sa_handler != SIG_DFL)
            continue; /* SIGSEGV: heap.c's; ignored or handled: the program's */
        take(sig, &old);
    }
    a8_deadly_thread_start(); /* the main thread's (threads.c gives the others theirs) */
}

bool a8_deadly_on(void) { return g_d.on; }

/* ---- alternate signal stacks ----
 * A stack overflow faults with no stack left to run a handler on: the
 * kernel kills the process then, handler or not.  So each thread that has
 * no alternate signal stack of its own gets one (as ASan's
 * use_sigaltstack): 64 KiB above a PROT_NONE page, touched only when a
 * handler runs there; the handlers move their work to a bigger stack
 * (bigstack.c).  Plain mmap, not recorded as alloc8's: a thread per entry
 * would fill that table, and the leak check scanning these few pages finds
 * nothing of the program's there. */
enum { ALT_BYTES = 64 * 1024, ALT_GUARD = 4096 };

static __thread char *t_alt __attribute__((tls_model("initial-exec")));

void a8_deadly_thread_start(void)
{
    stack_t cur;
    if (!g_d.on || t_alt || sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
        return; /* the program's own, or none wanted */
    char *m = mmap(NULL, ALT_GUARD + ALT_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        return;
    stack_t ss = {.ss_sp = m + ALT_GUARD, .ss_size = ALT_BYTES, .ss_flags = 0};
    if (mprotect(m, ALT_GUARD, PROT_NONE) != 0 || sigaltstack(&ss, NULL) != 0) {
        munmap(m, ALT_GUARD + ALT_BYTES);
        return;
    }
    t_alt = m;
}

void a8_deadly_thread_exit(void)
{
    char *m = t_alt;
    stack_t cur;
    if (!m || sigaltstack(NULL, &cur) != 0)
        return;
    if (cur.ss_sp == m + ALT_GUARD) {
        if (cur.ss_flags & SS_ONSTACK)
            return; /* in a handler on it: left as it is */
        stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
        if (sigaltstack(&off, NULL) != 0)
            return;
    }
    t_alt = NULL;
    munmap(m, ALT_GUARD + ALT_BYTES);
}

/* The lock of the table; a program's handler that calls sigaction while
 * its thread is in here (sigaction is async-signal-safe) goes on without. */
static bool table_lock(void)
{
    pid_t me = (pid_t)syscall(SYS_gettid);
    if (!a8_trylock(&g_d.lock)) {
        if (__atomic_load_n(&g_d.owner, __ATOMIC_ACQUIRE) == me)
            return false;
        a8_lock(&g_d.lock);
    }
    __atomic_store_n(&g_d.owner, me, __ATOMIC_RELEASE);
    return true;
}

static void table_unlock(bool held)
{
    if (!held)
        return;
    __atomic_store_n(&g_d.owner, 0, __ATOMIC_RELEASE);
    a8_unlock(&g_d.lock);
}

void a8_deadly_sandbox(void)
{
    if (!g_d.on)
        return;
    bool held = table_lock();
    g_d.on = false;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIGS; sig++)
        if (is_ours(sig)) {
            __sigaction(sig, &dfl, NULL);
            set_ours(sig, false);
        }
    table_unlock(held);
}

int a8_deadly_sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
    if (!g_d.on || sig <= 0 || sig >= NSIGS || sig == SIGSEGV || !deadly(sig))
        return -1;
    bool held = table_lock();
    struct sigaction cur;
    /* Ours as far as the kernel knows: a call that bypassed this one (glibc's
     * sysv_signal, a raw rt_sigaction) may have replaced it. */
    bool ours = is_ours(sig) && __sigaction(sig, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
                cur.sa_sigaction == on_deadly;
    if (!ours)
        set_ours(sig, false);
    int rc = -1;
    if (!act) {
        if (ours) {
            if (oact)
                *oact = g_d.prog[sig];
            rc = 0;
        }
    } else if (act->sa_handler == SIG_DFL) {
        /* Kept as the kernel would keep it (heap.c's ck_sigaction_hook). */
        struct sigaction view = *act, prev;
        view.sa_flags |= 0x04000000; /* SA_RESTORER, which glibc adds */
        sigdelset(&view.sa_mask, SIGKILL);
        sigdelset(&view.sa_mask, SIGSTOP);
        if (ours)
            prev = g_d.prog[sig];
        else if (__sigaction(sig, NULL, &prev) != 0)
            goto out;
        if (take(sig, &view)) {
            if (oact)
                *oact = prev;
            rc = 0;
        }
    } else if (ours) {
        struct sigaction prev = g_d.prog[sig];
        if (__sigaction(sig, act, NULL) == 0) {
            set_ours(sig, false);
            if (oact)
                *oact = prev;
            rc = 0;
        }
    }
out:
    table_unlock(held);
    return rc;
}

/* ---- the record ------------------------------------------------------------ */

/* x86-64 gregs in a8_reg_names' order. */
static const int k_greg[18] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
                               REG_RBP, REG_RSP, REG_R8,  REG_R9,  REG_R10, REG_R11,
                               REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP, REG_EFL};

/* v is a pointer made of the fill byte b (its low two bytes may be an
 * offset added to it).  Not for 00 and ff: small numbers and -1 look so. */
static bool fill_pointer(uintptr_t v, uint8_t b)
{
    return b != 0 && b != 0xff && (v >> 16) == (0x0101010101010101ull * b) >> 16;
}

static void fault_hint(struct a8_error *e)
{
    static const char *const why[2] = {
        "most likely a pointer the program read from a block it had freed, then used",
        "most likely a pointer the program read from a new block before it stored one there "
        "(malloc fills new memory with it)"};
    const uint8_t fill[2] = {(uint8_t)a8_opt.free_fill, (uint8_t)a8_opt.malloc_fill};
    const char *name[2] = {"free_fill", "malloc_fill"};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 16; i++) {
            if (i == 7 || !fill_pointer(e->regs[i], fill[k]))
                continue; /* not rsp */
            a8_snprintf(e->hint, sizeof e->hint,
                        "register %s holds 0x%016lx, %s's pattern (0x%02x): %s", a8_reg_names[i],
                        (unsigned long)e->regs[i], name[k], fill[k], why[k]);
            return;
        }
    if (e->sig != SIGSEGV || e->sig_code == SI_KERNEL)
        return;
    if (e->addr < 65536) {
        char off[48] = "";
        if (e->addr)
            a8_snprintf(off, sizeof off, " (at offset %lu)", (unsigned long)e->addr);
        a8_snprintf(e->hint, sizeof e->hint,
                    "the address is in the first pages, which are never mapped: a NULL pointer "
                    "dereference%s",
                    off);
        return;
    }
    uintptr_t lo, hi;
    if (a8_stack_bounds_known(&lo, &hi) && e->addr < lo && e->addr + 1024 * 1024 >= lo)
        a8_snprintf(e->hint, sizeof e->hint,
                    "the address is just below this thread's stack [0x%lx,0x%lx): a stack "
                    "overflow, most likely deep or endless recursion",
                    (unsigned long)lo, (unsigned long)hi);
}

/* A jump or call to an address that is not code (a data pointer taken for
 * a function's, a stale one): the walk from there follows rbp to the
 * caller's caller, as the faulting "function" never set up a frame.  The
 * caller is the return address the call left at the stack pointer. */
static void exec_caller(struct a8_error *e, const ucontext_t *uc)
{
    uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP], lo, hi;
    struct a8_rstack *s = &e->here;
    if (s->n < 1 || sp % sizeof(uintptr_t) || !a8_stack_bounds_known(&lo, &hi) || sp < lo ||
        sp + sizeof(uintptr_t) > hi)
        return;
    uintptr_t ret = *(const uintptr_t *)sp;
    if ((s->n > 1 && s->pcs[1] == ret) || s->n >= A8_REPORT_MAX_FRAMES)
        return;
    for (int i = s->n; i > 1; i--)
        s->pcs[i] = s->pcs[i - 1];
    s->pcs[1] = ret;
    s->n++;
}

struct deadly_ctx {
    int sig;
    bool fault;
    const siginfo_t *si;
    const ucontext_t *uc; /* NULL: put off until the heap operation returned */
};

static void deadly_run(void *arg)
{
    struct deadly_ctx *c = arg;
    const siginfo_t *si = c->si;
    struct a8_error e;
    uintptr_t addr = c->fault ? (uintptr_t)si->si_addr : 0;
    a8_checker_error_init(&e, c->fault ? A8_ERR_DEADLY_SIGNAL : A8_ERR_KILLED, addr);
    e.sig = c->sig;
    e.sig_code = si->si_code;
    if (!c->fault && si->si_code <= 0 && si->si_code != SI_TIMER) {
        e.sender_pid = si->si_pid; /* SI_USER, SI_TKILL, SI_QUEUE: kill, raise */
        e.sender_uid = si->si_uid;
    }
    if (c->sig == SIGSYS && c->fault)
        e.sig_syscall = si->si_syscall;
    if (c->fault && c->uc) {
        const greg_t *g = c->uc->uc_mcontext.gregs;
        e.nregs = 18;
        for (int i = 0; i < 18; i++)
            e.regs[i] = (uintptr_t)g[k_greg[i]];
        if ((c->sig == SIGSEGV && si->si_code != SI_KERNEL) || c->sig == SIGBUS) {
            unsigned long err = (unsigned long)g[REG_ERR];
            e.access = (err & 16) ? "EXEC" : (err & 2) ? "WRITE" : "READ";
            a8_checker_describe(addr, &e);
            if (e.addr_class == A8_ADDR_WILD)
                e.addr_class = A8_ADDR_NONE; /* the message says so */
        }
        fault_hint(&e);
    }
    a8_checker_error_here(&e);
    if (c->fault && c->uc && e.access && e.access[0] == 'E')
        exec_caller(&e, c->uc);
    a8_checker_error_report(&e);
    if (c->uc) {
        /* The interrupted code's registers and its stack from its stack
         * pointer, red zone included, are the thread's roots. */
        uintptr_t regs[18];
        const greg_t *g = c->uc->uc_mcontext.gregs;
        for (int i = 0; i < 18; i++)
            regs[i] = (uintptr_t)g[k_greg[i]];
        a8_leak_exit_from_regs(regs[7], regs, 16, 128);
    }
    (void)a8_checker_exit_check(0, false);
}

/* Dies by sig: its default action back, and a signal that was sent sent
 * again (blocked in the handler, it comes when the handler returns); a
 * fault comes again by itself when the instruction runs again. */
static void die(int sig, bool fault)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    __sigaction(sig, &dfl, NULL);
    set_ours(sig, false);
    if (!fault)
        syscall(SYS_tgkill, a8_getpid(), (pid_t)syscall(SYS_gettid), sig);
}

/* A fault inside alloc8 itself: it cannot report it; a line for a bug
 * report, with what it was doing. */
static void inside_note(int sig, const siginfo_t *si, const ucontext_t *uc)
{
    char name[24];
    uintptr_t pc = uc ? (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] : 0;
    a8_note("%s at pc 0x%lx (address 0x%lx) inside alloc8's own work (%s): it cannot be "
            "reported; the program dies of it (please report this to alloc8)",
            a8_signal_name(sig, name, sizeof name), (unsigned long)pc, (unsigned long)si->si_addr,
            a8_tls.in_heap ? "a heap operation" : "a report, a check or a lookup");
}

void a8_deadly_end(int sig, siginfo_t *si, void *ucv)
{
    bool fault = is_fault(sig, si);
    if (g_d.on && a8_getpid() == a8_checker_pid() && !a8_report_aborting()) {
        if (a8_inside()) {
            if (fault)
                inside_note(sig, si, ucv);
        } else {
            struct deadly_ctx c = {sig, fault, si, ucv};
            a8_on_big_stack(deadly_run, &c);
        }
    }
    die(sig, fault);
}

static void on_deadly(int sig, siginfo_t *si, void *ucv)
{
    int saved_errno = errno;
    if (!is_fault(sig, si) && a8_tls.in_heap && g_d.on && a8_getpid() == a8_checker_pid() &&
        !a8_report_aborting()) {
        /* Inside malloc or free, which may hold an arena lock: after it. */
        t_later.sig = sig;
        t_later.code = si->si_code;
        t_later.pid = si->si_pid;
        t_later.uid = si->si_uid;
        a8_tls.sig_pending = 1;
        errno = saved_errno;
        return;
    }
    a8_deadly_end(sig, si, ucv);
    errno = saved_errno;
}

void a8_deadly_deferred(void)
{
    int sig = t_later.sig;
    if (!sig)
        return;
    t_later.sig = 0;
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = t_later.code;
    si.si_pid = t_later.pid;
    si.si_uid = t_later.uid;
    struct deadly_ctx c = {sig, false, &si, NULL};
    deadly_run(&c);
    die(sig, false); /* not blocked here: it ends the process now */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    syscall(SYS_exit_group, 128 + sig);
}
