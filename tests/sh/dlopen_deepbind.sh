#!/bin/bash
# A plugin loaded with RTLD_DEEPBIND (PHP loads every extension so) binds
# malloc and free to the C library's before the preloaded alloc8's: blocks
# passed between it and the program were freed by the wrong allocator and
# glibc aborted ("munmap_chunk(): invalid pointer").  alloc8's dlopen drops
# the flag, notes it once, and the plugin's blocks are alloc8's: a block
# the program allocates is freed by the plugin, one the plugin allocates is
# freed by the program, and the plugin's own leak is reported with its
# frame.  The real dlopen is reached by a tail call, so glibc still sees
# the program as the caller: a bare name is found through the program's
# DT_RUNPATH ($ORIGIN/plugins), which alloc8's library does not have.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
mkdir -p plugins
cat >plugin.c <<'C'
#include <stdlib.h>
#include <string.h>
void plugin_free(void *p) { free(p); }
char *plugin_strdup(const char *s) { return strdup(s); }
void *plugin_keep(void) { return malloc(77); }
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
int main(void)
{
    void *h = dlopen("libplugin.so", RTLD_NOW | RTLD_DEEPBIND);
    if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    char *a = malloc(100);
    ((void (*)(void *))sym(h, "plugin_free"))(a);
    char *b = ((char *(*)(const char *))sym(h, "plugin_strdup"))("hello");
    printf("%s\n", b);
    free(b);
    hidden = ~(uintptr_t)((void *(*)(void))sym(h, "plugin_keep"))();
    puts("done");
    return 0;
}
C
${CC:-gcc} -g -O0 -fPIC -shared -fno-builtin plugin.c -o plugins/libplugin.so || exit 1
${CC:-gcc} -g -O0 -fno-builtin host.c -o host -Wl,--enable-new-dtags,-rpath,'$ORIGIN/plugins' -ldl || exit 1
readelf -d host | grep -q 'RUNPATH.*\$ORIGIN/plugins' || bad "the host has no DT_RUNPATH"
./host >native.out 2>native.err || bad "the host fails natively: $(cat native.err)"

LD_PRELOAD="$A8_LIB" ALLOC8_OPTIONS=leak_exitcode=0 ./host >out 2>err
rc=$?
[ $rc = 0 ] || bad "exit status $rc: $(tail -3 err)"
grep -qx done out || bad "the program did not finish: $(cat out)"
grep -q 'munmap_chunk\|free(): invalid' err && bad "glibc's free got alloc8's block: $(grep -m1 'invalid' err)"
grep -q 'dlopen: ' err && bad "the bare name was not found through the program's RUNPATH: $(grep dlopen: err)"
n=$(grep -c 'alloc8: dlopen("libplugin.so") with RTLD_DEEPBIND: loaded without the flag' err)
[ "$n" = 1 ] || bad "note printed $n times, want 1"
grep -q 'ERROR: \(heap\|double\|invalid\)' err && bad "alloc8 reported an error: $(grep -m1 ERROR: err)"
grep -q '77 bytes in 1 blocks are definitely lost' err ||
    bad "the plugin's leak is not alloc8's: $(grep -A3 'lost' err | head -5)"
grep -A3 '77 bytes in 1 blocks are definitely lost' err | grep -q 'in plugin_keep .*plugin.c:5' ||
    bad "the leak's frame is not plugin_keep at plugin.c:5"

# The fast build forwards to glibc's malloc: the flag is kept, and harmless.
LD_PRELOAD="$A8_FAST" ./host >fout 2>ferr || bad "fast mode: exit $? $(tail -2 ferr)"
grep -q 'RTLD_DEEPBIND' ferr && bad "fast mode noted the flag"
[ $fail = 0 ] || { echo "--- stderr"; cat err; }
exit $fail
