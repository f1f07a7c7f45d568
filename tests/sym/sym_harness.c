/* sym_harness.c — test harness for the symbolizer: capture stacks with
 * glibc backtrace() (the real capture is libunwind's, elsewhere), keep them,
 * and print them at the end through a8_sym_print_stack (stdout) and
 * a8_sym_print_stack_raw (a file), so tests/sh/sym_*.sh can compare both
 * with the source and with build/alloc8-symbolize.  Not library code. */
#include "sym_harness.h"

#include "../../symbolize/symbolize.h"
#include "core.h"

#include <execinfo.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define MAX_STACKS 32
#define MAX_DEPTH 64

static struct {
    const char *label[MAX_STACKS];
    uintptr_t pcs[MAX_STACKS][MAX_DEPTH];
    int depth[MAX_STACKS];
    int n;
} g_h;

A8_EXPORT A8_NOINLINE void symh_capture(const char *label)
{
    void *buf[MAX_DEPTH + 1];
    int d = backtrace(buf, MAX_DEPTH + 1);
    if (g_h.n == MAX_STACKS || d < 2)
        return;
    int i = g_h.n++;
    g_h.label[i] = label;
    for (int k = 1; k < d; k++) /* buf[0] is inside this function */
        g_h.pcs[i][k - 1] = (uintptr_t)buf[k];
    g_h.depth[i] = d - 1;
    __asm__ volatile("" ::: "memory"); /* no tail call: buf[0] stays ours */
}

A8_EXPORT void symh_before_dlclose(void) { a8_sym_note_modules(); }

static void put(int fd, const char *s) { a8_write_all(fd, s, a8_strlen(s)); }

static void print_all(int fd, bool raw)
{
    for (int i = 0; i < g_h.n; i++) {
        put(fd, "stack ");
        put(fd, g_h.label[i]);
        put(fd, ":\n");
        if (raw)
            a8_sym_print_stack_raw(g_h.pcs[i], g_h.depth[i], a8_sym_sink_fd, (void *)(intptr_t)fd);
        else
            a8_sym_print_stack(g_h.pcs[i], g_h.depth[i], a8_sym_sink_fd, (void *)(intptr_t)fd);
    }
}

A8_EXPORT int symh_finish(const char *raw_path)
{
    char line[256];
    if (a8_sym_init() != 0)
        return 1;
    if (raw_path) {
        int fd = open(raw_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            return 1;
        print_all(fd, true);
        close(fd);
    }
    print_all(1, false);

    /* the cache: a pc printed above is not looked up in libdw again */
    if (g_h.n == 0)
        return 0;
    struct a8_sym_stats a, b;
    struct a8_sym_frame fr[A8_SYM_MAX_INLINE];
    uintptr_t pc = g_h.pcs[0][0];
    a8_sym_stats(&a);
    int k1 = a8_sym_resolve(pc, true, fr, A8_SYM_MAX_INLINE);
    const char *fn1 = fr[0].function;
    int k2 = a8_sym_resolve(pc, true, fr, A8_SYM_MAX_INLINE);
    a8_sym_stats(&b);
    a8_snprintf(line, sizeof(line), "cache: lookups=%lu hits=%lu dwarf_calls=%lu same=%d\n",
                (unsigned long)(b.lookups - a.lookups),
                (unsigned long)(b.cache_hits - a.cache_hits),
                (unsigned long)(b.dwarf_calls - a.dwarf_calls), k1 == k2 && fn1 == fr[0].function);
    put(1, line);
    /* a fresh pc goes to libdw exactly once, then comes from the cache */
    uintptr_t fresh = (uintptr_t)&symh_finish + 1;
    a8_sym_stats(&a);
    a8_sym_resolve(fresh, false, fr, A8_SYM_MAX_INLINE);
    a8_sym_resolve(fresh, false, fr, A8_SYM_MAX_INLINE);
    a8_sym_stats(&b);
    a8_snprintf(
        line, sizeof(line), "cache-fresh: lookups=%lu hits=%lu dwarf_calls=%lu fn=%s\n",
        (unsigned long)(b.lookups - a.lookups), (unsigned long)(b.cache_hits - a.cache_hits),
        (unsigned long)(b.dwarf_calls - a.dwarf_calls), fr[0].function ? fr[0].function : "(null)");
    put(1, line);
    return 0;
}
