// In a program with its own operator new and delete, a block from malloc
// given to delete[] is still reported: alloc8's operator delete[] runs the
// program's delete, and the free that makes is recorded as the delete[] it
// is (groff's troff has this bug; valgrind reports it too).
#include <cstdlib>
#include <cstring>
#include <new>

void *operator new(std::size_t n)
{
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}

void operator delete(void *p) noexcept { std::free(p); }

int main()
{
    char *name = static_cast<char *>(std::malloc(12)); // LINE:alloc
    std::strcpy(name, "troff-like");
    delete[] name; // BUG
    int *ok = new int[4];
    delete[] ok; // a correct pair: no report
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: alloc-dealloc-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: block allocated with malloc released with operator delete[]
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 0 bytes inside the 12-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: alloc-dealloc-mismatch @BUG in main
// CHECK: alloc8: SUMMARY: 1 errors (1 alloc-dealloc-mismatch)
