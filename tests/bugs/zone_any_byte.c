/* A one-byte change anywhere in a redzone, the slack or a freed block's fill
 * is caught, whatever the zone's length: the short zones (up to 64 bytes)
 * are compared 16 (or 8) bytes at a time with an overlapping last piece,
 * longer ones against a pattern page, and a byte missed by either scheme
 * would show here as a change alloc8_check_heap() did not find.  Sizes 1 to
 * 120 give right zones (slack + redzone) of every length the size classes
 * make and freed fills of 1 to 120 bytes. */
#include <stdio.h>
#include <stdlib.h>

size_t alloc8_check_heap(void) __attribute__((weak));

enum { REDZONE = 16, MAX_SIZE = 120 };

static int tried, caught;

static void expect_caught(void)
{
    tried++;
    caught += alloc8_check_heap && alloc8_check_heap() == 1; // LINE:check
}

/* The bytes after p's n bytes up to its slot's end: slack and redzone hold
 * 0xfb.  Counted from the block, stopping at the first byte that is not. */
static size_t right_zone(const unsigned char *p, size_t n)
{
    size_t z = 0;
    while (z < 4096 && p[n + z] == 0xfb)
        z++;
    return z;
}

int main(void)
{
    if (!alloc8_check_heap) {
        fputs("not under alloc8\n", stderr);
        return 2;
    }
    int zones = 0;
    for (size_t n = 1; n <= MAX_SIZE; n++) {
        unsigned char *probe = malloc(n);
        size_t rz = right_zone(probe, n);
        free(probe);
        /* Each byte of the left redzone, then of the right zone. */
        for (size_t i = 0; i < REDZONE + rz; i++) {
            unsigned char *p = malloc(n);
            unsigned char *at = i < REDZONE ? p - REDZONE + i : p + n + (i - REDZONE);
            *at ^= 0x01; // BUG
            expect_caught();
        }
        /* Each byte of a freed block's fill. */
        for (size_t i = 0; i < n; i++) {
            unsigned char *p = malloc(n);
            free(p);
            p[i] ^= 0x80; // BUG
            expect_caught();
        }
        zones++;
    }
    fprintf(stderr, "zones of %d sizes: caught %d of %d one-byte changes\n", zones, caught, tried);
    return tried > 0 && caught == tried ? 0 : 1;
}
// OPTIONS: guard_max=0:detect_leaks=0:dedup=1
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-underflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: #0 0x{{[0-9a-f]+}} in expect_caught {{\S*}}@LINE:check:
// CHECK: zones of 120 sizes: caught {{[0-9]+}} of {{[0-9]+}} one-byte changes
