#!/usr/bin/env bash
# Split DWARF (-gsplit-dwarf): the program keeps a skeleton unit (the line
# table) and its DIEs go to a .dwo file, here those of the inlined function.
# Frames used to lose the inline chain (the skeleton has no scopes): the
# inlined function showed as its caller.  alloc8 now reads the split unit,
# which libdw finds beside the program or in the unit's compile directory.
# A missing .dwo gets one note, and its degraded frames are not cached.
set -u
cd "$A8_TMP"
bad() { echo "FAIL: $*"; cat err.txt; exit 1; }

mkdir -p src
cat > src/pool.h <<'C'
#include <stdlib.h>
static inline __attribute__((always_inline)) void pool_drop(char *p)
{
    p[12] = 1; /* line 4: past the 12-byte block */
    free(p);
}
C
cat > src/main.c <<'C'
#include "pool.h"
int main(void)
{
    pool_drop(malloc(12)); /* line 4 */
    return 0;
}
C

check_frames() { # program, what
    grep -q "alloc8: ERROR: heap-buffer-overflow" err.txt || bad "$2: no overflow report"
    grep -qE "#0 0x[0-9a-f]+ in pool_drop $A8_TMP/src/pool.h:5:5 \\($1\\) \\[inlined\\]" err.txt ||
        bad "$2: no inlined pool_drop frame at pool.h:5"
    grep -qE "#1 0x[0-9a-f]+ in main $A8_TMP/src/main.c:4:5 \\($1\\)" err.txt ||
        bad "$2: no main frame at main.c:4"
    grep -q "split DWARF file" err.txt && bad "$2: a note about a .dwo that is there"
    return 0
}

for v in 4 5; do
    (cd src && $CC -g -gdwarf-$v -gsplit-dwarf -O2 -fno-builtin main.c -o prog$v) || exit 1
    ls src/prog$v-main.dwo >/dev/null 2>&1 || ls src/*.dwo >/dev/null 2>&1 ||
        { echo "FAIL: the compiler made no .dwo file"; exit 1; }
    LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=off:exitcode=0 src/prog$v 2>err.txt
    check_frames "$A8_TMP/src/prog$v" "DWARF $v, .dwo beside it"
done

# Moved away from its .dwo: found through the unit's compile directory.
mkdir -p bin && cp src/prog5 bin/prog5
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=off:exitcode=0 bin/prog5 2>err.txt
check_frames "$A8_TMP/bin/prog5" "moved program"

# The .dwo gone: one note naming it; the frame falls back to the caller at
# the inlined line; nothing cached, so the inline frame is back with the file.
dwo=$(cd src && ls prog5*.dwo)
mv "src/$dwo" gone.dwo
mkdir -p cache
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=$A8_TMP/cache:exitcode=0 bin/prog5 2>err.txt
n=$(grep -c "alloc8: cannot find $dwo, the split DWARF file that the debug info of $A8_TMP/bin/prog5 refers to" err.txt)
[ "$n" = 1 ] || bad "missing .dwo: $n notes, want 1"
grep -qE "#0 0x[0-9a-f]+ in main $A8_TMP/src/pool.h:5:5" err.txt || bad "missing .dwo: no fallback frame"
mv gone.dwo "src/$dwo"
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=sym_cache=$A8_TMP/cache:exitcode=0 bin/prog5 2>err.txt
check_frames "$A8_TMP/bin/prog5" ".dwo back, frames cache in use"
echo "ok"
