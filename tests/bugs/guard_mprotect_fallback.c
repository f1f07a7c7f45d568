/* guard_markers=0 closes pages with mprotect, as on kernels before 6.13
 * (without guard markers).  Each kind of closed page still catches its bug
 * at the instruction: a write into a live block's guard page, a read of a
 * freed guarded block, a read of a freed big block's protected tail; and the
 * exit figures say that mprotect, not guard markers, did the closing. */
#include <stdio.h>
#include <stdlib.h>

static void put(char *p, int i, char v)
{
    p[i] = v; // BUG
}

int main(void)
{
    char *live = malloc(64);    // LINE:alloc
    put(live, 64, 'x');         /* one past the end: the guard page */
    char *gone = malloc(40);    // LINE:alloc2
    free(gone);                 // LINE:free2
    char a = gone[3];           // LINE:uaf
    char *big = malloc(100000); // LINE:alloc3
    free(big);                  // LINE:free3
    char b = big[70000];        // LINE:tail
    free(live);                 /* its opened guard page is closed again */
    printf("%d %d\n", a, b);
    return 0;
}
// OPTIONS: guard_markers=0:verbosity=2
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE
// CHECK: #0 0x{{[0-9a-f]+}} in put {{\S*}}@BUG:
// CHECK: is located 0 bytes after the 64-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:uaf:
// CHECK: is located 3 bytes inside the 40-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc2:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free2:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:tail:
// CHECK: is located 70000 bytes inside the 100000-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc3:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free3:
// CHECK: closed pages: mprotect{{(;|\n)}}
// CHECK-NOT: ERROR: heap-buffer-overflow{{[\s\S]*}}ERROR: heap-buffer-overflow
