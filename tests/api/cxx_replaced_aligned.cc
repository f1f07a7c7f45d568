// cxx_replaced_aligned.cc — a program that defines the aligned operator new
// and delete itself (from a bump pool), and leaves the array, sized and
// nothrow aligned forms to the library, in every mode.  libstdc++'s
// defaults for those call the program's two, so every over-aligned object
// comes from the pool and goes back through the program's delete; the
// library's forms must do the same (the fast mode's used to free the pool's
// pointers with glibc's free).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>

alignas(64) static char pool[1 << 20];
static std::size_t used;
static int news, deletes;

void *operator new(std::size_t n, std::align_val_t al)
{
    std::size_t a = static_cast<std::size_t>(al);
    std::size_t at = (used + a - 1) & ~(a - 1);
    if (at + n > sizeof pool)
        throw std::bad_alloc();
    used = at + n;
    news++;
    return pool + at;
}

void operator delete(void *p, std::align_val_t) noexcept
{
    if (p)
        deletes++;
}

struct alignas(64) Line {
    unsigned char b[64];
};

static bool in_pool(const void *p)
{
    return static_cast<const char *>(p) >= pool &&
           static_cast<const char *>(p) < pool + sizeof pool;
}

int main()
{
    int bad = 0;
    for (int i = 0; i < 100; i++) {
        Line *l = new Line;                // the program's aligned new
        Line *v = new Line[3];             // operator new[](size_t, align_val_t): calls it
        Line *t = new (std::nothrow) Line; // the nothrow aligned form: calls it
        bad += !in_pool(l) || !in_pool(v) || !in_pool(t);
        bad += (reinterpret_cast<std::uintptr_t>(v) & 63) != 0;
        delete t;   // sized aligned delete: calls the program's aligned delete
        delete[] v; // aligned delete[]: calls it
        delete l;
    }
    if (bad || news != 300 || deletes != 300) {
        std::printf("FAIL bad %d news %d deletes %d\n", bad, news, deletes);
        return 1;
    }
    std::printf("OK\n");
    return 0;
}
