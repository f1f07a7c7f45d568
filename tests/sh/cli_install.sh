#!/bin/bash
# make install DESTDIR=… PREFIX=/usr: the libraries, the header, the CLI,
# alloc8-symbolize (when built), alloc8.pc and the static library with its
# alloc8-static.pc land in place; the installed
# CLI finds the installed library; pkg-config reads alloc8.pc, and a program
# built with its flags links the prefixed static library and runs.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
R="$A8_TMP/root"
make -s -C "$A8_ROOT" install DESTDIR="$R" PREFIX=/usr >make.out 2>&1 ||
    { echo "FAIL: make install:"; tail -20 make.out; exit 1; }

for f in lib/liballoc8.so lib/liballoc8-fast.so lib/liballoc8-prefixed.a include/alloc8.h \
         lib/liballoc8-static.a lib/liballoc8-static.wrap bin/alloc8 lib/pkgconfig/alloc8.pc lib/pkgconfig/alloc8-static.pc; do
    [ -f "$R/usr/$f" ] || bad "not installed: /usr/$f"
done
[ -x "$R/usr/bin/alloc8" ] || bad "/usr/bin/alloc8 is not executable"
if [ -x "$A8_BUILD/alloc8-symbolize" ]; then
    [ -x "$R/usr/bin/alloc8-symbolize" ] || bad "alloc8-symbolize not installed"
fi
[ "$(find "$R" -path '*/build/*' | wc -l)" = 0 ] || bad "build paths under the install root"

# The installed CLI preloads the installed library (absolute path).
"$R/usr/bin/alloc8" -- sh -c 'echo "$LD_PRELOAD"' >ld.out 2>/dev/null
[ "$(cat ld.out)" = "$R/usr/lib/liballoc8.so" ] || bad "installed CLI preloads '$(cat ld.out)'"
"$R/usr/bin/alloc8" --fast -- sh -c 'echo "$LD_PRELOAD"' >ld.out 2>/dev/null
[ "$(cat ld.out)" = "$R/usr/lib/liballoc8-fast.so" ] || bad "installed CLI --fast preloads '$(cat ld.out)'"
"$R/usr/bin/alloc8" --version | grep -Eq '^alloc8 [0-9]' || bad "installed --version"
# The installed CLI's static link flags name the installed archive.
"$R/usr/bin/alloc8" --static-libs | grep -q -- "--whole-archive $R/usr/lib/liballoc8-static.a " ||
    bad "installed --static-libs: $("$R/usr/bin/alloc8" --static-libs)"
"$R/usr/bin/alloc8" --static-libs | grep -q -- "-Wl,@$R/usr/lib/liballoc8-static.wrap " ||
    bad "installed --static-libs does not name the installed --wrap file: $("$R/usr/bin/alloc8" --static-libs)"

if ! command -v pkg-config >/dev/null; then
    [ $fail = 0 ] || exit 1
    echo "pkg-config not installed (make deps installs it): pkg-config checks skipped"
    exit 77
fi
# The .pc says PREFIX=/usr; PKG_CONFIG_SYSROOT_DIR maps it into the DESTDIR.
export PKG_CONFIG_PATH="$R/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$R" PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
pkg-config --exists alloc8 || bad "pkg-config does not find alloc8"
cf=$(pkg-config --cflags alloc8) && [ "$(echo $cf)" = "-I$R/usr/include" ] || bad "pkg-config --cflags: '$cf'"
libs=$(pkg-config --libs alloc8) || bad "pkg-config --libs failed"
[[ "$libs" == *"-L$R/usr/lib"*"-l:liballoc8-prefixed.a"*"-ldw"* ]] || bad "pkg-config --libs: '$libs'"
[ "$(pkg-config --modversion alloc8)" = "$(sed -n 's/^#define ALLOC8_VERSION "\(.*\)"$/\1/p' "$A8_ROOT/include/alloc8.h")" ] ||
    bad "pkg-config --modversion: $(pkg-config --modversion alloc8)"
PKG_CONFIG_SYSROOT_DIR= pkg-config --variable=prefix alloc8 | grep -qx /usr || bad "prefix is not /usr"
# alloc8-static.pc: the same flags as alloc8 --static-libs, the archive by -l:
slibs=$(pkg-config --libs alloc8-static) || bad "pkg-config --libs alloc8-static failed"
[[ "$slibs" == *"-L$R/usr/lib"*"--wrap=exit"*"--wrap=_exit"*"--wrap=_Exit"*"--wrap=__libc_start_main"*"/usr/lib/liballoc8-static.wrap"*"--whole-archive"*"-l:liballoc8-static.a"*"--no-whole-archive"*"-ldw"* ]] ||
    bad "pkg-config --libs alloc8-static: '$slibs'"

cat >p.c <<'C'
#include <alloc8.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    char *p = alloc8_malloc(32);
    if (!p)
        return 1;
    strcpy(p, "prefixed");
    puts(p);
    alloc8_free(p);
    return 0;
}
C
# shellcheck disable=SC2046
if ${CC:-gcc} -O0 -g p.c -o p $(pkg-config --cflags --libs alloc8) >cc.out 2>&1; then
    [ "$(./p 2>run.err)" = prefixed ] || bad "prefixed program: $(cat run.err)"
else
    bad "linking with pkg-config --libs alloc8: $(tail -5 cc.out)"
fi

# A static program linked with alloc8-static.pc's flags has the checker in it.
cat >s.c <<'C'
#include <stdlib.h>
int main(void)
{
    char *p = malloc(12);
    p[12] = 1;
    free(p);
    return 0;
}
C
# PKG_CONFIG_SYSROOT_DIR maps -L and -I only: the --wrap file's -Wl,@ path
# is put under the install root here.
slibs=$(pkg-config --libs alloc8-static | sed "s|-Wl,@/usr/lib/|-Wl,@$R/usr/lib/|")
# shellcheck disable=SC2086
if ${CC:-gcc} -O0 -g -static s.c -o s $slibs >cc.out 2>&1; then
    ./s 2>s.err
    rc=$?
    [ $rc = 23 ] && grep -q '^alloc8: ERROR: heap-buffer-overflow' s.err && grep -q 'in main .*s.c:6' s.err ||
        bad "static program (exit $rc): $(head -4 s.err)"
else
    bad "linking with pkg-config --libs alloc8-static: $(tail -5 cc.out)"
fi

[ $fail = 0 ] && echo "cli_install: OK"
exit $fail
