/* A program's dlerror() state is its own: alloc8's checked calls look the
 * C library's functions up on their first use, and a dlsym made there
 * freed the message dlerror() had returned and cleared an error not yet
 * fetched.  bash's `enable -f` with a library that does not load printed
 * its message after an fprintf, and alloc8 reported a use after free of
 * its own making.  Here each printf-family function is first called
 * between a failed dlopen and the use of its error: the message is intact
 * and the pending error is still there to fetch.  No report. */
// LIBS: -ldl
// CHECK: error one: /nonexistent/libnope1.so: cannot open shared object file
// CHECK: pending: /nonexistent/libnope2.so: cannot open shared object file
// CHECK: alloc8: SUMMARY: no errors
// CHECK-NOT: ERROR
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    if (dlopen("/nonexistent/libnope1.so", RTLD_NOW))
        return 2;
    const char *msg = dlerror();
    if (!msg)
        return 3;
    printf("%s\n", "first printf");          /* printf's first use */
    fprintf(stderr, "error one: %s\n", msg); /* fprintf's first use; msg must be intact */

    if (dlopen("/nonexistent/libnope2.so", RTLD_NOW))
        return 2;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", 42); /* snprintf's first use */
    dprintf(2, "x\n");                   /* dprintf's first use */
    const char *pending = dlerror();     /* still pending */
    fprintf(stderr, "pending: %s\n", pending ? pending : "(lost)");
    return pending && strcmp(buf, "42") == 0 ? 0 : 1;
}
