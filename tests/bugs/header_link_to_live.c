/* The worst stray write into a freed block's header: its quarantine link
 * made to name the header of a block still in use (80-byte header and
 * 16-byte redzone before each block).  When the chain reaches that block,
 * alloc8 must see it is not a freed one, report the bad link and leave the
 * block alone: the program's data in it stays intact and no allocation
 * hands it out again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *live = malloc(64);
    memset(live, 'L', 64);
    char *victim = malloc(64);
    char *after = malloc(64);
    free(victim);
    free(after);
    uintptr_t fake = (uintptr_t)live - 96;
    memcpy(victim - 24, &fake, sizeof fake); // BUG
    int reused = 0;
    for (int i = 0; i < 512; i++) {
        char *p = malloc(4096);
        char *q = malloc(64);
        reused |= p == live || q == live;
        free(q);
        free(p); // LINE:churn
    }
    int intact = 1;
    for (int i = 0; i < 64; i++)
        intact &= live[i] == 'L';
    fprintf(stderr, "live block intact: %s, handed out again: %s\n", intact ? "yes" : "NO",
            reused ? "YES" : "no");
    free(live);
    return 0;
}
// OPTIONS: guard_max=0:quarantine_mb=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: found at a list link of alloc8's
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:churn:
// CHECK: live block intact: yes, handed out again: no
// CHECK-NOT: double-free
