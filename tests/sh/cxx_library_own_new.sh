#!/bin/bash
# A shared library that carries its own operator new/new[]/delete and binds
# its calls to them (-Bsymbolic, as LLVM's libLLVM does with its versioned
# private copies) makes its objects with malloc inside that operator new,
# and the program deletes them with the operator delete alloc8 interposes.
# Natively that is a matching pair: no alloc-dealloc-mismatch (valgrind is
# clean too).  The library is stripped: its operator new is known by its
# dynamic symbol only.  A real mismatch on such a block (new[] given to a
# scalar delete) is still reported.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >lib.cc <<'CC'
#include <cstdlib>
#include <new>
void *operator new(std::size_t n)
{
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void *operator new[](std::size_t n)
{
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
struct Obj {
    int v[10];
};
Obj *make_obj() { return new Obj(); }
Obj *make_objs(int n) { return new Obj[n]; }
CC
cat >main.cc <<'CC'
#include <cstdio>
#include <cstring>
struct Obj {
    int v[10];
};
Obj *make_obj();
Obj *make_objs(int n);
int main(int argc, char **argv)
{
    bool wrong = argc > 1 && std::strcmp(argv[1], "wrong") == 0;
    for (int i = 0; i < 100; i++) {
        Obj *o = make_obj();
        o->v[0] = i;
        delete o; // the library's own new: a matching pair
        Obj *a = make_objs(3);
        a[2].v[9] = i;
        if (wrong)
            delete a; // BUG: new[] given to delete
        else
            delete[] a;
    }
    std::puts("done");
    return 0;
}
CC
${CXX:-g++} -O0 -g0 -fPIC -shared -Wl,-Bsymbolic lib.cc -o libown.so && strip libown.so &&
    ${CXX:-g++} -O0 -g -Wno-mismatched-new-delete main.cc -o prog -L. -lown -Wl,-rpath,"$A8_TMP" ||
    { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 ./prog >out 2>err
rc=$?
[ $rc -eq 0 ] || bad "exit $rc, expected 0"
[ "$(cat out)" = "done" ] || bad "output: $(head -3 out)"
grep -q 'alloc8: ERROR' err && bad "a report for the library's own pairs: $(grep -m2 -A3 'alloc8: ERROR' err)"
grep -q 'alloc8: SUMMARY: no errors' err || bad "no clean SUMMARY"
grep -q 'no debug info' err && bad "a no-debug-info note with no stack printed"
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 ./prog wrong >out2 2>err2
rc=$?
[ $rc -eq 23 ] || bad "wrong: exit $rc, expected 23"
grep -q 'alloc8: ERROR: alloc-dealloc-mismatch' err2 || bad "wrong: the new[]/delete mismatch is not reported"
grep -qE '#0 0x[0-9a-f]+ in main .*main.cc:18' err2 || bad "wrong: frame #0 is not the delete at main.cc:18"
grep -qE 'operator new\[\]' err2 || bad "wrong: the allocation stack does not show the library's operator new[]"
# One per wrong delete[] (100), none for the 100 matching scalar pairs.
grep -q 'alloc8: SUMMARY: 100 errors (100 alloc-dealloc-mismatch)' err2 ||
    bad "wrong: not 100 mismatches: $(grep 'SUMMARY: [0-9]' err2)"
[ $fail = 0 ] || { head -40 err; echo ---; head -40 err2; }
exit $fail
