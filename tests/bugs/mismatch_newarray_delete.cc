// A block from new[] released with plain delete.
int main()
{
    char *p = new char[64]; // LINE:alloc
    delete p;               // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: alloc-dealloc-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: block allocated with operator new[] released with operator delete
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
