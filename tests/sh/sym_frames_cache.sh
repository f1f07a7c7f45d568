#!/bin/bash
# The frames cache (option sym_cache, symbolize/diskcache.c): the first run
# writes the frames of each pc it resolved with debug info to DIR/<build-id>;
# a later run reads them from there and prints the same report.  The file
# is really read (an entry edited by hand shows in the next report); lines
# that do not parse are skipped and the right frame is appended; a file
# with a foreign first line is neither read nor changed; a module without
# debug info is not cached, and its note still comes; sym_cache=off writes
# nothing; a relative path is refused with a note; an unusable directory
# changes nothing in the report.  The default directory is private and
# outside $HOME.
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
mkdir -m 700 rt0
ALLOC8_OPTIONS=sym_cache=off XDG_RUNTIME_DIR=$PWD/rt0 LD_PRELOAD=$A8_LIB ./prog 2>o2.txt
[ -e rt0/alloc8 ] && bad "sym_cache=off wrote $(find rt0 | head -3)"

# The default place is outside $HOME (the symbolizer writes nothing under
# $HOME), even with XDG_CACHE_HOME and TMPDIR in it: $XDG_RUNTIME_DIR/alloc8,
# made private (0700), its frames/ folder.
uid=$(id -u)
mkdir -p home/tmp && mkdir -m 700 rt
default() { # default OUT [VAR=VALUE...]: a run with the default sym_cache
    local out=$1
    shift
    env -u XDG_RUNTIME_DIR -u TMPDIR -u ALLOC8_OPTIONS HOME="$PWD/home" \
        XDG_CACHE_HOME="$PWD/home/.cache" "$@" LD_PRELOAD="$A8_LIB" ./prog 2>"$out"
}
default d1.txt XDG_RUNTIME_DIR="$PWD/rt" TMPDIR="$PWD/home/tmp"
[ -f "rt/alloc8/frames/$prog_id" ] || bad "no cache file in \$XDG_RUNTIME_DIR/alloc8/frames"
[ "$(stat -c %a rt/alloc8 2>/dev/null)" = 700 ] || bad "\$XDG_RUNTIME_DIR/alloc8 is not mode 700"
# Without XDG_RUNTIME_DIR: $TMPDIR/alloc8-UID.
mkdir td
default d2.txt TMPDIR="$PWD/td"
[ -f "td/alloc8-$uid/frames/$prog_id" ] || bad "no cache file in \$TMPDIR/alloc8-$uid/frames"
[ "$(stat -c %a "td/alloc8-$uid" 2>/dev/null)" = 700 ] || bad "\$TMPDIR/alloc8-$uid is not mode 700"
# A TMPDIR under $HOME is passed over (for /tmp/alloc8-UID).
default d3.txt TMPDIR="$PWD/home/tmp"
[ -z "$(find home -mindepth 1 -not -path home/tmp)" ] || bad "written under \$HOME: $(find home | head -5)"
[ -z "$(ls -A home/tmp)" ] || bad "written in a TMPDIR under \$HOME: $(ls -A home/tmp)"
# Also when TMPDIR only leads there through a symbolic link.
ln -s "$PWD/home/tmp" tlink
default d4.txt TMPDIR="$PWD/tlink"
[ -z "$(ls -A home/tmp)" ] || bad "written in a TMPDIR linked into \$HOME: $(ls -A home/tmp)"
if [ -O "/tmp/alloc8-$uid" ] && [ ! -L "/tmp/alloc8-$uid" ] &&
    [ "$(stat -c %a "/tmp/alloc8-$uid")" = 700 ]; then
    [ -f "/tmp/alloc8-$uid/frames/$prog_id" ] || bad "no cache file in /tmp/alloc8-$uid/frames"
    rm -f "/tmp/alloc8-$uid/frames/$prog_id" # this test's program only
else
    echo "note: /tmp/alloc8-$uid is not a private directory here: not checked"
fi
for f in d1.txt d2.txt d3.txt d4.txt; do
    grep -q "in main .*prog.c:$line:" $f || bad "$f: main's frame not at prog.c:$line"
done
# A directory there that is not this user's alone: not read, not written,
# said once; the report is the same.
mkdir -p td2/alloc8-$uid && chmod 777 td2/alloc8-$uid
default e1.txt TMPDIR="$PWD/td2"
grep -q "frames cache: $PWD/td2/alloc8-$uid is not a private directory of this user (owner $uid, mode 777); frames are not cached" e1.txt ||
    bad "a directory open to others: no note"
[ -z "$(ls -A td2/alloc8-$uid)" ] || bad "a directory open to others was written to"
mkdir -p td3 elsewhere && ln -s "$PWD/elsewhere" td3/alloc8-$uid
default e2.txt TMPDIR="$PWD/td3"
grep -q "frames cache: $PWD/td3/alloc8-$uid is not a private directory of this user (.*, a symbolic link); frames are not cached" e2.txt ||
    bad "a symbolic link: no note"
[ -z "$(ls -A elsewhere)" ] || bad "a symbolic link was followed"
for f in e1.txt e2.txt; do
    [ "$(grep -c 'frames cache:' $f)" = 1 ] || bad "$f: the note is not said once"
    diff <(strip_addrs r1.txt) <(grep -v 'frames cache:' $f | strip_addrs /dev/stdin) >/dev/null ||
        bad "$f: the report changed"
done
if [ "$uid" = 0 ] && id nobody >/dev/null 2>&1; then
    # Another user's directory, and an XDG_RUNTIME_DIR that is not ours.
    mkdir -m 700 td4 rt4 && mkdir -m 700 td4/alloc8-0 && chown nobody td4/alloc8-0 rt4
    default e3.txt TMPDIR="$PWD/td4"
    grep -q "td4/alloc8-0 is not a private directory of this user (owner $(id -u nobody), mode 700)" e3.txt ||
        bad "another user's directory: no note"
    default e4.txt XDG_RUNTIME_DIR="$PWD/rt4" TMPDIR="$PWD/td"
    [ -e rt4/alloc8 ] && bad "another user's XDG_RUNTIME_DIR was used"
else
    echo "note: not root: another user's directories not checked"
fi

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
