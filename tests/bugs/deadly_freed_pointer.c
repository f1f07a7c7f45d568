/* A pointer read out of a freed block and followed: the read itself finds
 * free_fill's bytes (no guard page: guard_max=0), and the pointer made of
 * them, 0xdddddddddddddddd, is not canonical, so the access is a general
 * protection fault with no address.  The program dies of SIGSEGV, as
 * without alloc8, but first: a deadly-signal error with the faulting line,
 * a hint naming the register that holds free_fill's pattern, the
 * registers, its SUMMARY; then the exit check's leak report (the block the
 * freed node pointed to is lost now).  Before, the process died without a
 * word. */
// OPTIONS: guard_max=0
// EXIT: -11
// CHECK: alloc8: ERROR: deadly-signal on address 0x0 (thread T0)
// CHECK: SIGSEGV: a general protection fault, for which the kernel gives no address
// CHECK: (SI_KERNEL)
// CHECK: #0 0x{{[0-9a-f]+}} in follow {{\S*}}@BUG:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:call:
// CHECK: hint: register {{[a-z0-9]+}} holds 0xdddddddddddddddd, free_fill's pattern (0xdd): most likely a pointer the program read from a block it had freed, then used
// CHECK: registers: rax=0x{{[0-9a-f]+}} rbx=
// CHECK: rip=0x{{[0-9a-f]+}} eflags=
// CHECK: SUMMARY: alloc8: deadly-signal @BUG in follow
// CHECK: 24 bytes in 1 blocks are definitely lost
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:lost:
// CHECK: alloc8: SUMMARY: 1 errors (1 deadly-signal), 24 bytes in 1 blocks still allocated at exit
// CHECK-NOT: killed-by-signal
#include <stdlib.h>

struct node {
    struct node *next;
    long value;
    long pad;
};

__attribute__((noinline)) static long follow(struct node *n) { return n->next->value; } // BUG

int main(void)
{
    struct node *a = malloc(sizeof *a);
    a->next = malloc(sizeof *a); // LINE:lost
    a->next->next = NULL;
    a->next->value = 7;
    free(a);
    return (int)follow(a); // LINE:call
}
