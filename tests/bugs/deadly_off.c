/* deadly_signals=0: a NULL write kills the program with no report and no
 * exit check, as before the option existed. */
// OPTIONS: deadly_signals=0
// EXIT: -11
// CHECK-NOT: deadly-signal
// CHECK-NOT: SUMMARY
#include <stdlib.h>

int main(int argc, char **argv)
{
    (void)argv;
    int *volatile p = argc > 5 ? malloc(4) : NULL;
    *p = 1; // BUG
    return 0;
}
