/* An integer division by zero: SIGFPE, FPE_INTDIV, at the dividing line;
 * the report's address is the instruction's; the process dies of SIGFPE. */
// EXIT: -8
// CHECK: alloc8: ERROR: deadly-signal on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: SIGFPE at 0x{{[0-9a-f]+}}: an integer division by zero (FPE_INTDIV)
// CHECK: #0 0x{{[0-9a-f]+}} in ratio {{\S*}}@BUG:
// CHECK: SUMMARY: alloc8: deadly-signal @BUG in ratio
// CHECK-NOT: hint:
#include <stdio.h>

__attribute__((noinline)) static int ratio(int a, int b) { return a / b; } // BUG

int main(int argc, char **argv)
{
    (void)argv;
    printf("%d\n", ratio(10, argc - 1));
    return 0;
}
