// A new-handler that throws std::bad_alloc (the standard lets it) under a
// nothrow new that fails: libstdc++'s nothrow new catches it and returns
// nullptr, and so must alloc8's.  The request is over max_size (64 GiB by
// default), so alloc8 fails it as malloc fails natively; its warning is not
// an error, and is printed once: the retry under libstdc++'s nothrow form
// does not warn again.
// EXIT: 0
// CHECK: alloc8: WARNING: allocation-size-too-big: requested 1099511627776 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:new:
// CHECK-NOT: allocation-size-too-big{{[\s\S]*}}allocation-size-too-big
// CHECK: handler calls 1 result null
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
#include <cstdio>
#include <new>

static int calls;

static void give_up()
{
    calls++;
    throw std::bad_alloc();
}

int main()
{
    std::set_new_handler(give_up);
    volatile std::size_t huge = std::size_t(1) << 40; // 1 TiB
    char *p = new (std::nothrow) char[huge];          // LINE:new
    std::fprintf(stderr, "handler calls %d result %s\n", calls, p ? "block" : "null");
    delete[] p;
    return p == nullptr && calls == 1 ? 0 : 1;
}
