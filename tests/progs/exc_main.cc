// exc_main.cc — C++ exceptions thrown and caught in many threads at once,
// through C frames (a callback driver, a qsort comparator), with
// allocation in between (exception objects are allocated with
// __cxa_allocate_exception → malloc), rethrow and exception_ptr across
// threads.  Prints a deterministic transcript.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern "C" void exc_c_each(int n, void (*cb)(int, void *), void *ctx);
extern "C" void exc_c_sort(int *v, size_t n, int (*cmp)(const void *, const void *));

struct Boom : std::runtime_error {
    int at;
    std::vector<std::string> payload;
    Boom(int i) : std::runtime_error("boom " + std::to_string(i)), at(i), payload(i % 5, "xyzzy") {}
};

static void cb(int i, void *ctx)
{
    auto *limit = static_cast<int *>(ctx);
    auto s = std::make_unique<std::string>(100 + i, 'q');
    if (i == *limit)
        throw Boom(i);
}

static int g_cmp_calls;
static thread_local int t_cmp_calls;
static int throwing_cmp(const void *a, const void *b)
{
    if (++t_cmp_calls == 50)
        throw std::out_of_range("comparator gave up");
    int x = *static_cast<const int *>(a), y = *static_cast<const int *>(b);
    return (x > y) - (x < y);
}

static long worker(int id, int rounds)
{
    long sum = 0;
    for (int r = 0; r < rounds; r++) {
        int limit = (id + r) % 20;
        try {
            exc_c_each(100, cb, &limit);
        } catch (const Boom &e) {
            sum += e.at + (long)e.payload.size();
        }
        std::vector<int> v(200);
        for (int i = 0; i < 200; i++)
            v[i] = (i * 7919 + id) % 1000;
        t_cmp_calls = 0;
        try {
            exc_c_sort(v.data(), v.size(), throwing_cmp);
        } catch (const std::out_of_range &e) {
            sum += 1000;
        }
        try {
            try {
                throw std::vector<int>(r + 1, id);
            } catch (...) {
                throw; // rethrow
            }
        } catch (const std::vector<int> &vv) {
            sum += (long)vv.size();
        }
    }
    return sum;
}

int main()
{
    const int threads = 8, rounds = 200;
    std::vector<long> sums(threads);
    std::vector<std::exception_ptr> eps(threads);
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; t++)
        ts.emplace_back([&, t] {
            sums[t] = worker(t, rounds);
            try {
                throw Boom(t);
            } catch (...) {
                eps[t] = std::current_exception(); // carried to the main thread
            }
        });
    for (auto &t : ts)
        t.join();
    for (int t = 0; t < threads; t++) {
        std::printf("thread %d sum %ld\n", t, sums[t]);
        try {
            std::rethrow_exception(eps[t]);
        } catch (const Boom &e) {
            std::printf("thread %d rethrown: %s\n", t, e.what());
        }
    }
    std::printf("main sum %ld\n", worker(99, 50));
    std::printf("uncaught %d\n", std::uncaught_exceptions());
    return 0;
}
