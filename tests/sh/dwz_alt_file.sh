#!/usr/bin/env bash
# Debug info shrunk by dwz (Debian's dbgsym packages are): DIEs shared by
# several files live in a dwz file named by .gnu_debugaltlink, here the
# inlined function's name.  libdw used to open that file itself, at the
# lowest free number and inheritable, after the first report; alloc8 now
# finds it through its own search, as it does the debug files: high and
# close-on-exec.  Both ways a link is found: relative to the file holding the
# DWARF (dwz's default), and an absolute name in a separate debug file
# reached by .gnu_debuglink.  A dwz file that is missing gets one note.
set -u
cd "$A8_TMP"
command -v dwz >/dev/null || { echo "SKIP: dwz is not installed (make deps installs it)"; exit 77; }
bad() { echo "FAIL: $*"; cat err.txt; exit 1; }

cat > common.h <<'C'
#include <stdlib.h>
static inline __attribute__((always_inline)) void release_twice(void *p)
{
    free(p);
    free(p); /* line 5: the second free */
}
C
cat > prog.c <<'C'
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
static unsigned char before[4096]; /* open before the report */
int main(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while ((e = readdir(d)))
        if (atoi(e->d_name) > 0 && atoi(e->d_name) < 4096 && atoi(e->d_name) != dirfd(d))
            before[atoi(e->d_name)] = 1;
    closedir(d);
    release_twice(malloc(16)); /* line 16 */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    long floor = rl.rlim_cur / 4 * 3 < 1000 ? (long)(rl.rlim_cur / 4 * 3) : 1000;
    int fresh = 0, bad = 0;
    d = opendir("/proc/self/fd");
    while ((e = readdir(d))) {
        int fd = atoi(e->d_name);
        if (fd <= 0 || fd == dirfd(d) || (fd < 4096 && before[fd]))
            continue;
        fresh++;
        if (fd < floor || !(fcntl(fd, F_GETFD) & FD_CLOEXEC)) {
            char path[64], to[256];
            snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
            ssize_t k = readlink(path, to, sizeof to - 1);
            to[k > 0 ? k : 0] = '\0';
            fprintf(stderr, "descriptor %d (%s): low or inherited\n", fd, to);
            bad++;
        }
    }
    closedir(d);
    fprintf(stderr, "new descriptors: %d, %d low or inherited\n", fresh, bad);
    return 0;
}
C
# Two copies of one program: dwz moves what they share, the inline
# function's DIE among it, to the dwz file.
$CC -g -O2 -fno-builtin prog.c -o rel1 || exit 1
cp rel1 rel2
dwz -m common.debug rel1 rel2 || exit 1
readelf -S rel1 | grep -q gnu_debugaltlink || { echo "FAIL: dwz made no .gnu_debugaltlink"; exit 1; }

# A stripped program with its DWARF in sep1.debug (found by debuglink),
# which names its dwz file by an absolute path.
mkdir -p dwzdir
$CC -g -O2 -fno-builtin prog.c -o sep1 || exit 1
cp sep1 sep2
dwz -m "$A8_TMP/dwzdir/shared.debug" -M "$A8_TMP/dwzdir/shared.debug" sep1 sep2 || exit 1
objcopy --only-keep-debug sep1 sep1.debug && objcopy --strip-debug --add-gnu-debuglink=sep1.debug sep1 || exit 1

check_run() { # program, what
    LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=off:exitcode=0 "./$1" 2>err.txt
    grep -q "alloc8: ERROR: double-free" err.txt || bad "$2: no double-free report"
    grep -qE "#0 0x[0-9a-f]+ in release_twice $A8_TMP/common.h:5:5 \($A8_TMP/$1\) \[inlined\]" err.txt ||
        bad "$2: the inlined frame (its name is in the dwz file) is missing"
    grep -qE "#1 0x[0-9a-f]+ in main $A8_TMP/prog.c:16:" err.txt || bad "$2: no main frame at prog.c:8"
    grep -qE "new descriptors: [1-9][0-9]*, 0 low or inherited" err.txt ||
        bad "$2: a descriptor alloc8 opened is low or inherited"
    grep -q "dwz file" err.txt && bad "$2: a note about the dwz file, which is there"
    return 0
}
check_run rel1 "relative link"
check_run sep1 "absolute link from a separate debug file"

# Missing: one note naming the file and the module; the frame falls back to
# the enclosing function (main) at the inlined line.
mv common.debug gone.debug
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=off:exitcode=0:dedup=0 ./rel1 2>err.txt
n=$(grep -c "alloc8: cannot find common.debug, the dwz file that the debug info of $A8_TMP/rel1 refers to" err.txt)
[ "$n" = 1 ] || bad "missing dwz file: $n notes, want 1"
grep -qE "#0 0x[0-9a-f]+ in main $A8_TMP/common.h:5:5" err.txt || bad "missing dwz file: no fallback frame"
grep -qE "new descriptors: [1-9][0-9]*, 0 low or inherited" err.txt ||
    bad "missing dwz file: a low or inherited descriptor"
# The frames cache keeps nothing of a module whose dwz file is missing: once
# the file is back, the inlined frame is there.
mkdir -p cache
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=$A8_TMP/cache:exitcode=0 ./rel1 2>err.txt
grep -q "alloc8: cannot find common.debug" err.txt || bad "cached run: no note for the missing dwz file"
mv gone.debug common.debug
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=$A8_TMP/cache:exitcode=0 ./rel1 2>err.txt
grep -qE "#0 0x[0-9a-f]+ in release_twice $A8_TMP/common.h:5:5 \($A8_TMP/rel1\) \[inlined\]" err.txt ||
    bad "frames resolved without the dwz file were cached and outlived its return"
echo "ok"
