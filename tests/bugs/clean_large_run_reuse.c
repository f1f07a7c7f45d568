/* A freed large block's run keeps its pages in the run cache once it leaves
 * the quarantine (checker/heap.c, RUN_KEEP_MAX), so the next large block of
 * that size gets memory holding the old block's bytes.  calloc must still
 * return zeros, over the whole block, for runs kept whole, runs whose tail
 * was closed, and every size that lands in the same run; and the reused
 * block's redzones must still catch an overflow (tested last, so the
 * clean part above proves no false report), also after a write far past a
 * block's end was reported and left data in the run's tail.
 * quarantine_mb=0: a freed block goes straight back to the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0) {
            fprintf(stderr, "calloc(%zu): byte %zu is 0x%02x\n", n, i, p[i]);
            return 1;
        }
    return 0;
}

int main(void)
{
    static const size_t sizes[] = {33000, 40000, 50000, 60000, 65000, 100000, 120000};
    int bad = 0, reused = 0, tried = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (size_t j = 0; j < sizeof sizes / sizeof sizes[0]; j++) {
            unsigned char *p = malloc(sizes[i]);
            memset(p, 0x5a, sizes[i]);
            free(p);
            unsigned char *q = calloc(1, sizes[j]);
            tried++;
            reused += q == p;
            bad += check_zero(q, sizes[j]);
            memset(q, 0xa5, sizes[j]);
            free(q);
        }
    }
    fprintf(stderr, "calloc after a large free: %d of %d reused the run, %d not zero\n", reused,
            tried, bad);
    /* A write far past the end faults in the closed tail, is reported and
     * opens it: the run then holds data past the block's end too. */
    unsigned char *f = malloc(40000);
    f[50000] = 0x77; // LINE:far
    free(f);
    unsigned char *z = calloc(1, 60000);
    fprintf(stderr, "calloc after a reported far write: reused %d, %d not zero\n", z == f,
            check_zero(z, 60000));
    free(z);
    unsigned char *o = malloc(40000);
    free(o);
    o = malloc(40000);
    o[40000 + 3] = 1; // BUG
    free(o);          // LINE:free
    return bad ? 1 : 0;
}
// OPTIONS: quarantine_mb=0:detect_leaks=0
// EXIT: 23
// CHECK: calloc after a large free: {{[1-9][0-9]*}} of 49 reused the run, 0 not zero
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}}
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:far:
// CHECK: calloc after a reported far write: reused 1, 0 not zero
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}}
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: 3 bytes after the 40000-byte block
// CHECK: alloc8: SUMMARY: 2 errors (2 heap-buffer-overflow)
