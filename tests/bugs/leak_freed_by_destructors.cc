// Blocks released by an atexit handler, a C++ static destructor and an ELF
// destructor are not leaks: the exit check runs after all of them.  Their
// pointers are hidden (xor) so the scan cannot find them while they live.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static uintptr_t hidden_a, hidden_b, hidden_c;
static const uintptr_t KEY = 0x5a5a5a5a5a5a5a5aULL;

static void from_atexit() { std::free(reinterpret_cast<void *>(hidden_a ^ KEY)); }

struct Holder {
    ~Holder() { std::free(reinterpret_cast<void *>(hidden_b ^ KEY)); }
} holder;

__attribute__((destructor)) static void elf_dtor()
{
    std::free(reinterpret_cast<void *>(hidden_c ^ KEY));
}

int main()
{
    hidden_a = reinterpret_cast<uintptr_t>(std::malloc(100)) ^ KEY;
    hidden_b = reinterpret_cast<uintptr_t>(std::malloc(200)) ^ KEY;
    hidden_c = reinterpret_cast<uintptr_t>(std::malloc(300)) ^ KEY;
    std::atexit(from_atexit);
    std::puts("exiting");
    return 0;
}
// OPTIONS: verbosity=1
// EXIT: 0
// CHECK: leak check (at exit): no leaks
// CHECK-NOT: definitely lost in loss record
