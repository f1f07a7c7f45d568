/* quarantine_mb bounds all the freed memory alloc8 keeps, its caches
 * included: the pool of emptied small spans, the span each size class
 * keeps, and the run cache of freed large blocks.  Those caches reuse
 * memory without the kernel; they used to sit beside the quarantine, up to
 * 8 MiB each (gawk's `s = s x` peaked 7 MiB past the quarantine plus twice
 * native).  Now they count against the budget and hold at most 1/16 of it.
 *
 * With quarantine_mb=16: 150 freed blocks of 100 KiB, then a string-like
 * size growing through every small class, which pushes them out of
 * quarantine (into the run cache) and whose spans empty as the sizes move
 * on (the pool).  The resident set grows by the quarantine (the caches'
 * 1 MiB inside it) and each class's partly used span: 16.0 MiB here,
 * 23.6 MiB before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_status.h"

static volatile long sink;

static void use_and_free(size_t size)
{
    char *p = malloc(size);
    memset(p, 'x', size);
    sink += p[size / 2]; /* keeps the compiler from dropping the block */
    free(p);
}

int main(void)
{
    long before = status_kib("VmRSS:");
    enum { BIG = 150, BIG_SIZE = 100 * 1024 };
    static char *big[BIG];
    for (int i = 0; i < BIG; i++) {
        big[i] = malloc(BIG_SIZE);
        memset(big[i], 'y', BIG_SIZE);
    }
    for (int i = 0; i < BIG; i++)
        free(big[i]);
    /* 64 MiB through the quarantine: the big blocks leave it first (the
     * run cache), then the spans of each size empty as the sizes move on
     * (the pool, each class's kept span). */
    for (size_t size = 100; size < 32100; size += 8)
        use_and_free(size);
    long grew = (status_kib("VmRSS:") - before) / 1024;
    if (before < 0 || grew > 20)
        fprintf(stderr, "resident set grew by %ld MiB\n", grew);
    else
        fputs("resident set grew by at most 20 MiB\n", stderr);
    return 0;
}
// OPTIONS: quarantine_mb=16:guard_max=0
// CHECK: resident set grew by at most 20 MiB
// CHECK-NOT: ERROR
