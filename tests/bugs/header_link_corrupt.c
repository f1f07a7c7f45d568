/* A write 24 bytes before a freed block lands on the last field of its
 * header: the quarantine's link to the next freed block, which the header
 * checksum cannot cover (it changes as blocks come and go).  alloc8 must not
 * follow the bad link: it reports the corrupted header when the block leaves
 * quarantine, drops the blocks queued after it (never reused), and the
 * program goes on allocating and freeing normally. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *victim = malloc(64);
    char *after = malloc(64);
    free(victim);
    free(after); /* queued behind the victim: the victim's link names it */
    uint64_t junk = 0x4141414141414141ull;
    memcpy(victim - 24, &junk, sizeof junk); // BUG
    /* 2 MiB of frees against quarantine_mb=1: the victim is evicted. */
    for (int i = 0; i < 512; i++)
        free(malloc(4096));        // LINE:churn
    for (int i = 0; i < 1000; i++) /* still a working heap */
        free(malloc(32));
    fputs("still running\n", stderr);
    return 0;
}
// OPTIONS: guard_max=0:quarantine_mb=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: the header alloc8 keeps before a block was overwritten, found at a list link of alloc8's
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:churn:
// CHECK: is a block header (size, state, stacks, links)
// CHECK: SUMMARY: alloc8: heap-header-corruption
// CHECK: still running
// CHECK: alloc8: SUMMARY: 1 errors (1 heap-header-corruption)
