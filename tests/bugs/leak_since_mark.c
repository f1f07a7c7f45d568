// alloc8_leak_check_since_mark() reports only blocks allocated after
// alloc8_leak_mark() that are lost now.
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check since mark, thread T0)
// CHECK: 32 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: in after_mark {{.*}}@BUG
// CHECK: SUMMARY: alloc8: 32 byte(s) leaked in 1 allocation(s).
// CHECK: since mark: 1
// CHECK: SUMMARY: alloc8: 43 byte(s) leaked in 2 allocation(s).
#include <alloc8.h>
#pragma weak alloc8_leak_check
#pragma weak alloc8_leak_mark
#pragma weak alloc8_leak_check_since_mark
#include <stdio.h>
#include <stdlib.h>

static void before_mark(void) { malloc(11); }
static void after_mark(void) { malloc(32); } // BUG

int main(void)
{
    before_mark();
    void *kept = malloc(5);
    alloc8_leak_mark();
    after_mark();
    size_t n = alloc8_leak_check_since_mark();
    fprintf(stderr, "since mark: %zu\n", n);
    free(kept);
    return 0;
}
