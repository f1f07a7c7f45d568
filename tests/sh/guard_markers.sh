#!/bin/bash
# Guard markers (Linux 6.13+): closed pages cost no VMA.  A program frees
# 1500 big blocks (each freed block's tail is closed while it waits in
# quarantine) and 300 small guarded ones, then counts its own mappings.
# With markers (the default) the count stays near a plain program's; with
# guard_markers=0 (mprotect) every closed range is a mapping of its own, so
# the same program shows well over a thousand — which is also what proves
# the count measures the closing.  A use after free of a tail is still
# caught at the instruction with markers, and the exit figures name them.
set -u
cd "$A8_TMP"
cat >prog.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    static char *keep[1500];
    for (int i = 0; i < 300; i++)
        free(malloc(100)); /* guarded: their pages closed in quarantine */
    for (int i = 0; i < 1500; i++) {
        keep[i] = malloc(100000);
        memset(keep[i], i, 100000);
    }
    for (int i = 0; i < 1500; i++)
        free(keep[i]);
    FILE *f = fopen("/proc/self/maps", "r");
    int n = 0;
    for (int c; (c = fgetc(f)) != EOF;)
        n += c == '\n';
    fclose(f);
    printf("maps %d\n", n);
    char c = keep[700][90000]; /* a freed block's closed tail */
    printf("read %d\n", c);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: build"; exit 1; }
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=verbosity=2 ./prog >on.out 2>on.err
if grep -q 'closed pages: mprotect' on.err; then
    echo "this kernel ($(uname -r)) has no guard markers (MADV_GUARD_INSTALL, Linux 6.13+)"
    exit 77
fi
LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=verbosity=2:guard_markers=0 ./prog >off.out 2>off.err
fail=0
bad() { echo "FAIL: $*"; fail=1; }
line=$(grep -n 'closed tail' prog.c | cut -d: -f1)
on=$(sed -n 's/^maps //p' on.out)
off=$(sed -n 's/^maps //p' off.out)
echo "mappings: $on with guard markers, $off with mprotect"
[ -n "$on" ] && [ "$on" -lt 300 ] || bad "with markers the program has $on mappings"
[ -n "$off" ] && [ "$off" -gt 1500 ] || bad "with mprotect only $off mappings: the count shows nothing"
grep -qE 'closed pages: guard markers(;|$)' on.err || bad "exit figures do not name guard markers"
grep -qE 'closed pages: mprotect(;|$)' off.err || bad "guard_markers=0 did not use mprotect"
for m in on off; do
    grep -q 'ERROR: heap-use-after-free' $m.err || bad "$m: the read of a closed tail was not reported"
    grep -q 'is located 90000 bytes inside the 100000-byte block' $m.err || bad "$m: wrong offset"
    grep -qE "#0 0x[0-9a-f]+ in main .*prog\\.c:$line:" $m.err || bad "$m: not at the reading line"
    grep -q 'ERROR: heap-buffer-overflow' $m.err && bad "$m: a spurious overflow"
done
[ $fail = 0 ] || tail -n 30 on.err off.err
exit $fail
