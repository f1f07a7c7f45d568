/* out.c — the report lock and the report buffer.
 *
 * Whole reports are serialised by one lock, so the reports of two threads
 * never interleave; a report is assembled in one static buffer (owned by the
 * lock holder, so nothing lands on a small thread stack) and written with as
 * few write(2)s as possible — one for any report under OUT_BUF_BYTES — so
 * trace lines of other threads, written to the same log, fall between
 * reports, not inside them.
 *
 * Runs inside malloc: no stdio, no allocation.  The lock is re-entrant on
 * one thread (a nested begin only counts), it ranks before every heap lock
 * (reports.h), and pthread_atfork takes it through a8_report_fork_*.
 */
#include "reports.h"

#include <stdarg.h>

/* Big enough for any text report with a few symbolized stacks; a longer one
 * (or a long JSON line) is written in several pieces, still under the lock. */
#define OUT_BUF_BYTES (64 * 1024)

static struct {
    a8_lock_t lock;
    size_t len;
    char buf[OUT_BUF_BYTES];
} g_out = {A8_LOCK_INIT, 0, {0}};

/* > 0: this thread holds the report lock (nesting depth). */
static __thread int t_nest __attribute__((tls_model("initial-exec")));

static void flush(void)
{
    if (g_out.len)
        a8_log_raw(g_out.buf, g_out.len);
    g_out.len = 0;
}

/* The buffer is full, in a report longer than it: out with its whole lines
 * (all of it when it is one line), the unfinished one kept, so that another
 * thread's line (a trace, a note) written meanwhile falls between lines. */
static void flush_lines(void)
{
    size_t end = g_out.len;
    while (end > 0 && g_out.buf[end - 1] != '\n')
        end--;
    if (end == 0) {
        flush();
        return;
    }
    a8_log_raw(g_out.buf, end);
    for (size_t i = end; i < g_out.len; i++)
        g_out.buf[i - end] = g_out.buf[i];
    g_out.len -= end;
}

void a8_report_begin(void)
{
    if (t_nest++ > 0)
        return;
    a8_lock(&g_out.lock);
    g_out.len = 0;
    a8_log_hold(true);
}

void a8_report_end(void)
{
    if (t_nest <= 0 || --t_nest > 0)
        return;
    flush();
    a8_log_hold(false);
    a8_unlock(&g_out.lock);
}

void a8_report_put(const char *s, size_t n)
{
    if (t_nest <= 0) {
        a8_log_raw(s, n);
        return;
    }
    while (n) {
        if (g_out.len == sizeof(g_out.buf))
            flush_lines();
        size_t k = sizeof(g_out.buf) - g_out.len;
        if (k > n)
            k = n;
        for (size_t i = 0; i < k; i++)
            g_out.buf[g_out.len + i] = s[i];
        g_out.len += k;
        s += k;
        n -= k;
    }
}

void a8_report_printf(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = a8_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    a8_report_put(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void a8_report_fork_prepare(void) { a8_lock(&g_out.lock); }
void a8_report_fork_parent(void) { a8_unlock(&g_out.lock); }
void a8_report_fork_child(void)
{
    a8_lock_reinit(&g_out.lock);
    g_out.len = 0;
    a8_report_counts_fork_child();
}
