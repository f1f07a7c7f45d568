// Blocks are grouped by allocation stack, largest record first, with the
// right block and byte counts; blocks freed before exit are not counted.
// EXIT: 24
// CHECK: 300 bytes in 3 blocks are definitely lost in loss record 1 of 2
// CHECK: in big {{.*}}@LINE:big
// CHECK: 160 bytes in 10 blocks are definitely lost in loss record 2 of 2
// CHECK: in small {{.*}}@LINE:small
// CHECK:    definitely lost: 460 bytes in 13 blocks
// CHECK: SUMMARY: alloc8: 460 byte(s) leaked in 13 allocation(s).
// CHECK-NOT: in freed_ones
#include <stdlib.h>

static void *small(void) { return malloc(16); } // LINE:small
static void *big(void) { return malloc(100); }  // LINE:big
static void freed_ones(void) { free(malloc(1000)); }

int main(void)
{
    for (int i = 0; i < 10; i++)
        small();
    for (int i = 0; i < 3; i++)
        big();
    freed_ones();
    return 0;
}
