// A program that replaces one side of a pair only: its operator delete (no
// new), and its operator new[] (no delete[]).  Each side uses free/malloc,
// as libstdc++'s defaults for the other side do, so the program is valid:
// no alloc-dealloc-mismatch.  A real mismatch is still found (new → free
// of a block from alloc8's new[] is fine natively only by accident; here
// the check is that correct pairs stay quiet).
// EXIT: 0
// CHECK: pairs done 3
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
#include <cstdio>
#include <cstdlib>
#include <new>

static int frees;

void operator delete(void *p) noexcept
{
    frees += p != nullptr;
    std::free(p);
}

void *operator new[](std::size_t n)
{
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}

struct S {
    long a[4];
};

int main()
{
    S *s = new S; // alloc8's new; the program's delete frees it with free
    delete s;
    char *c = new char[40]; // the program's new[]; alloc8's delete[] (default: delete)
    delete[] c;
    S *v = new S[2]; // the same with an element type
    delete[] v;
    std::fprintf(stderr, "pairs done %d\n", frees);
    return frees == 3 ? 0 : 1;
}
