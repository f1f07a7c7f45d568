/* The %s arguments of syslog and of the BSD err/warn family: a freed string
 * and an unterminated one, through syslog, vsyslog, warn, warnx, vwarn,
 * vwarnx and errx, each reported at the call with the caller's line (the
 * v-forms from the program's own variadic wrapper).  The messages still go
 * out, and errx exits with its status. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 7
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by syslog of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:syslog:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by syslog, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:syslog_unterminated:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by vsyslog of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in log_v {{\S*}}@LINE:vsyslog:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:call_vsyslog:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by warn of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:warn:
// CHECK: READ of 3 bytes at 0x{{[0-9a-f]+}} by warnx, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:warnx:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by vwarn of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in warn_v {{\S*}}@LINE:vwarn:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by vwarnx of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in warn_v {{\S*}}@LINE:vwarnx:
// CHECK: last words: the end
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by errx of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:errx:
// CHECK: alloc8: SUMMARY: 8 errors (2 heap-buffer-overflow, 6 heap-use-after-free)
#include <err.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static char *gone(const char *s)
{
    char *p = strdup(s);
    free(p);
    return p;
}

static void log_v(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsyslog(LOG_ERR, fmt, ap); // LINE:vsyslog
    va_end(ap);
}

static void warn_v(int x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (x)
        vwarnx(fmt, ap); // LINE:vwarnx
    else
        vwarn(fmt, ap); // LINE:vwarn
    va_end(ap);
}

int main(void)
{
    openlog("call_log_strings", LOG_PERROR, LOG_USER);
    syslog(LOG_ERR, "freed: %s", gone("a message")); // LINE:syslog
    char *u = malloc(4);
    memcpy(u, "four", 4);                     /* no NUL */
    syslog(LOG_ERR, "unterminated: %.6s", u); // LINE:syslog_unterminated
    log_v("v: %d %s", 1, gone("vsyslog's"));  // LINE:call_vsyslog
    warn("warn: %s", gone("warned"));         // LINE:warn
    warnx("warnx: %.3s", u + 2);              // LINE:warnx
    warn_v(0, "vwarn: %s", gone("vwarned"));
    warn_v(1, "vwarnx: %s", gone("vwarnxed"));
    warnx("last words: %s", "the end");
    errx(7, "errx: %s", gone("gone for good")); // LINE:errx
}
