// max_leaks=2 lists the two largest of five loss records, says how many
// are left out, and the LEAK SUMMARY, SUMMARY and exit status still count
// all five.  strip_path_prefix cuts the frames' paths through "tests/".
// OPTIONS: max_leaks=2:strip_path_prefix=tests/
// EXIT: 24
// CHECK: 500 bytes in 1 blocks are definitely lost in loss record 1 of 5
// CHECK: #0 0x{{[0-9a-f]+}} in leak_500 bugs/leak_max_leaks.c:{{[0-9]+}}:{{[0-9]+}} (
// CHECK: 400 bytes in 1 blocks are definitely lost in loss record 2 of 5
// CHECK: #0 0x{{[0-9a-f]+}} in leak_400 bugs/leak_max_leaks.c:{{[0-9]+}}:{{[0-9]+}} (
// CHECK: 3 more loss records, the smallest, not listed (max_leaks=2)
// CHECK:    definitely lost: 1500 bytes in 5 blocks
// CHECK: SUMMARY: alloc8: 1500 byte(s) leaked in 5 allocation(s).
// CHECK-NOT: loss record 3 of 5
// CHECK-NOT: in leak_300
// CHECK-NOT: /tests/bugs/leak_max_leaks.c
#include <stdlib.h>

static void *volatile sink;

__attribute__((noinline)) static void leak_100(void) { sink = malloc(100); }
__attribute__((noinline)) static void leak_200(void) { sink = malloc(200); }
__attribute__((noinline)) static void leak_300(void) { sink = malloc(300); }
__attribute__((noinline)) static void leak_400(void) { sink = malloc(400); }
__attribute__((noinline)) static void leak_500(void) { sink = malloc(500); }

int main(void)
{
    leak_300();
    leak_100();
    leak_500();
    leak_200();
    leak_400();
    sink = NULL;
    return 0;
}
