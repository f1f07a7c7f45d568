// Correct C++: containers, strings, iostream, aligned new, exceptions: no report.
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct alignas(64) Wide {
    char bytes[100];
};

int main()
{
    std::map<std::string, std::vector<int>> m;
    for (int i = 0; i < 1000; i++)
        m["key" + std::to_string(i % 37)].push_back(i);
    std::ostringstream os;
    for (auto &kv : m)
        os << kv.first << kv.second.size();
    auto w = std::make_unique<Wide>();
    Wide *arr = new Wide[3];
    delete[] arr;
    int *sized = new int[10];
    delete[] sized;
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; t++)
        ts.emplace_back([t] {
            std::vector<std::string> v;
            for (int i = 0; i < 500; i++)
                v.push_back(std::string(i % 50 + t, 'x'));
            try {
                throw std::runtime_error("caught");
            } catch (const std::exception &e) {
                v.push_back(e.what());
            }
        });
    for (auto &t : ts)
        t.join();
    std::cout << os.str().size() << " ok" << std::endl;
    return 0;
}
// LIBS: -lpthread
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK: alloc8: SUMMARY: no errors
