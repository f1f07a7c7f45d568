/* The other checked calls, each past the end of its block: strcat (the
 * bytes it appends after the string already there), strncpy (it writes all
 * n bytes, NUL padding included), stpcpy, and memset before the start. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by strcat, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:cat:
// CHECK: is located 0 bytes after the 10-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by strncpy, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ncpy:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 9 bytes at 0x{{[0-9a-f]+}} by stpcpy, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stp:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: heap-buffer-underflow on address
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by memset, 4 of them before the start of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:set:
// CHECK: is located 4 bytes before the 32-byte block
// CHECK: alloc8: SUMMARY: 4 errors (3 heap-buffer-overflow, 1 heap-buffer-underflow)
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *a = malloc(10);
    strcpy(a, "abcdef");
    strcat(a, "ghijk"); // LINE:cat
    char *b = malloc(16);
    strncpy(b, "short", 20); // LINE:ncpy
    char *c = malloc(8);
    stpcpy(c, "12345678"); // LINE:stp
    char *d = malloc(32);
    memset(d - 4, 0, 20); // LINE:set
    free(a);
    free(b);
    free(c);
    free(d);
    return 0;
}
