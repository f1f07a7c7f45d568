/* swab, and the overlap of strxfrm's and wcsxfrm's output with their source.
 * swab swaps the bytes of each pair of the first n & ~1 bytes: those are
 * read at `from` and written at `to` (an odd last byte is neither), before
 * the call, and the two ranges must not overlap (POSIX leaves that
 * undefined).  A swab onto itself with n odd and the byte past the block's
 * end left alone is no error.  strxfrm and wcsxfrm write the transformed
 * string (the C locale's: a copy) and its NUL when they fit; that must not
 * overlap the source, as it was before the call.  Each report names the
 * caller's line; swab's results, the overlapping one too, are glibc's
 * (checked in the program, which exits 3 when one differs; what an
 * overlapping strxfrm leaves depends on glibc's memcpy, and is not). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by swab, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:swab_write:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 10 bytes at 0x{{[0-9a-f]+}} by swab, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:swab_read:
// CHECK: is located 0 bytes after the 6-byte block
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: swab's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (8 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (8 bytes) overlap in 7 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in shift_swab {{\S*}}@LINE:swab_overlap:
// CHECK: is located 1 bytes inside the 40-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by swab of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:swab_uaf:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: strxfrm's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (5 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (5 bytes) overlap in 3 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strxfrm:
// CHECK: is located 2 bytes inside the 40-byte block
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: wcsxfrm's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (20 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (20 bytes) overlap in 12 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsxfrm:
// CHECK: is located 8 bytes inside the 160-byte block
// CHECK: alloc8: SUMMARY: 6 errors (2 heap-buffer-overflow, 1 heap-use-after-free, 3 param-overlap)
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

static int bad;

static void expect(const void *got, const char *want, size_t n)
{
    if (memcmp(got, want, n) != 0)
        bad = 1;
}

__attribute__((noinline)) void shift_swab(char *p)
{
    swab(p, p + 1, 8); // LINE:swab_overlap
}

int main(void)
{
    char src[16] = "abcdefghijklmno";
    char *to = malloc(8);
    swab(src, to, 12); // LINE:swab_write
    expect(to, "badcfehg", 8);
    free(to);

    char *from = malloc(6);
    memcpy(from, "uvwxyz", 6);
    char dst[16];
    swab(from, dst, 10); // LINE:swab_read
    expect(dst, "vuxwzy", 6);
    free(from);

    /* No report: 9 is 8 bytes swapped, the 9th neither read nor written;
     * a negative count does nothing; ranges that only touch. */
    char *a = malloc(8), *b = malloc(8);
    memcpy(a, "12345678", 8);
    swab(a, b, 9);
    expect(b, "21436587", 8);
    swab(a, b, -4);
    expect(b, "21436587", 8);
    char *c = malloc(16);
    memcpy(c, "ABCDEFGH", 8);
    swab(c, c + 8, 8);
    expect(c + 8, "BADCFEHG", 8);

    /* Overlapping: reported, and done as glibc does it, pairs from the end. */
    char *p = malloc(40);
    memcpy(p, "0123456789", 11);
    shift_swab(p);
    expect(p, "0103254769", 11);

    char *gone = malloc(4);
    memcpy(gone, "wxyz", 4);
    free(gone); // LINE:free
    char four[4];
    swab(gone, four, 4); // LINE:swab_uaf

    char *s = malloc(40);
    strcpy(s, "abcdef");
    if (strxfrm(s, s + 2, 10) != 4) // LINE:strxfrm
        bad = 1;
    wchar_t *w = malloc(40 * sizeof(wchar_t));
    wcscpy(w, L"abcdef");
    if (wcsxfrm(w, w + 2, 10) != 4) // LINE:wcsxfrm
        bad = 1;
    /* Not overlapping: the source past what was written. */
    wcscpy(w, L"abcdef");
    if (wcsxfrm(w + 10, w, 3) != 6 || wmemcmp(w + 10, L"abc", 3) != 0)
        bad = 1;

    free(a);
    free(b);
    free(c);
    free(p);
    free(s);
    free(w);
    return bad ? 3 : 0;
}
