/* A stray write into the header of a block waiting in quarantine (here its
 * size field, 88 bytes before the block: 80-byte header, 16-byte redzone)
 * is reported when the block leaves quarantine, and the slot, whose size
 * can no longer be trusted, is not reused; the program goes on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *victim = malloc(64);
    free(victim);
    uint64_t huge = 1ull << 40;
    memcpy(victim - 88, &huge, sizeof huge); // BUG
    for (int i = 0; i < 512; i++)
        free(malloc(4096)); // LINE:churn
    for (int i = 0; i < 1000; i++)
        free(malloc(64));
    fputs("still running\n", stderr);
    return 0;
}
// OPTIONS: guard_max=0:quarantine_mb=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: the header alloc8 keeps before a block was overwritten, found at quarantine eviction
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:churn:
// CHECK: still running
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-header-corruption)
