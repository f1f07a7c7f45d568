/* guard_align=1 puts a guarded block flush against its guard page, so the
 * classic off-by-one (malloc(strlen(s)), then strcpy's terminating NUL one
 * past the end) faults at the write inside strcpy for a 5-byte block, not
 * at free: the report names the user's line.  puts then reads the string,
 * whose NUL lies past the block: a second bug, reported at puts (as
 * valgrind does; the write is not reported again at free).  Requests that
 * ask for an alignment keep it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *copy_name(const char *s)
{
    char *p = malloc(strlen(s)); // LINE:alloc
    strcpy(p, s);                // BUG
    return p;
}

int main(void)
{
    void *q = aligned_alloc(8, 13);
    if (!q || ((uintptr_t)q & 7))
        abort(); /* an asked-for alignment is kept */
    char *p = copy_name("hello");
    puts(p); // LINE:puts
    free(p);
    free(q);
    return 0;
}
// OPTIONS: guard_align=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE
// CHECK: in copy_name {{\S*}}@BUG:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in copy_name {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in copy_name
// CHECK: READ of 6 bytes at 0x{{[0-9a-f]+}} by puts, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:puts:
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-buffer-overflow)
