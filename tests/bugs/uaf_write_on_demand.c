/* A write into a freed block, found by alloc8_check_heap(). */
#include <alloc8.h>
#include <stdlib.h>

size_t alloc8_check_heap(void) __attribute__((weak));

static char *make(void) { return malloc(24); } // LINE:alloc

int main(void)
{
    char *p = make();
    free(p);                                                // LINE:free
    p[5] = 'A';                                             // BUG
    size_t n = alloc8_check_heap ? alloc8_check_heap() : 0; // LINE:check
    return n == 1 ? 0 : 1;
}
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:check:
// CHECK: is located 5 bytes inside the 24-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in make {{\S*}}@LINE:alloc:
// CHECK: #1 0x{{[0-9a-f]+}} in main
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
