// api_cxx.cc — the 20 libstdc++ operator new/delete symbols called
// explicitly, in every mode: alignment honoured, the new-handler loop,
// std::bad_alloc for impossible sizes and for alignments that are not powers
// of two, nothrow forms returning nullptr.  Expectations follow the C++17
// standard ([new.delete]) and libstdc++ (GCC 12).
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <vector>

static int failures;
static const char *mode = "native";

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d [%s] %s: ", __FILE__, __LINE__, mode, #cond);                       \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static bool aligned_to(const void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

static void touch(void *p, size_t n)
{
    memset(p, 0x3c, n);
    CHECK(n == 0 || static_cast<unsigned char *>(p)[n - 1] == 0x3c, "write lost");
}

static void all_twenty()
{
    const std::nothrow_t &nt = std::nothrow;
    for (size_t n : {size_t(0), size_t(1), size_t(24), size_t(1000), size_t(100000)}) {
        void *p;
        p = ::operator new(n);
        CHECK(p && aligned_to(p, __STDCPP_DEFAULT_NEW_ALIGNMENT__), "new(%zu)", n);
        touch(p, n);
        ::operator delete(p);
        p = ::operator new[](n);
        CHECK(p && aligned_to(p, 16), "new[](%zu)", n);
        touch(p, n);
        ::operator delete[](p);
        p = ::operator new(n, nt);
        CHECK(p && aligned_to(p, 16), "new(%zu, nothrow)", n);
        touch(p, n);
        ::operator delete(p, nt);
        p = ::operator new[](n, nt);
        CHECK(p && aligned_to(p, 16), "new[](%zu, nothrow)", n);
        touch(p, n);
        ::operator delete[](p, nt);
        p = ::operator new(n);
        ::operator delete(p, n); // sized
        p = ::operator new[](n);
        ::operator delete[](p, n); // sized array
        for (size_t al = 1; al <= (size_t(1) << 20); al <<= 1) {
            std::align_val_t a{al};
            p = ::operator new(n, a);
            CHECK(p && aligned_to(p, al), "new(%zu, align %zu) = %p", n, al, p);
            touch(p, n);
            ::operator delete(p, a);
            p = ::operator new[](n, a);
            CHECK(p && aligned_to(p, al), "new[](%zu, align %zu) = %p", n, al, p);
            touch(p, n);
            ::operator delete[](p, a);
            p = ::operator new(n, a, nt);
            CHECK(p && aligned_to(p, al), "new(%zu, align %zu, nothrow) = %p", n, al, p);
            ::operator delete(p, a, nt);
            p = ::operator new[](n, a, nt);
            CHECK(p && aligned_to(p, al), "new[](%zu, align %zu, nothrow) = %p", n, al, p);
            ::operator delete[](p, a, nt);
            p = ::operator new(n, a);
            ::operator delete(p, n, a); // sized aligned
            p = ::operator new[](n, a);
            ::operator delete[](p, n, a); // sized aligned array
        }
    }
    // deleting null is a no-op in every form
    ::operator delete(nullptr);
    ::operator delete[](nullptr);
    ::operator delete(nullptr, size_t(8));
    ::operator delete[](nullptr, size_t(8));
    ::operator delete(nullptr, nt);
    ::operator delete[](nullptr, nt);
    ::operator delete(nullptr, std::align_val_t(64));
    ::operator delete[](nullptr, std::align_val_t(64));
    ::operator delete(nullptr, size_t(8), std::align_val_t(64));
    ::operator delete[](nullptr, size_t(8), std::align_val_t(64));
    ::operator delete(nullptr, std::align_val_t(64), nt);
    ::operator delete[](nullptr, std::align_val_t(64), nt);

    // new-expressions on over-aligned types use the aligned operators
    struct alignas(256) Big {
        char c[300];
    };
    Big *b = new Big;
    CHECK(aligned_to(b, 256), "new Big = %p", (void *)b);
    delete b;
    Big *ba = new Big[5];
    CHECK(aligned_to(ba, 256), "new Big[5] = %p", (void *)ba);
    delete[] ba;
}

static void failures_and_nothrow()
{
    const size_t impossible = SIZE_MAX / 2;
    int caught = 0;
    try {
        void *p = ::operator new(impossible);
        CHECK(false, "new(impossible) returned %p", p);
    } catch (const std::bad_alloc &) {
        caught++;
    }
    try {
        void *p = ::operator new[](SIZE_MAX);
        CHECK(false, "new[](SIZE_MAX) returned %p", p);
    } catch (const std::bad_alloc &) {
        caught++;
    }
    try {
        void *p = ::operator new(impossible, std::align_val_t(128));
        CHECK(false, "aligned new(impossible) returned %p", p);
    } catch (const std::bad_alloc &) {
        caught++;
    }
    try {
        void *p = ::operator new[](impossible, std::align_val_t(4096));
        CHECK(false, "aligned new[](impossible) returned %p", p);
    } catch (const std::bad_alloc &) {
        caught++;
    }
    CHECK(caught == 4, "bad_alloc caught %d times, want 4", caught);

    // a vector asking for too much throws too (through libstdc++ frames)
    try {
        std::vector<char> v;
        v.reserve(impossible - 1);
        CHECK(false, "reserve(impossible) succeeded");
    } catch (const std::bad_alloc &) {
    } catch (const std::length_error &) {
    }

    CHECK(::operator new(impossible, std::nothrow) == nullptr, "nothrow new");
    CHECK(::operator new[](impossible, std::nothrow) == nullptr, "nothrow new[]");
    CHECK(::operator new(impossible, std::align_val_t(64), std::nothrow) == nullptr,
          "nothrow aligned new");
    CHECK(::operator new[](impossible, std::align_val_t(64), std::nothrow) == nullptr,
          "nothrow aligned new[]");

    // alignment that is not a power of two: bad_alloc (libstdc++), nullptr
    // from the nothrow forms
    for (size_t bad : {size_t(3), size_t(24), size_t(48), size_t(1000)}) {
        bool threw = false;
        try {
            void *p = ::operator new(64, std::align_val_t(bad));
            ::operator delete(p, std::align_val_t(bad));
        } catch (const std::bad_alloc &) {
            threw = true;
        }
        CHECK(threw, "new(64, align %zu) did not throw", bad);
        threw = false;
        try {
            void *p = ::operator new[](64, std::align_val_t(bad));
            ::operator delete[](p, std::align_val_t(bad));
        } catch (const std::bad_alloc &) {
            threw = true;
        }
        CHECK(threw, "new[](64, align %zu) did not throw", bad);
        CHECK(::operator new(64, std::align_val_t(bad), std::nothrow) == nullptr,
              "nothrow new(64, align %zu) not null", bad);
        CHECK(::operator new[](64, std::align_val_t(bad), std::nothrow) == nullptr,
              "nothrow new[](64, align %zu) not null", bad);
    }
}

// ---- the new-handler loop ----------------------------------------------------

static int handler_calls;

// Called for an impossible size: the loop calls it again and again until it
// removes itself, then bad_alloc is thrown.
static void counting_handler()
{
    if (++handler_calls == 5)
        std::set_new_handler(nullptr);
}

static void *reserve;
static size_t reserve_size;

// Frees the reserve so the retried allocation succeeds.
static void release_reserve()
{
    handler_calls++;
    if (reserve) {
        free(reserve);
        reserve = nullptr;
    } else {
        std::set_new_handler(nullptr);
    }
}

static long vm_size_bytes()
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmSize: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb * 1024;
}

static void new_handler_loop()
{
    for (int variant = 0; variant < 4; variant++) {
        handler_calls = 0;
        std::set_new_handler(counting_handler);
        bool threw = false;
        void *p = nullptr;
        try {
            switch (variant) {
            case 0:
                p = ::operator new(SIZE_MAX / 2);
                break;
            case 1:
                p = ::operator new[](SIZE_MAX / 2);
                break;
            case 2:
                p = ::operator new(SIZE_MAX / 2, std::align_val_t(64));
                break;
            case 3:
                p = ::operator new(SIZE_MAX / 2, std::nothrow);
                break;
            }
        } catch (const std::bad_alloc &) {
            threw = true;
        }
        CHECK(handler_calls == 5, "variant %d: handler called %d times, want 5", variant,
              handler_calls);
        if (variant == 3)
            CHECK(!threw && p == nullptr, "nothrow variant: threw %d p %p", threw, p);
        else
            CHECK(threw, "variant %d: no bad_alloc after the handler removed itself", variant);
        std::set_new_handler(nullptr);
    }

    // The handler frees a reserve and the retry succeeds.  Needs the
    // allocation to fail first: cap the address space just above what is
    // mapped now (the reserve is mapped, so it fits once it is freed).
    reserve_size = size_t(256) << 20;
    reserve = malloc(reserve_size);
    CHECK(reserve != nullptr, "reserve");
    struct rlimit old;
    getrlimit(RLIMIT_AS, &old);
    long vm = vm_size_bytes();
    struct rlimit lim = old;
    lim.rlim_cur = (rlim_t)vm + (64 << 20);
    if (vm <= 0 || setrlimit(RLIMIT_AS, &lim) != 0) {
        printf("note: cannot cap the address space; skipping the reserve test\n");
        free(reserve);
        return;
    }
    handler_calls = 0;
    std::set_new_handler(release_reserve);
    void *p = nullptr;
    try {
        p = ::operator new(size_t(160) << 20);
    } catch (const std::bad_alloc &) {
        CHECK(false, "bad_alloc although the handler freed the reserve");
    }
    std::set_new_handler(nullptr);
    setrlimit(RLIMIT_AS, &old);
    CHECK(p != nullptr, "new(160 MiB) after the handler = %p", p);
    // A heap that reserved its address space up front may satisfy the
    // request without failing first; glibc and the example heap map on demand.
    bool maps_on_demand = strcmp(mode, "checker") != 0;
    if (maps_on_demand)
        CHECK(handler_calls == 1 && reserve == nullptr,
              "handler called %d times (want 1), reserve %s", handler_calls,
              reserve ? "kept" : "freed");
    else if (handler_calls == 0)
        printf("note: checker heap served 160 MiB under the cap without failing\n");
    ::operator delete(p);
    free(reserve);
}

int main()
{
    if (getenv("A8_MODE"))
        mode = getenv("A8_MODE");
    all_twenty();
    failures_and_nothrow();
    new_handler_loop();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("OK\n");
    return 0;
}
