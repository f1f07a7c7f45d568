/* A block glibc's own allocator made (here: directly through __libc_malloc,
 * as start-up code before alloc8 would) is handed back to glibc silently:
 * free, realloc and malloc_usable_size accept it without a report. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

void *__libc_malloc(size_t);

int main(void)
{
    char *a = __libc_malloc(40);
    char *b = __libc_malloc(64);
    strcpy(b, "kept across realloc");
    size_t n = malloc_usable_size(a);
    free(a);
    b = realloc(b, 4000);
    printf("%zu %s\n", n >= 40, b);
    free(b);
    return strcmp(b == NULL ? "" : "x", "x");
}
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
