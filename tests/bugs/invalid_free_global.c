/* free() of a global array. */
#include <stdlib.h>

char global_buffer[64] = "a global";

int main(void)
{
    free(global_buffer + 16); // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: global variable 'global_buffer'
// CHECK: SUMMARY: alloc8: invalid-free @BUG in main
