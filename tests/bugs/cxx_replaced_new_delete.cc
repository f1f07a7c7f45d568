// A program with its own operator new and operator delete (as groff's troff
// has), but not the sized, array or nothrow forms: those are alloc8's and
// must do what libstdc++'s defaults do, which is to call the program's two.
// Its counters show every form reached them (natively too: the same output),
// and the sized delete C++14 emits for `delete s` is not a mismatch.
// EXIT: 0
// CHECK: news 4 deletes 4
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
#include <cstdio>
#include <cstdlib>
#include <new>

static int news, deletes;

void *operator new(std::size_t n)
{
    news++;
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}

void operator delete(void *p) noexcept
{
    if (p)
        deletes++;
    std::free(p);
}

struct S {
    int a[10];
};

int main()
{
    S *s = new S;        // operator new
    delete s;            // operator delete(void*, size_t): the default calls ours
    int *v = new int[5]; // operator new[]: the default calls ours
    v[4] = 1;
    delete[] v;                  // operator delete[]: the default calls ours
    S *t = new (std::nothrow) S; // the nothrow form: calls ours
    delete t;
    S *u = new S[3]; // and an array with a cookie-less element type
    delete[] u;
    std::fprintf(stderr, "news %d deletes %d\n", news, deletes);
    return news == 4 && deletes == 4 ? 0 : 1;
}
