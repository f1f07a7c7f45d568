// trace_cxx.cc — known operator new/delete calls for trace_calls.sh
// (built -rdynamic); prints the pointers.
#include <cstdio>
#include <new>

__attribute__((noinline)) void *trace_new_array() { return new int[5]; }
__attribute__((noinline)) void *trace_new_aligned()
{
    return ::operator new(100, std::align_val_t(64));
}
__attribute__((noinline)) void trace_delete_aligned(void *p)
{
    ::operator delete(p, std::align_val_t(64));
}

int main()
{
    void *a = trace_new_array();
    std::printf("new[] %p\n", a);
    delete[] static_cast<int *>(a);
    void *b = trace_new_aligned();
    std::printf("aligned %p\n", b);
    trace_delete_aligned(b);
    return 0;
}
