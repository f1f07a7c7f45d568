/* alloc8-options — prints the option table (core/options.def): `--markdown`
 * for the README, otherwise the same text as ALLOC8_OPTIONS=help=1.
 * Parses its argument like ALLOC8_OPTIONS when given `--parse STRING`
 * (used by the option tests): prints each resulting value. */
#include "core.h"

#include <stdio.h>
#include <string.h>

static void note_stdout(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    a8_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    printf("note: %s\n", buf);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--markdown")) {
        a8_opt_print_markdown(1);
        return 0;
    }
    if (argc > 2 && !strcmp(argv[1], "--parse")) {
        struct a8_options o;
        a8_opt_defaults(&o);
        int problems = a8_opt_parse(&o, argv[2], note_stdout);
#define A8_OPT_bool(n, d, h) printf("%s=%d\n", #n, (int)o.n);
#define A8_OPT_int(n, d, mn, mx, h) printf("%s=%lld\n", #n, o.n);
#define A8_OPT_str(n, d, h) printf("%s='%s'\n", #n, o.n);
#include "options.def"
        printf("problems=%d\n", problems);
        return 0;
    }
    a8_opt_print_help(1);
    return 0;
}
