/* A call through a function pointer that points into a heap block (data,
 * not code): SIGSEGV for an instruction fetch the mapping does not allow.
 * The report says so and where the address lies — the start of the 64-byte
 * block, with the stack that allocated it — and the caller's line is the
 * first frame with a file. */
// EXIT: -11
// CHECK: alloc8: ERROR: deadly-signal on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: SIGSEGV: an instruction fetch at 0x{{[0-9a-f]+}}, which its mapping does not allow (SEGV_ACCERR)
// CHECK: in main {{\S*}}@BUG:
// CHECK: is located 0 bytes inside the 64-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: deadly-signal @BUG in main
#include <stdlib.h>
#include <string.h>

typedef int (*fn_t)(void);

int main(void)
{
    unsigned char *code = malloc(64); // LINE:alloc
    memset(code, 0xc3, 64);           /* ret */
    fn_t f = (fn_t)code;
    return f() + 1; // BUG
}
