/* A write to a block freed 100 MiB of frees ago is still caught: the
 * quarantine budget (quarantine_mb, default 256 MiB) is the process's, so a
 * single-threaded program has all of it, not its arena's sixteenth. */
#include <alloc8.h>
#include <stdio.h>
#include <stdlib.h>

size_t alloc8_check_heap(void) __attribute__((weak));

/* Large blocks (one 64 KiB span each): quarantine gives back their pages
 * past the first free_fill_max bytes, so this costs little RSS. */
enum { BIG = 60 << 10, CHURN = (100 << 20) / BIG };

int main(void)
{
    char *p = malloc(100); // LINE:alloc
    free(p);               // LINE:free
    for (int i = 0; i < CHURN; i++)
        free(malloc(BIG));
    p[10] = 'X';                                            // BUG
    size_t n = alloc8_check_heap ? alloc8_check_heap() : 0; // LINE:check
    fprintf(stderr, "found %zu\n", n);
    return 0;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:check:
// CHECK: is located 10 bytes inside the 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: found 1
