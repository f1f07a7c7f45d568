/* glibc's error() and error_at_line() (no v-forms in the C library): their
 * %s arguments are checked at the call as printf's are, a freed string and
 * an unterminated one, and error_at_line's file name too.  The messages
 * still go out as the C library prints them (program name, errnum's text,
 * the file and line), error_message_count counts them, a message longer
 * than alloc8's stack buffer comes out whole, and error() with a status
 * exits with it.  (With glibc's <bits/error.h> inline wrappers the call's
 * frame #0 is the wrapper, inlined into the caller: the caller's line is
 * #1 then.) */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 5
// CHECK: READ of 33 bytes at 0x{{[0-9a-f]+}} by error of the block after it was freed
// CHECK: #{{[01]}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:error_freed:
// CHECK: is located 0 bytes inside the 10-byte block
// CHECK: prog: freed: {{.*}}: No such file or directory
// CHECK: READ of 6 bytes at 0x{{[0-9a-f]+}} by error, 2 of them past the end of the block
// CHECK: #{{[01]}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:error_unterminated:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: prog: unterminated: four
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by error_at_line of the block after it was freed
// CHECK: #{{[01]}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:error_at_line_file:
// CHECK: is located 0 bytes inside the 8-byte block
// CHECK: :41: a freed file name
// CHECK: prog:input.c:42: at line
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by error_at_line of the block after it was freed
// CHECK: #{{[01]}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:error_at_line_fmt:
// CHECK: is located 0 bytes inside the 5-byte block
// CHECK: prog:input.c:43: formatted 7
// CHECK: prog: xxxxxxxxxx{{x*}} long message of 3000 bytes ends here.
// CHECK: count 6
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by error of the block after it was freed
// CHECK: #{{[01]}} 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:error_exit:
// CHECK: prog: last:
// CHECK-NOT: never printed
// CHECK: alloc8: SUMMARY: 5 errors (1 heap-buffer-overflow, 4 heap-use-after-free)
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *gone(const char *s)
{
    char *p = strdup(s);
    free(p);
    return p;
}

int main(void)
{
    error(0, ENOENT, "freed: %s", gone("a message")); // LINE:error_freed
    char *u = malloc(4);
    memcpy(u, "four", 4);                 /* no NUL */
    error(0, 0, "unterminated: %.6s", u); // LINE:error_unterminated
    char *file = strdup("input.c");
    free(file);
    error_at_line(0, 0, file, 41, "a freed file name"); // LINE:error_at_line_file
    error_at_line(0, 0, "input.c", 42, "at line");
    char *word = gone("gone");
    error_at_line(0, 0, "input.c", 43, "formatted %d %s", 7, word); // LINE:error_at_line_fmt
    char big[3001];
    memset(big, 'x', 3000);
    big[3000] = 0;
    error(0, 0, "%s long message of %zu bytes ends here.", big, strlen(big));
    if (strspn(big, "x") != 3000) /* the message was formatted from big, not into it */
        return 1;
    fprintf(stderr, "count %u\n", error_message_count);
    error(5, 0, "last: %s", gone("gone for good")); // LINE:error_exit
    fprintf(stderr, "never printed\n");
    return 0;
}
