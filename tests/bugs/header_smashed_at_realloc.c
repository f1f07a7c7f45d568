/* The same smashed header (an overflow of the block before it) met by
 * malloc_usable_size and realloc instead of free: each reports a
 * heap-header-corruption naming the block before it, not a foreign pointer,
 * and neither trusts the header (usable size 0, realloc fails: the old
 * pointer stays the program's). */
// OPTIONS: guard_max=0:detect_leaks=0:check_calls=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address
// CHECK: found at malloc_usable_size
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:size:
// CHECK: the bytes after the 64-byte block before it
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:victim:
// CHECK: alloc8: ERROR: heap-header-corruption on address
// CHECK: found at realloc
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: the bytes after the 64-byte block before it
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:victim:
// CHECK: usable 0 realloc failed
// CHECK-NOT: bad-malloc_usable_size
// CHECK-NOT: invalid-realloc
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *a = malloc(64); // LINE:victim
    char *b = malloc(64);
    if (!a || !b || b <= a || b - a > 4096) {
        fputs("the two blocks are not neighbours in one span\n", stderr);
        return 2;
    }
    memset(a, 'x', (size_t)(b - a) - 4);
    size_t usable = malloc_usable_size(b); // LINE:size
    char *c = realloc(b, 200);             // BUG
    fprintf(stderr, "usable %zu realloc %s\n", usable, c ? "moved" : "failed");
    return 0;
}
