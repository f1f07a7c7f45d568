// A program with its own throwing operator new (it refuses requests over a
// budget, as an allocator with a quota does) and no nothrow forms.  A
// nothrow new must then do what libstdc++'s does: call the program's
// operator new and catch what it throws, returning nullptr; the bad_alloc
// must not escape into code that was promised a noexcept call.  A nothrow
// new that succeeds still gives a block its delete[] matches.
// EXIT: 0
// CHECK: nothrow null 1 array null 1 small ok
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
#include <cstdio>
#include <cstdlib>
#include <new>

static const std::size_t budget = 1 << 20;

void *operator new(std::size_t n)
{
    if (n > budget)
        throw std::bad_alloc();
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}

void operator delete(void *p) noexcept { std::free(p); }

struct Big {
    char bytes[2 << 20];
};

int main()
{
    Big *b = new (std::nothrow) Big;            // over budget: nullptr
    char *a = new (std::nothrow) char[3 << 20]; // over budget, array form: nullptr
    char *s = new (std::nothrow) char[100];     // fine
    if (s)
        s[99] = 1;
    std::fprintf(stderr, "nothrow null %d array null %d small %s\n", b == nullptr, a == nullptr,
                 s ? "ok" : "null");
    delete[] s;
    delete b;
    delete[] a;
    return 0;
}
