// A C++ program using iostream, std::string and containers, which frees
// everything through destructors (static ones included), has no leaks.
// valgrind reports the same: no lost blocks.
// OPTIONS: verbosity=1
// EXIT: 0
// CHECK: alloc8: leak check (at exit): no leaks
// CHECK-NOT: lost in loss record
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

static std::map<std::string, std::vector<int>> g_index; // destroyed after main
static std::string g_name(100, 'x');

int main()
{
    std::vector<std::string> words;
    for (int i = 0; i < 200; i++)
        words.push_back("word number " + std::to_string(i) + std::string(40, 'y'));
    std::unordered_map<std::string, int> count;
    for (auto &w : words)
        count[w]++;
    for (int i = 0; i < 50; i++)
        g_index[std::to_string(i)].assign(i, i);
    auto sp = std::make_shared<std::vector<double>>(1000);
    std::unique_ptr<int[]> arr(new int[64]);
    std::cout << "words " << words.size() << " keys " << count.size() << " " << g_name.size()
              << std::endl;
    return 0;
}
