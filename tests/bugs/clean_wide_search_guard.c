/* clean_wide_search.c with each block flush against a guard page
 * (guard_size=1-64, guard_align=1): the C library's calls and alloc8's
 * checks read and write nothing past the blocks, so nothing faults. */
// OPTIONS: guard_size=1-64:guard_align=1:detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#include "clean_wide_search.c"
