// A program whose own operator new keeps a record of every call in a block
// it mallocs before the block it returns (the way a tracking new does).
// alloc8's operator new[] runs that operator new, as libstdc++'s does; the
// block the operator returns is the new[] block, not the first allocation
// made inside it.  So the records freed with free() are correct, and the
// new[] block given to free() is the one mismatch, reported with its
// allocation at the user's new[] line.
// EXIT: 23
// CHECK: alloc8: ERROR: alloc-dealloc-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: block allocated with operator new[] released with free
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 0 bytes inside the 24-byte block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: alloc-dealloc-mismatch @BUG in main
// CHECK: alloc8: SUMMARY: 1 errors (1 alloc-dealloc-mismatch)
// CHECK-NOT: @LINE:record
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

struct record {
    record *next;
    std::size_t bytes;
};
static record *records;

void *operator new(std::size_t n)
{
    record *r = static_cast<record *>(std::malloc(sizeof *r)); // bookkeeping first
    if (!r)
        throw std::bad_alloc();
    r->bytes = n;
    r->next = records;
    records = r;
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}

void operator delete(void *p) noexcept { std::free(p); }

int main()
{
    char *name = new char[24]; // LINE:alloc
    std::strcpy(name, "tracked by the program");
    int *ok = new int[3]; // a correct pair: no report
    delete[] ok;
    std::size_t total = 0;
    while (records) { // the program's own records: malloc'd, freed with free
        record *r = records;
        records = r->next;
        total += r->bytes;
        std::free(r); // LINE:record
    }
    std::printf("%zu bytes recorded\n", total);
    std::free(name); // BUG
    return 0;
}
