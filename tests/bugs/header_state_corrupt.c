/* A stray write that changes only the state byte of a live block's header
 * (4 bytes into the 80-byte header, 96 bytes before the block) is found by
 * alloc8_check_heap(), whatever value the byte now has: the header check
 * does not trust the state byte to decide what to check. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* Weak: the program also links and runs without alloc8 (README "API"). */
size_t alloc8_check_heap(void) __attribute__((weak));

int main(void)
{
    char *p = malloc(40);
    p[-92] = 7;                                                 // BUG
    size_t found = alloc8_check_heap ? alloc8_check_heap() : 0; // LINE:check
    fprintf(stderr, "checked: %zu found\n", found);
    return 0;
}
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at alloc8_check_heap
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:check:
// CHECK: checked: 1 found
