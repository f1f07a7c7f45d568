/* A read from a freed block: its pages are protected while it is in
 * quarantine, so the read itself is reported, with both stacks. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int main(void)
{
    struct node *n = malloc(sizeof *n); // LINE:alloc
    n->value = 7;
    free(n);          // LINE:free
    int v = n->value; // BUG
    printf("%d\n", v);
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 0 bytes inside the 16-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: SUMMARY: alloc8: heap-use-after-free @BUG in main
