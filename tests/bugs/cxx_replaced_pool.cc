// A program whose operator new and delete use a pool of their own, not
// malloc, and which leaves the sized and array forms to the library.
// libstdc++'s defaults for those call the program's pair, so natively every
// object comes from the pool and goes back to it; alloc8's forms must do
// the same (before, they took the array allocations themselves and freed
// the pool's pointers as invalid frees: 1000 reports, and different output).
// EXIT: 0
// CHECK: live 0 used 48000
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
#include <cstdio>
#include <cstdlib>
#include <new>

alignas(16) static char pool[1 << 20];
static std::size_t used;
static int live;

void *operator new(std::size_t n)
{
    n = (n + 15) & ~std::size_t(15);
    if (used + n > sizeof pool)
        throw std::bad_alloc();
    void *p = pool + used;
    used += n;
    live++;
    return p;
}

void operator delete(void *p) noexcept
{
    if (p)
        live--; /* a bump pool: nothing to give back */
}

struct S {
    int a[6];
};

int main()
{
    for (int i = 0; i < 1000; i++) {
        S *s = new S;        // the program's new
        delete s;            // operator delete(void*, size_t): calls the program's
        int *v = new int[4]; // operator new[]: calls the program's new
        delete[] v;          // operator delete[]: calls the program's delete
    }
    std::fprintf(stderr, "live %d used %zu\n", live, used);
    return live == 0 && used == 48000 ? 0 : 1;
}
