#!/bin/bash
# C++ names in suppressions, as valgrind spells them: mangled for a function
# (fun:_ZN5store5Cache4fillEm), the plain DW_AT_name for an inlined one
# (fun:grab).  gen_suppressions=1 writes them so, and the operators called
# mangled (fun:_ZdaPv); alloc8 reads valgrind's own file for the same program
# (inlined frame included), mangled patterns with wildcards, and demangled
# patterns; a pattern for another namespace hides nothing.  valgrind reads
# alloc8's generated leak entries.
set -u
cd "$A8_TMP"
command -v valgrind >/dev/null || { echo "skip: valgrind is not installed (make deps installs it)"; exit 77; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }
. "$A8_ROOT/tests/progs/supp_lib.sh"
cat >p.cc <<'CC'
#include <cstdlib>
#include <cstring>
namespace store {
struct Cache {
    __attribute__((noinline)) char *fill(std::size_t n);
};
char *Cache::fill(std::size_t n)
{
    char *p = new char[n]; // FILL
    p[0] = 1;              // (no tail call: the frame stays)
    return p;
}
struct Pool {
    static inline __attribute__((always_inline)) char *grab(std::size_t n)
    {
        char *p = static_cast<char *>(malloc(n));
        memset(p, 0, n);
        return p;
    }
};
__attribute__((noinline)) char *refill(std::size_t n)
{
    char *p = Pool::grab(n);
    p[1] = 3;
    return p;
}
__attribute__((noinline)) void drop_twice(char *p)
{
    delete[] p;
    delete[] p;
    asm volatile("" ::: "memory"); // (no tail call: the frame stays)
}
} // namespace store
__attribute__((noinline)) void lose()
{
    char *volatile p = store::refill(32);
    p = nullptr;
}
__attribute__((noinline)) void clobber()
{
    char volatile buf[256];
    memset(const_cast<char *>(buf), 0, sizeof buf);
}
int main()
{
    store::Cache c;
    c.fill(40);
    store::drop_twice(c.fill(8));
    lose();
    clobber();
    return 0;
}
CC
$CXX -O2 -g -fno-builtin p.cc -o p || { echo "FAIL: build"; exit 1; }
run() { LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=$1 ./p; }

# 1. What alloc8 writes.
run gen_suppressions=1 >/dev/null 2>gen.err
gen_entries gen.err
want_entry 'alloc8:double-free' \
    "|double-free in store::drop_twice(char*)|alloc8:double-free|fun:_ZdaPv|fun:_ZN5store10drop_twiceEPc|fun:main" \
    "double-free entry"
want_entry 'fun:_Znam' \
    "|leak in store::Cache::fill(unsigned long)|Memcheck:Leak|match-leak-kinds: definite|fun:_Znam|fun:_ZN5store5Cache4fillEm|fun:main" \
    "new[] leak entry"
want_entry 'fun:malloc' \
    "|leak in store::Pool::grab(unsigned long)|Memcheck:Leak|match-leak-kinds: definite|fun:malloc|fun:grab|fun:_ZN5store6refillEm|fun:_Z4losev|fun:main" \
    "inlined-frame leak entry"
# The reports themselves still print demangled names.
fill_line=$(grep -n '// FILL' p.cc | cut -d: -f1)
grep -q "in store::Cache::fill(unsigned long) .*p.cc:$fill_line:" gen.err || bad "report lost the demangled name (p.cc:$fill_line)"

# 2. The entries hide every report of the next run.
run suppressions=gen.supp >/dev/null 2>rerun.err
rc=$?
[ $rc = 0 ] || bad "rerun with the generated file: exit $rc, want 0"
grep -q 'ERROR' rerun.err && bad "rerun still reports: $(grep ERROR rerun.err)"
grep -q '72 bytes in 2 blocks suppressed' rerun.err || bad "rerun: both leaks not counted suppressed: $(grep 'leak check' rerun.err)"

# 3. valgrind reads the generated leak entries: both leaks hidden.
valgrind -q --leak-check=full --suppressions=gen.supp ./p 2>vg_gen.err
grep -q 'definitely lost' vg_gen.err && bad "valgrind did not take alloc8's leak entries: $(grep -A3 'definitely lost' vg_gen.err)"
grep -q 'Invalid free' vg_gen.err || bad "valgrind's double free should stay (alloc8:KIND blocks are alloc8's)"

# 4. valgrind's own file for this program, as it wrote it, hides alloc8's leaks.
valgrind -q --leak-check=full --gen-suppressions=all ./p 2>vg.err
grep -v '^==' vg.err >vg.supp
grep -q '^   fun:grab$' vg.supp || bad "valgrind wrote no plain name for the inlined frame: $(cat vg.supp)"
run suppressions=vg.supp >/dev/null 2>vgfile.err
grep -q 'are definitely lost' vgfile.err && bad "valgrind's file left a leak: $(grep -A3 'are definitely lost' vgfile.err)"
grep -q 'ERROR: double-free' vgfile.err && bad "valgrind's Memcheck:Free entry did not hide the double free"

# 5. Hand-written patterns: mangled with wildcards, demangled; and one that
#    names another namespace, which hides nothing.
cat >hand.supp <<'S'
{
   free-in-store
   Memcheck:Free
   fun:_ZdaPv
   fun:_ZN5store*
}
{
   cache-leak
   Memcheck:Leak
   fun:_Zna*
   fun:_ZN5store5Cache*
}
{
   pool-leak
   Memcheck:Leak
   fun:malloc
   fun:grab
   fun:store::refill(*)
}
S
run suppressions=hand.supp >/dev/null 2>hand.err
rc=$?
[ $rc = 0 ] || bad "hand-written file: exit $rc, want 0: $(grep -E 'ERROR|lost in' hand.err)"
grep -q '1 double-free reports matched by free-in-store' hand.err || bad "free-in-store did not hide the double free"
grep -q '(40 bytes) matched by cache-leak' hand.err || bad "cache-leak did not hide the new[] leak"
grep -q '(32 bytes) matched by pool-leak' hand.err || bad "pool-leak did not hide the inlined malloc leak"
sed 's/_ZN5store/_ZN5other/; s/fun:grab/fun:grub/' hand.supp >other.supp
run suppressions=other.supp >/dev/null 2>other.err
rc=$?
[ $rc = 23 ] || bad "another namespace's patterns: exit $rc, want 23"
grep -q 'ERROR: double-free' other.err || bad "_ZN5other* hid the double free"
[ "$(grep -c 'are definitely lost' other.err)" = 2 ] || bad "_ZN5other*/grub hid a leak"
exit $fail
