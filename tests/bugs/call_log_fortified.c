/* Built with -O2 -D_FORTIFY_SOURCE=2, syslog and vsyslog are glibc's
 * __syslog_chk and __vsyslog_chk: a freed string through each is reported
 * by that name, at the program's line (SUMMARY skips the inlined wrapper). */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by __syslog_chk of the block after it was freed
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:syslog in main
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by __vsyslog_chk of the block after it was freed
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:vsyslog in log_v
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-use-after-free)
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static char *volatile sink;

static __attribute__((noinline)) char *gone(const char *s)
{
    char *p = strdup(s);
    free(p);
    sink = p;
    return sink;
}

static __attribute__((noinline)) void log_v(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsyslog(LOG_ERR, fmt, ap); // LINE:vsyslog
    va_end(ap);
}

int main(void)
{
    openlog("call_log_fortified", LOG_PERROR, LOG_USER);
    syslog(LOG_ERR, "freed: %s", gone("a message")); // LINE:syslog
    log_v("v: %s", gone("vsyslog's"));
    return 0;
}
