#!/bin/bash
# A library dlclose'd and another one dlopen'ed at its addresses: stacks
# captured before the dlclose name the first library's code, stacks captured
# after it the second's (the checker marks each dlclose with the depot's
# next stack id; the symbolizer picks the module loaded when a stack was
# stored).  Text and JSON reports, error and leak stacks.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >first.c <<'C'
#include <stdlib.h>
void *first_alloc(void) { return malloc(33); }
void *first_leak(void) { return malloc(77); }
C
cat >second.c <<'C'
#include <stdlib.h>
int second_pad(int x) { return x * 7 + 1; }
void *second_alloc(void) { return malloc(44); }
int second_more(int x) { return x * 5 - 3; }
C
cat >host.c <<'C'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
uintptr_t hidden;
static void *sym(void *h, const char *name)
{
    void *f = dlsym(h, name);
    if (!f) { fprintf(stderr, "%s\n", dlerror()); exit(1); }
    return f;
}
int main(int argc, char **argv)
{
    void *h = dlopen(argv[1], RTLD_NOW);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    char *p = ((void *(*)(void))sym(h, "first_alloc"))();
    hidden = ~(uintptr_t)((void *(*)(void))sym(h, "first_leak"))();
    void *fa = sym(h, "first_alloc");
    free(p);
    dlclose(h);
    void *h2 = dlopen(argv[2], RTLD_NOW);
    if (!h2) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    void *fb = sym(h2, "second_alloc");
    long d = (char *)fb - (char *)fa;
    printf("distance %ld\n", d < 0 ? -d : d);
    char *q = ((void *(*)(void))fb)();
    free(q);
    free(q); /* double free: allocated in the second library */
    free(p); /* double free: allocated in the first, now unloaded */
    return 0;
}
C
$CC -O0 -g -fPIC -shared first.c -o libfirst.so || { echo "FAIL: build"; exit 1; }
$CC -O0 -g -fPIC -shared second.c -o libsecond.so || { echo "FAIL: build"; exit 1; }
$CC -O0 -g host.c -o host -ldl || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ./host "$PWD/libfirst.so" "$PWD/libsecond.so" >out 2>err
rc=$?
dist=$(sed -n 's/^distance //p' out)
if [ -z "$dist" ] || [ "$dist" -ge 4096 ]; then
    echo "the loader put the second library elsewhere (distance '${dist}'): nothing to tell apart"
    cat out err
    exit 77
fi
[ $rc -eq 23 ] || bad "exit status $rc, want 23"
# the two double frees, in order: second's block, then first's
alloc_a=$(awk '/ERROR: double-free/{n++} n==2 && /allocated by/{getline; print; exit}' err)
alloc_b=$(awk '/ERROR: double-free/{n++} n==1 && /allocated by/{getline; print; exit}' err)
grep -q "in first_alloc .*first.c:2" <<<"$alloc_a" ||
    bad "the first library's block: allocation frame '$alloc_a', want first_alloc first.c:2"
grep -q "libfirst.so" <<<"$alloc_a" || bad "the first library's block: module not libfirst.so"
grep -q "in second_alloc .*second.c:3" <<<"$alloc_b" ||
    bad "the second library's block: allocation frame '$alloc_b', want second_alloc second.c:3"
leak=$(grep -A2 '77 bytes in 1 blocks are definitely lost' err | tail -1)
grep -q "in first_leak .*first.c:3" <<<"$leak" || bad "leak frame '$leak', want first_leak first.c:3"
# JSON: the same stacks
ALLOC8_OPTIONS=report_format=json LD_PRELOAD=$A8_LIB ./host "$PWD/libfirst.so" \
    "$PWD/libsecond.so" >/dev/null 2>json
grep '"kind": *"double-free"' json | tail -1 | grep -q '"function": *"first_alloc"' ||
    bad "JSON: the first library's block does not name first_alloc"
grep '"kind": *"double-free"' json | tail -1 | grep -q 'second_' &&
    bad "JSON: the first library's block names the second library"
grep '"alloc8": *"leak"' json | grep -q '"function": *"first_leak"' ||
    bad "JSON: the leak does not name first_leak"
[ $fail = 0 ] || { cat err; head -c 3000 json; }
exit $fail
