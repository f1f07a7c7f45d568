#!/bin/bash
# A leak made inside a library that was dlopen'ed and then dlclose'd still
# shows a symbolized allocation stack (the symbolizer keeps module records).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >plugin.c <<'C'
#include <stdlib.h>
void *plugin_leak(void) { return malloc(123); } /* PLUGIN_LINE */
C
cat >host.c <<'C'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
uintptr_t hidden;
int main(int argc, char **argv)
{
    void *h = dlopen(argv[1], RTLD_NOW);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    void *(*f)(void) = (void *(*)(void))dlsym(h, "plugin_leak");
    hidden = ~(uintptr_t)f();
    dlclose(h);
    return 0;
}
C
$CC -O0 -g -fno-builtin -fPIC -shared plugin.c -o libplugin.so || { echo "FAIL: build"; exit 1; }
$CC -O0 -g -fno-builtin host.c -o host -ldl || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ./host "$PWD/libplugin.so" 2>err
rc=$?
[ $rc -eq 24 ] || bad "exit status $rc, want 24"
grep -q '123 bytes in 1 blocks are definitely lost in loss record 1 of 1' err || bad "no loss record"
grep -q "in plugin_leak .*plugin.c:2" err || bad "plugin frame not symbolized"
grep -q 'SUMMARY: alloc8: 123 byte(s) leaked in 1 allocation(s).' err || bad "no SUMMARY"
[ $fail = 0 ] || cat err
exit $fail
