// A block from malloc released with delete.
#include <cstdlib>

int main()
{
    int *p = static_cast<int *>(std::malloc(sizeof(int) * 4)); // LINE:alloc
    delete p;                                                  // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: alloc-dealloc-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: block allocated with malloc released with operator delete
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: alloc-dealloc-mismatch @BUG in main
