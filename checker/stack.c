/* stack.c — capture the calling thread's stack as return addresses
 * (DESIGN.md §4).
 *
 * How: libunwind's unw_backtrace(), which walks cached per-pc frame
 * descriptions (~10 ns a frame once warm), never an unw_step() loop (a few µs
 * a frame).  libunwind is dlopen'd RTLD_LOCAL and never linked: a linked
 * libunwind.so.8 exports the whole _Unwind_* set and a weak `backtrace`, and
 * would take over the program's C++ exception unwinding.  When it cannot be
 * loaded we fall back to glibc backtrace(), which drives libgcc_s's DWARF
 * unwinder (correct without frame pointers — Debian's libc has none — so it
 * is preferred over a frame-pointer walk; slower, and primed here because
 * its first call dlopens libgcc_s).
 *
 * Invariants
 *   - g_stk is written once by a8_stack_init (constructor time, guard raised)
 *     and published by a release store of g_stk.bt; readers load it with
 *     acquire and see the module ranges complete.
 *   - Frame #0 handed out is the first frame outside alloc8's module text
 *     (and libunwind's), or `first_pc` for a8_stack_capture_at.
 * Locks: none of ours.  libunwind takes its own (signal-blocking) lock only
 * when a thread creates its trace cache on its first capture.
 * Runs inside malloc, with the guard raised by the caller: no libc
 * allocation of ours, no stdio.  Async-signal-safe once the thread has
 * captured before (libunwind's per-thread state then exists). */
#include "stack.h"

#include "core.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <string.h>

/* Same signature for libunwind's unw_backtrace and glibc's backtrace.  The
 * prototype is ours: alloc8 needs libunwind's runtime only (DESIGN.md §9). */
typedef int (*backtrace_fn)(void **buffer, int size);

enum {
    /* Extra frames asked for beyond the depth, to cover alloc8's own leading
     * frames (entry point, heap, capture: usually 3-6). */
    SLACK = 8,
    /* When the leading internal frames eat more than SLACK, retry once with
     * this many extra frames. */
    SLACK_MAX = 48,
    /* Where a8_stack_capture_at looks for first_pc. */
    FIRST_PC_WINDOW = SLACK_MAX,
    MAX_RANGES = 8,
};

struct text_range {
    uintptr_t lo, hi; /* [lo, hi) executable segment */
};

static struct {
    backtrace_fn bt; /* NULL until initialised */
    enum a8_stack_mode mode;
    void *unw_handle; /* dlopen handle of libunwind, kept */
    int nranges;
    struct text_range ranges[MAX_RANGES]; /* alloc8's and libunwind's text */
    int init_done;
} g_stk;

/* ---- module text ranges ----------------------------------------------- */

struct find_ctx {
    uintptr_t addr;
    int added;
};

static int find_module_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    struct find_ctx *ctx = data;
    int hit = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && ctx->addr >= lo && ctx->addr < lo + ph->p_memsz)
            hit = 1;
    }
    if (!hit)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        if (g_stk.nranges == MAX_RANGES)
            break;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        g_stk.ranges[g_stk.nranges].lo = lo;
        g_stk.ranges[g_stk.nranges].hi = lo + ph->p_memsz;
        g_stk.nranges++;
        ctx->added++;
    }
    return 1; /* stop: found the module */
}

/* Record the executable segments of the module holding `addr`. */
static int add_module_of(uintptr_t addr)
{
    struct find_ctx ctx = {addr, 0};
    dl_iterate_phdr(find_module_cb, &ctx);
    return ctx.added;
}

static inline int is_internal(uintptr_t pc)
{
    for (int i = 0; i < g_stk.nranges; i++)
        if (pc >= g_stk.ranges[i].lo && pc < g_stk.ranges[i].hi)
            return 1;
    return 0;
}

/* ---- initialisation ---------------------------------------------------- */

int a8_stack_init_with(const char *libname)
{
    if (g_stk.init_done)
        return g_stk.mode == A8_STACK_LIBUNWIND ? 0 : -ENOENT;
    int saved_errno = errno;
    a8_guard_enter(); /* dlopen, dlerror and libunwind allocate */
    g_stk.init_done = 1;

#if !defined(A8_PREFIXED)
    /* In the prefixed static library alloc8 shares the program's module:
     * there only a8_stack_capture_at() can tell our frames from the user's. */
    add_module_of((uintptr_t)&a8_stack_init_with);
#endif

    backtrace_fn fn = NULL;
    char why[256] = ""; /* dlerror() text: it names the library */
    void *h = dlopen(libname, RTLD_LOCAL | RTLD_NOW);
    if (!h) {
        const char *e = dlerror();
        a8_strlcpy(why, e ? e : libname, sizeof why);
    } else {
        fn = (backtrace_fn)dlsym(h, "unw_backtrace");
        if (!fn) {
            const char *e = dlerror();
            a8_strlcpy(why, e ? e : libname, sizeof why);
            dlclose(h);
            h = NULL;
        }
    }
    void *warm[4];
    if (fn) {
        g_stk.unw_handle = h;
        g_stk.mode = A8_STACK_LIBUNWIND;
        add_module_of((uintptr_t)fn);
    } else {
        a8_note("stack capture: %s: falling back to glibc backtrace() (slower)", why);
        fn = backtrace;
        g_stk.mode = A8_STACK_GLIBC;
    }
    /* Warm up on this thread: backtrace() dlopens libgcc_s on its first
     * call, libunwind sets up its caches. */
    fn(warm, (int)A8_ARRAY_LEN(warm));
    __atomic_store_n(&g_stk.bt, fn, __ATOMIC_RELEASE);

    a8_guard_leave();
    errno = saved_errno;
    return g_stk.mode == A8_STACK_LIBUNWIND ? 0 : -ENOENT;
}

int a8_stack_init(void) { return a8_stack_init_with("libunwind.so.8"); }

enum a8_stack_mode a8_stack_mode(void)
{
    return __atomic_load_n(&g_stk.bt, __ATOMIC_ACQUIRE) ? g_stk.mode : A8_STACK_NONE;
}

/* ---- capture ----------------------------------------------------------- */

/* x86-64 Linux signal return trampoline (glibc __restore_rt):
 *   mov $15, %rax (rt_sigreturn); syscall
 * A handler "returns" to its first byte, so that is the pc the unwinder
 * reports for the signal frame. */
static const unsigned char sigreturn_code[9] = {0x48, 0xc7, 0xc0, 0x0f, 0x00,
                                                0x00, 0x00, 0x0f, 0x05};

static bool is_sigreturn(uintptr_t pc)
{
    /* The pc was reached by the unwinder, so its code is mapped. */
    return memcmp((const void *)pc, sigreturn_code, sizeof sigreturn_code) == 0;
}

/* How many leading frames to drop.  *interrupted is set when the first kept
 * frame is the pc a signal interrupted (not a return address). */
static int leading_skip(void *const *buf, int n, uintptr_t first_pc, bool *interrupted)
{
    *interrupted = false;
    if (first_pc) {
        int w = n < FIRST_PC_WINDOW ? n : FIRST_PC_WINDOW;
        for (int i = 0; i < w; i++)
            if ((uintptr_t)buf[i] == first_pc)
                return i;
    }
    int i = 0;
    while (i < n && is_internal((uintptr_t)buf[i]))
        i++;
    /* Our own signal handler (the SIGSEGV report path): the user's frame #0
     * is the interrupted one, past the trampoline. */
    if (i > 0 && i + 1 < n && is_sigreturn((uintptr_t)buf[i])) {
        i++;
        *interrupted = true;
    }
    return i;
}

/* noinline: its own frame is one of the leading ones dropped, wherever the
 * callers are. */
static A8_NOINLINE int capture(uintptr_t *pcs, int max, uintptr_t first_pc)
{
    backtrace_fn bt = __atomic_load_n(&g_stk.bt, __ATOMIC_ACQUIRE);
    if (A8_UNLIKELY(!bt || !pcs || max <= 0))
        return 0;
    int depth = (int)a8_opt.stack_depth;
    if (depth < 1)
        depth = 1;
    if (depth > A8_STACK_MAX_DEPTH)
        depth = A8_STACK_MAX_DEPTH;
    if (depth > max)
        depth = max;

    int saved_errno = errno;
    /* Sized to the depth, not the maximum: this may run on a small
     * alternate signal stack, next to libunwind's ~2 KiB cursor. */
    void *buf[depth + SLACK_MAX];
    int want = depth + SLACK;
    bool interrupted;
    int n = bt(buf, want);
    int skip = leading_skip(buf, n, first_pc, &interrupted);
    if (A8_UNLIKELY(n == want && n - skip < depth)) {
        /* Our own frames crowded out user frames: ask for more. */
        want = depth + SLACK_MAX;
        n = bt(buf, want);
        skip = leading_skip(buf, n, first_pc, &interrupted);
    }
    errno = saved_errno;

    int out = n - skip;
    if (out > depth)
        out = depth;
    if (out < 0)
        out = 0;
    for (int i = 0; i < out; i++)
        pcs[i] = (uintptr_t)buf[skip + i];
    /* Hand out return-address-like pcs throughout: the faulting
     * instruction + 1, so that the symbolizer's pc-1 lands on it. */
    if (interrupted && out > 0)
        pcs[0] += 1;
    return out;
}

int a8_stack_capture(uintptr_t *pcs, int max) { return capture(pcs, max, 0); }

int a8_stack_capture_at(uintptr_t *pcs, int max, uintptr_t first_pc)
{
    return capture(pcs, max, first_pc);
}
