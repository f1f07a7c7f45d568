// A sized delete that names a size different from the allocation's.
#include <new>

int main()
{
    void *p = ::operator new(40); // LINE:alloc
    ::operator delete(p, 32);     // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: new-delete-size-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: operator delete says 32 bytes, the block has 40
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
