/* A stray write into a block header is caught whichever header byte it
 * changes: bh_csum (checker/heap.c) must change for any changed byte, and
 * for a whole 64-bit field whose two halves flip the same bit.  Each change
 * goes into a block of its own, then alloc8_check_heap() must find it. */
#include <alloc8.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t alloc8_check_heap(void) __attribute__((weak));

/* checker.h: an 80-byte header, then the 16-byte redzone (guard_max=0, so
 * no block is guarded); bh_state at 4, bh_csum at 64. */
enum { HDR = 80, REDZONE = 16, STATE_AT = 4, CSUM_AT = 64 };
#define MAGIC 0xa110c8b1u

static int tried, caught;

static unsigned char *header_of_new_block(void)
{
    unsigned char *p = malloc(40); // LINE:alloc
    unsigned char *h = p - REDZONE - HDR;
    uint32_t magic;
    memcpy(&magic, h, sizeof magic);
    if (magic != MAGIC) {
        fputs("header not where this test expects it\n", stderr);
        exit(2);
    }
    return h;
}

static void expect_caught(void)
{
    tried++;
    caught += alloc8_check_heap && alloc8_check_heap() == 1; // LINE:check
}

int main(void)
{
    static const unsigned char masks[] = {0x01, 0x10, 0x80, 0xff};
    for (int off = STATE_AT; off < CSUM_AT; off++) {
        for (size_t m = 0; m < sizeof masks; m++) {
            unsigned char *h = header_of_new_block();
            /* bh_state: LIVE (1) to QUARANTINED (2), a state the check reads. */
            h[off] ^= off == STATE_AT ? 0x03 : masks[m]; // BUG
            expect_caught();
        }
    }
    /* The top bit of both halves of each 64-bit field (sequence number,
     * size, slot size, base): one FNV chain over 32-bit words misses it. */
    static const int fields64[] = {48, 8, 24, 56};
    for (size_t f = 0; f < sizeof fields64 / sizeof fields64[0]; f++) {
        unsigned char *h = header_of_new_block();
        uint64_t v;
        memcpy(&v, h + fields64[f], sizeof v);
        v ^= 0x8000000080000000ull;
        memcpy(h + fields64[f], &v, sizeof v);
        expect_caught();
    }
    fprintf(stderr, "caught %d of %d header changes\n", caught, tried);
    return 0;
}
// OPTIONS: guard_max=0:detect_leaks=0:check_calls=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-header-corruption on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in expect_caught {{\S*}}@LINE:check:
// CHECK: caught 244 of 244 header changes
// CHECK: alloc8: SUMMARY: 244 errors (244 heap-header-corruption)
