/* probe.c — a test preload library over checker/stack.c and checker/depot.c
 * (linked with them and the core objects, nothing else of alloc8).
 *
 * It interposes malloc only, forwarding to glibc's __libc_malloc, and
 *   - for malloc(PROBE_MARK_SIZE) captures a stack and prints one line
 *       CAPTURE <tag> n=<n> depot=<ok|bad> <fn0> <fn1> ...
 *     (function names from dladdr, "?" when unknown) to stdout in one write;
 *   - with PROBE_ALL=1 captures and stores a stack on EVERY malloc, quietly;
 *   - exports probe_capture(tag) to capture from anywhere (signal handlers),
 *     and probe_catch_segv() to install a SIGSEGV handler of its own that
 *     captures ("segv-internal") and exits 0;
 *   - at exit prints to stderr
 *       PROBE mode=<libunwind|glibc|none> captures=<n> first=<n> stacks=<n>
 * Environment: ALLOC8_OPTIONS (stack_depth=), PROBE_ALL, PROBE_UNWIND_LIB
 * (another library name for a8_stack_init_with, to force the fallback). */
#include "core.h"
#include "stack.h"

#include <dlfcn.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#define PROBE_MARK_SIZE 77777

extern void *__libc_malloc(size_t size);

static int g_all;
static int g_first = -1; /* frames of the first capture after init */
static uint64_t g_captures;

static void print_capture(const char *tag, const uintptr_t *pcs, int n, a8_stack_id id)
{
    char line[8192];
    size_t len = 0;
    const uintptr_t *dp;
    int dn = a8_depot_get(id, &dp);
    int ok = id != 0 && dn == n;
    for (int i = 0; ok && i < n; i++)
        ok = dp[i] == pcs[i];
    len += (size_t)a8_snprintf(line + len, sizeof line - len, "CAPTURE %s n=%d depot=%s", tag, n,
                               ok ? "ok" : "bad");
    for (int i = 0; i < n && len < sizeof line - 256; i++) {
        Dl_info di;
        /* pc - 1: a return address may be the first byte after a noreturn
         * call, i.e. in the next function. */
        const char *name = "?";
        if (dladdr((void *)(pcs[i] - 1), &di) && di.dli_sname)
            name = di.dli_sname;
        len += (size_t)a8_snprintf(line + len, sizeof line - len, " %s", name);
    }
    line[len++] = '\n';
    a8_write_all(1, line, len);
}

static void capture_and_store(const char *tag)
{
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    a8_guard_enter();
    int n = a8_stack_capture(pcs, A8_STACK_MAX_DEPTH);
    a8_stack_id id = a8_depot_put(pcs, n);
    __atomic_add_fetch(&g_captures, 1, __ATOMIC_RELAXED);
    if (tag)
        print_capture(tag, pcs, n, id);
    a8_guard_leave();
}

A8_EXPORT void probe_capture(const char *tag) { capture_and_store(tag); }

/* A SIGSEGV handler inside the probe's module, as alloc8's report path has:
 * capture, print, exit 0. */
static void probe_on_segv(int sig)
{
    (void)sig;
    capture_and_store("segv-internal");
    _exit(0);
}

A8_EXPORT void probe_catch_segv(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = probe_on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
}

A8_EXPORT void *malloc(size_t size)
{
    if (!a8_guarded() && (g_all || size == PROBE_MARK_SIZE))
        capture_and_store(size == PROBE_MARK_SIZE ? "malloc" : NULL);
    return __libc_malloc(size);
}

__attribute__((constructor)) static void probe_init(void)
{
    a8_opt_load_env();
    const char *lib = getenv("PROBE_UNWIND_LIB");
    if (lib)
        a8_stack_init_with(lib);
    else
        a8_stack_init();
    /* The very first capture after init, as the heap would make it. */
    uintptr_t pcs[A8_STACK_MAX_DEPTH];
    a8_guard_enter();
    g_first = a8_stack_capture(pcs, A8_STACK_MAX_DEPTH);
    a8_guard_leave();
    const char *all = getenv("PROBE_ALL");
    g_all = all && all[0] == '1';
}

__attribute__((destructor)) static void probe_fini(void)
{
    static const char *const names[] = {"none", "libunwind", "glibc"};
    struct a8_depot_stats st;
    a8_depot_stats(&st);
    char line[256];
    int len = a8_snprintf(line, sizeof line,
                          "PROBE mode=%s captures=%llu first=%d stacks=%llu hits=%llu\n",
                          names[a8_stack_mode()], (unsigned long long)g_captures, g_first,
                          (unsigned long long)st.stacks, (unsigned long long)st.hits);
    a8_write_all(2, line, (size_t)len);
}
