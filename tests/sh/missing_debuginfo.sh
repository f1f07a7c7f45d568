#!/usr/bin/env bash
# A program without debug info: one line names the problem (once, though
# many frames need it), frames fall back to module+offset, the run goes on.
set -u
cd "$A8_TMP"
cat > nd.c <<'C'
#include <stdlib.h>
void twice(void) { char *p = malloc(10); free(p); free(p); }
int main(void) { twice(); twice(); return 0; }
C
${CC:-gcc} -O0 -fno-builtin nd.c -o nd && strip nd || exit 1
ALLOC8_OPTIONS=dedup=0 LD_PRELOAD=$A8_LIB ./nd 2>err
rc=$?
[ $rc -eq 23 ] || { echo "exit $rc, want 23"; cat err; exit 1; }
n=$(grep -c "alloc8: no debug info for $A8_TMP/nd:" err)
[ "$n" -eq 1 ] || { echo "want exactly one note, got $n"; cat err; exit 1; }
[ "$(grep -c 'alloc8: ERROR: double-free' err)" -eq 2 ] || { echo "want two reports"; cat err; exit 1; }
grep -qE "#0 0x[0-9a-f]+ \\($A8_TMP/nd\\+0x[0-9a-f]+\\)" err || { echo "no module+offset frame"; cat err; exit 1; }
