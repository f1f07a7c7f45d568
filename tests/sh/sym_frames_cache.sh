#!/bin/bash
# The frames cache (option sym_cache, symbolize/diskcache.c): the first run
# writes the frames of each pc it resolved with debug info to DIR/<build-id>;
# a later run reads them from there and prints the same report.  The file
# is really read (an entry edited by hand shows in the next report); lines
# that do not parse are skipped and the right frame is appended; a file
# with a foreign first line is neither read nor changed; a module without
# debug info is not cached, and its note still comes; sym_cache=off writes
# nothing; a relative path is refused with a note; an unusable directory
# changes nothing in the report.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >prog.c <<'C'
#include <stdlib.h>
#include <string.h>
char *volatile sink;
int main(void)
{
    sink = strdup("a leaked string"); /* the frame in libc: __strdup */
    sink = 0;
    return 0;
}
C
cat >plain.c <<'C'
#include <stdlib.h>
void *volatile sink;
int main(void) { sink = malloc(9); sink = 0; return 0; }
C
gcc -g -O0 -o prog prog.c || exit 1
gcc -O0 -o plain plain.c || exit 1
bid() { readelf -n "$1" | sed -n 's/.*Build ID: *//p'; }
prog_id=$(bid prog)
[ -n "$prog_id" ] || { echo "SKIP: gcc made no build-id"; exit 77; }
strip_addrs() { sed -E 's/0x[0-9a-f]+//g; s/\(check at exit, thread T0\)//' "$1"; }
line=$(grep -n 'strdup("a leaked' prog.c | cut -d: -f1)

run() { # run DIR PROGRAM OUT [more options]
    ALLOC8_OPTIONS="sym_cache=$1${4:+:$4}" LD_PRELOAD=$A8_LIB "./$2" 2>"$3"
}

D=$PWD/cache
run "$D" prog r1.txt
grep -q "in main .*prog.c:$line:" r1.txt || bad "first run: main's frame not at prog.c:$line"
[ -f "$D/$prog_id" ] || bad "no cache file $D/$prog_id after the first run"
head -1 "$D/$prog_id" | grep -qx 'alloc8 frames 1' || bad "cache file's first line: $(head -1 "$D/$prog_id")"
grep -q "	main.*prog.c.$line" "$D/$prog_id" || bad "main's frame not in the cache file"
lines1=$(cat "$D"/* | wc -l)

run "$D" prog r2.txt
diff <(strip_addrs r1.txt) <(strip_addrs r2.txt) >/dev/null || {
    bad "second run's report differs from the first's"
    diff <(strip_addrs r1.txt) <(strip_addrs r2.txt) | head -20
}
lines2=$(cat "$D"/* | wc -l)
[ "$lines1" = "$lines2" ] || bad "second run appended to the cache ($lines1 -> $lines2 lines): it did not find its frames"
# libc's frames too, when this machine has libc's debug info.
if grep -q '__strdup .*strdup.c:' r1.txt; then
    libc_id=$(bid "$(ldd ./prog | sed -n 's/.*libc.so.6 => \([^ ]*\).*/\1/p')")
    grep -q '__strdup' "$D/$libc_id" 2>/dev/null || bad "libc's __strdup frame not cached in $D/$libc_id"
else
    echo "note: no debug info for libc here: its frames are not cached (not checked)"
fi

# The entry is what the next run prints.
sed -i 's/\tmain\x1f/\tcached_main\x1f/' "$D/$prog_id"
run "$D" prog r3.txt
grep -q "in cached_main .*prog.c:$line:" r3.txt || bad "an edited entry did not show: the file was not read"

# Lines that do not parse are skipped; the frame is resolved and appended.
printf 'alloc8 frames 1\nzz r \tjunk\n%x r \tmain\x1f\x1fnot-hex\x1f\x1f1\x1f1\x1f0\n1 c \tcut short' \
    "$(grep -P '\tcached_main' "$D/$prog_id" | cut -d' ' -f1 | sed 's/^/0x/' | xargs printf '%d')" \
    >"$D/$prog_id"
run "$D" prog r4.txt
grep -q "in main .*prog.c:$line:" r4.txt || bad "with a damaged cache file: main's frame not at prog.c:$line"
grep -q "	main.*prog.c.$line" "$D/$prog_id" || bad "the resolved frame was not appended to the damaged file"

# A file with another first line: not read, not written.
printf 'something else\n' >"$D/$prog_id"
run "$D" prog r5.txt
grep -q "in main .*prog.c:$line:" r5.txt || bad "with a foreign file: main's frame not at prog.c:$line"
[ "$(cat "$D/$prog_id")" = "something else" ] || bad "a foreign file was changed"

# No debug info: not cached, and the note still comes on a later run.
plain_id=$(bid plain)
run "$D" plain p1.txt
run "$D" plain p2.txt
[ -e "$D/$plain_id" ] && bad "a module without debug info was cached"
grep -q 'no debug info for .*plain' p2.txt || bad "second run of a module without debug info: no note"

# off: nothing written.
run "$PWD/off-dir" prog o1.txt
[ -d off-dir ] || bad "sym_cache=DIR made no directory"
ALLOC8_OPTIONS=sym_cache=off XDG_CACHE_HOME=$PWD/xdg LD_PRELOAD=$A8_LIB ./prog 2>o2.txt
[ -e xdg ] && bad "sym_cache=off wrote $(find xdg | head -3)"
# The default place: $XDG_CACHE_HOME/alloc8/frames.
XDG_CACHE_HOME=$PWD/xdg2 LD_PRELOAD=$A8_LIB ./prog 2>o3.txt
[ -f "xdg2/alloc8/frames/$prog_id" ] || bad "no cache file under \$XDG_CACHE_HOME/alloc8/frames"

# A relative path: refused, said once.
run rel prog n1.txt
grep -q "option sym_cache: rel is not an absolute path; frames are not cached" n1.txt ||
    bad "relative sym_cache: no note"
[ -e rel ] && bad "relative sym_cache: a directory was made"

# A directory that cannot be made (a file is in the way): the same report.
: >blocker
run "$PWD/blocker/frames" prog b1.txt
diff <(strip_addrs r1.txt) <(strip_addrs b1.txt) >/dev/null || bad "an unusable cache directory changed the report"
exit $fail
