// A write just before the first element of an array of objects with a
// destructor overwrites the element count C++ keeps at the block's start;
// delete[] then passes a size computed from it.  The report says what the
// size came from.
struct Plain {
    long v;
    ~Plain() {}
};

int main()
{
    Plain *p = new Plain[4]; // LINE:alloc
    p[-1].v = 7;             // the count: 7 elements now
    delete[] p;              // BUG
    return 0;
}
// CFLAGS: -fsized-deallocation
// EXIT: 23
// CHECK: alloc8: ERROR: new-delete-size-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: operator delete[] says 64 bytes, the block has 40 (for an array of objects with
// CHECK: destructors, the size comes from the count kept at the block's start: a write before
// CHECK: the first element changes it)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
