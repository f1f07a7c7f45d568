/* A program whose block sizes keep moving on (a string growing through
 * every size class, gawk's `s = s x`) must not keep every slot it ever
 * used: once a span's blocks have all left quarantine, the span is given
 * back.  With quarantine_mb=16, 4,000 sizes from 100 bytes to 32 KiB, each
 * written whole and freed, grow the resident set by about the quarantine
 * (alloc8 used to keep each class's evicted slots: ~70 MiB more).  Then the
 * given-back spans serve other classes: blocks of a new size fill them,
 * their contents hold, and no never-used slot reads as written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_status.h"

static volatile long sink;

int main(void)
{
    long before = status_kib("VmRSS:");
    for (size_t size = 100; size < 32100; size += 8) {
        char *p = malloc(size);
        memset(p, 'x', size);
        sink += p[size / 2]; /* keeps the compiler from dropping the block */
        free(p);
    }
    long grew = (status_kib("VmRSS:") - before) / 1024;
    if (before < 0 || grew > 40)
        fprintf(stderr, "resident set grew by %ld MiB\n", grew);
    else
        fputs("resident set grew by at most 40 MiB\n", stderr);
    /* Reuse: 3,000 live blocks of 600 bytes, each with its own contents. */
    enum { N = 3000, SZ = 600 };
    static unsigned char *keep[N];
    for (int i = 0; i < N; i++) {
        keep[i] = malloc(SZ);
        memset(keep[i], i & 0xff, SZ);
    }
    int bad = 0;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < SZ; j++)
            bad += keep[i][j] != (i & 0xff);
        free(keep[i]);
    }
    fprintf(stderr, "%d bytes changed\n", bad);
    return 0;
}
// OPTIONS: quarantine_mb=16:guard_max=0
// CHECK: resident set grew by at most 40 MiB
// CHECK: 0 bytes changed
// CHECK-NOT: ERROR
