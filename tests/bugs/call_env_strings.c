/* putenv keeps the program's string in the environment: freed after it,
 * the string is still read by every later lookup that walks past it, and
 * natively that read of freed memory is silent (getenv just finds nothing,
 * or garbage once the memory is reused).  Each environment call is checked
 * for the strings it reads: getenv of a name set nowhere walks every entry
 * and reads the freed one (its alloc and free stacks are shown); setenv's
 * walk reads it again, from another line; a putenv string with no NUL in
 * its block is an overflow at the putenv, whose own walk then reads the
 * freed entry too.  A lookup that stops at its own entry before those
 * (HOME, set first) reads neither and is not reported. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by getenv of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getenv:
// CHECK: is located 0 bytes inside the 32-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by setenv of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setenv:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by putenv, {{[0-9]+}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:putenv_raw:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by putenv of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:putenv_raw:
// CHECK: home /root, none (null)
// CHECK: alloc8: SUMMARY: 4 errors (1 heap-buffer-overflow, 3 heap-use-after-free)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    setenv("HOME", "/root", 1); /* an entry before the ones putenv adds */
    char *s = malloc(32);       // LINE:alloc
    strcpy(s, "A8_LATE=value");
    putenv(s);
    free(s);                              // LINE:free
    const char *none = getenv("A8_NONE"); // LINE:getenv
    setenv("A8_OTHER", "1", 1);           // LINE:setenv

    char *raw = malloc(8);
    memcpy(raw, "A8_RAW=x", 8); /* no NUL in its block */
    putenv(raw);                // LINE:putenv_raw

    const char *home = getenv("HOME"); /* stops at HOME: reads neither */
    fprintf(stderr, "home %s, none %s\n", home, none ? none : "(null)");
    return 0;
}
