// alloc8_leak_check() reports the leaks of the moment and returns how many
// blocks leaked; once the program frees them, the exit check is clean.
// EXIT: 0
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check on demand, thread T0)
// CHECK: 24 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: in lose {{.*}}@BUG
// CHECK: SUMMARY: alloc8: 24 byte(s) leaked in 1 allocation(s).
// CHECK: returned 1
// CHECK-NOT: detected memory leaks (check at exit
#include <alloc8.h>
#pragma weak alloc8_leak_check
#pragma weak alloc8_leak_mark
#pragma weak alloc8_leak_check_since_mark
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uintptr_t hidden; /* the pointer, disguised */

static void lose(void) { hidden = ~(uintptr_t)malloc(24); } // BUG

int main(void)
{
    lose();
    size_t n = alloc8_leak_check();
    fprintf(stderr, "returned %zu\n", n);
    free((void *)~hidden);
    return 0;
}
