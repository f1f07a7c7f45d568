/* free() of memory from mmap. */
#include <stdlib.h>
#include <sys/mman.h>

int main(void)
{
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 2;
    free(p + 16); // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: invalid-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: anonymous mapping
// CHECK: SUMMARY: alloc8: invalid-free @BUG in main
