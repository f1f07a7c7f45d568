// A block from aligned new released with the plain (unaligned) operator delete.
#include <new>

int main()
{
    void *p = ::operator new(96, std::align_val_t(64)); // LINE:alloc
    ::operator delete(p);                               // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: alloc-dealloc-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: block allocated with aligned operator new released with operator delete
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
