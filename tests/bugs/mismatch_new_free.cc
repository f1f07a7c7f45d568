// A block from new released with free.
#include <cstdlib>

struct Point {
    int x, y;
};

int main()
{
    Point *p = new Point{1, 2}; // LINE:alloc
    std::free(p);               // BUG
    return 0;
}
// EXIT: 23
// CHECK: alloc8: ERROR: alloc-dealloc-mismatch on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: block allocated with operator new released with free
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
