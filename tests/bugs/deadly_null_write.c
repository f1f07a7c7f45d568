/* A write through a NULL struct pointer: SIGSEGV at address 0x10, where
 * nothing is mapped.  The report says WRITE, the address and SEGV_MAPERR,
 * names the line, and hints at a NULL pointer with the field's offset; the
 * exit check follows (the live block is reported still allocated), and the
 * process dies of SIGSEGV. */
// EXIT: -11
// CHECK: alloc8: ERROR: deadly-signal on address 0x10 (thread T0)
// CHECK: SIGSEGV: a WRITE at 0x10, where nothing is mapped (SEGV_MAPERR)
// CHECK: #0 0x{{[0-9a-f]+}} in set_count {{\S*}}@BUG:
// CHECK: hint: the address is in the first pages, which are never mapped: a NULL pointer dereference (at offset 16)
// CHECK: SUMMARY: alloc8: deadly-signal @BUG in set_count
// CHECK: alloc8: SUMMARY: 1 errors (1 deadly-signal), 40 bytes in 1 blocks still allocated at exit
#include <stdlib.h>

struct table {
    void *rows;
    long size;
    long count;
};

static void *volatile keep;

__attribute__((noinline)) static void set_count(struct table *t, long n) { t->count = n; } // BUG

int main(int argc, char **argv)
{
    (void)argv;
    keep = malloc(40);
    set_count(argc > 5 ? keep : NULL, 3);
    return 0;
}
