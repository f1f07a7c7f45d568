// An aligned operator delete told another alignment than the aligned new
// that made the block (ASan reports it; valgrind does not).
#include <new>

int main()
{
    void *r = ::operator new(128, std::align_val_t(64)); // LINE:alloc
    ::operator delete(r, std::align_val_t(32));          // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: new-delete-size-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: aligned operator delete says alignment 32, the 128-byte block was allocated with 64
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: new-delete-size-mismatch @BUG in main
