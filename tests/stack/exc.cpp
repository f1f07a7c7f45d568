// exc.cpp — C++ exceptions that must behave the same with and without stack
// capture on every malloc (tests/sh/stack_exceptions.sh).  Prints a
// deterministic transcript; exits 0 only when every exception went where it
// should.  Also prints who provides _Unwind_RaiseException as the program
// sees it (must be libgcc_s) and whether unw_backtrace is visible (must not).
#include <dlfcn.h>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern "C" int exc_c_call(int (*cb)(void *), void *arg);
extern "C" void exc_c_sort(int *v, size_t n, int (*cmp)(const void *, const void *));

static int failures;
#define EXPECT(c)                                                         \
    do {                                                                  \
        if (!(c)) {                                                       \
            std::printf("FAILED line %d: %s\n", __LINE__, #c);            \
            failures++;                                                   \
        }                                                                 \
    } while (0)

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

static int uncaught_seen = -1;
struct Sentinel {
    ~Sentinel() { uncaught_seen = std::uncaught_exceptions(); }
};

__attribute__((noinline)) static void thrower(int depth)
{
    std::vector<std::string> junk(3, std::string(100, 'x')); // heap in the frame
    if (depth == 0)
        throw MyError("deep " + std::to_string(junk.size()), 42);
    thrower(depth - 1);
}

static void same_thread()
{
    try {
        Sentinel s;
        thrower(20);
    } catch (const MyError &e) {
        std::printf("same-thread: %s code=%d uncaught-in-dtor=%d\n", e.what(), e.code,
                    uncaught_seen);
        EXPECT(e.code == 42 && uncaught_seen == 1);
    }
    EXPECT(std::uncaught_exceptions() == 0);
}

static void rethrow_all()
{
    int caught = 0;
    try {
        try {
            throw std::out_of_range("range");
        } catch (...) {
            caught++;
            throw; // rethrow the same object
        }
    } catch (const std::out_of_range &e) {
        caught++;
        std::printf("rethrow: %s caught=%d\n", e.what(), caught);
    }
    EXPECT(caught == 2);
}

static void across_threads()
{
    std::exception_ptr eps[4];
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++)
        ts.emplace_back([i, &eps] {
            try {
                thrower(i * 5);
            } catch (...) {
                eps[i] = std::current_exception();
            }
        });
    for (auto &t : ts)
        t.join();
    int n = 0;
    for (auto &ep : eps) {
        try {
            std::rethrow_exception(ep);
        } catch (const MyError &e) {
            n += e.code == 42;
        }
    }
    std::printf("across-threads: %d of 4 rethrown\n", n);
    EXPECT(n == 4);
}

static int cb_throws(void *arg)
{
    int *calls = static_cast<int *>(arg);
    if (++*calls == 2)
        throw std::logic_error("from callback");
    return 1;
}

static int cmp_throws(const void *a, const void *b)
{
    int x = *static_cast<const int *>(a), y = *static_cast<const int *>(b);
    if (x == 13 || y == 13)
        throw MyError("comparator", 13);
    return (x > y) - (x < y);
}

static void through_c()
{
    int calls = 0;
    try {
        exc_c_call(cb_throws, &calls);
        EXPECT(false);
    } catch (const std::logic_error &e) {
        std::printf("through-c: %s calls=%d\n", e.what(), calls);
        EXPECT(calls == 2);
    }
    int v[64];
    for (int i = 0; i < 64; i++)
        v[i] = (i * 37) % 64;
    try {
        exc_c_sort(v, 64, cmp_throws);
        EXPECT(false);
    } catch (const MyError &e) {
        std::printf("through-qsort: %s code=%d\n", e.what(), e.code);
        EXPECT(e.code == 13);
    }
}

static void many_in_threads()
{
    std::vector<std::thread> ts;
    std::vector<int> counts(4, 0);
    for (int t = 0; t < 4; t++)
        ts.emplace_back([t, &counts] {
            for (int i = 0; i < 500; i++) {
                try {
                    auto p = std::make_unique<std::string>(50 + i % 7, 'y');
                    thrower(i % 9);
                } catch (const std::exception &) {
                    counts[t]++;
                }
            }
        });
    for (auto &t : ts)
        t.join();
    int total = 0;
    for (int c : counts)
        total += c;
    std::printf("many: %d of 2000 caught\n", total);
    EXPECT(total == 2000);
}

static const char *provider(const char *sym)
{
    void *p = dlsym(RTLD_DEFAULT, sym);
    Dl_info di;
    if (!p || !dladdr(p, &di) || !di.dli_fname)
        return "(none)";
    const char *slash = std::strrchr(di.dli_fname, '/');
    return slash ? slash + 1 : di.dli_fname;
}

int main()
{
    same_thread();
    rethrow_all();
    across_threads();
    through_c();
    many_in_threads();
    std::printf("_Unwind_RaiseException: %s\n", provider("_Unwind_RaiseException"));
    std::printf("_Unwind_Resume: %s\n", provider("_Unwind_Resume"));
    std::printf("backtrace: %s\n", provider("backtrace"));
    std::printf("unw_backtrace: %s\n", provider("unw_backtrace"));
    std::printf("failures: %d\n", failures);
    return failures != 0;
}
