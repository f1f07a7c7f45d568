// startup_main.cc — allocation before main and around the dynamic loader:
// static constructors that allocate (std::string, std::map, malloc), a
// dlopen'd library allocating in its constructor, setlocale(LC_ALL, ""),
// getaddrinfo("localhost") (NSS modules are dlopen'd), then teardown in the
// static destructors.  Prints a fixed transcript.
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <netdb.h>
#include <string>
#include <vector>

struct Early {
    std::map<std::string, std::vector<int>> table;
    char *raw;
    Early()
    {
        for (int i = 0; i < 200; i++)
            table["key-number-" + std::to_string(i)].assign(i % 17, i);
        raw = static_cast<char *>(malloc(1000));
        strcpy(raw, "static constructor ran");
    }
    ~Early() { free(raw); }
};
static Early early;
static std::string early_string(300, 'x');
static std::vector<std::string> *early_heap = new std::vector<std::string>(50, "abc");

__attribute__((constructor(150))) static void c_ctor()
{
    // runs before the C++ constructors above: the very first allocations
    void *p = malloc(24);
    void *q = calloc(3, 8);
    p = realloc(p, 4096);
    free(q);
    free(p);
}

int main(int argc, char **argv)
{
    printf("%s; table=%zu; string=%zu; heap=%zu\n", early.raw, early.table.size(),
           early_string.size(), early_heap->size());
    const char *lib = argc > 1 ? argv[1] : "./libstartup.so";
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    auto greet = reinterpret_cast<const char *(*)()>(dlsym(h, "startup_lib_greeting"));
    printf("%s\n", greet ? greet() : "no symbol");
    if (dlclose(h) != 0) {
        printf("dlclose failed\n");
        return 1;
    }
    h = dlopen(lib, RTLD_LAZY); // again, after unloading
    printf("reopened: %s\n", h ? "yes" : "no");
    if (h)
        dlclose(h);

    const char *loc = setlocale(LC_ALL, "");
    printf("setlocale: %s\n", loc ? "ok" : "null");
    setlocale(LC_ALL, "C");

    struct addrinfo hints = {}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo("localhost", "80", &hints, &res);
    int n = 0;
    for (struct addrinfo *a = res; a; a = a->ai_next)
        n++;
    printf("getaddrinfo: rc=%d results>0=%d\n", rc, n > 0);
    if (res)
        freeaddrinfo(res);
    delete early_heap;
    printf("done\n");
    return 0;
}
