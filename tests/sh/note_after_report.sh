#!/bin/bash
# A note made while a report is written (the symbolizer's "no debug info
# for FILE", when a stack first shows a frame of FILE) follows the report:
# written at once it landed inside the report, mid-line when the report was
# longer than alloc8's 64 KiB report buffer (graphviz's dot leak report had
# "#9 0xalloc8: no debug info for …libexpat.so.1…" then the address's rest).
# The program: 200 leaks from distinct functions (~100 KiB of report), the
# smallest, listed last, allocated in a library built without -g.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >nodebug.c <<'C'
#include <stdlib.h>
void *nodebug_leak(void) { return malloc(1); }
C
{
    echo '#include <stdlib.h>'
    echo 'void *nodebug_leak(void);'
    echo 'void *volatile sink;'
    for i in $(seq 0 199); do
        echo "__attribute__((noinline)) void leak$i(void) { sink = malloc($((1000 + i))); }"
    done
    echo 'int main(void) {'
    for i in $(seq 0 199); do echo "    leak$i();"; done
    echo '    sink = nodebug_leak();'
    echo '    sink = 0;'
    echo '    return 0;'
    echo '}'
} >many.c
gcc -O0 -shared -fPIC -o libnodebug.so nodebug.c || exit 1
gcc -g -O0 -o many many.c -L. -lnodebug -Wl,-rpath,"$PWD" || exit 1

LD_PRELOAD=$A8_LIB ./many 2>err.txt
rc=$?
[ "$rc" = 24 ] || bad "exit status $rc, want 24 (leaks)"
records=$(grep -c 'are definitely lost in loss record' err.txt)
[ "$records" = 201 ] || bad "$records loss records, want 201"
[ "$(wc -c <err.txt)" -gt 70000 ] || bad "report of $(wc -c <err.txt) bytes: not past the 64 KiB buffer"
# The note: once, on a line of its own, after the leak report's last line.
notes=$(grep -c 'no debug info for' err.txt)
[ "$notes" = 1 ] || bad "$notes lines mention 'no debug info', want 1"
note_line=$(grep -n 'no debug info for' err.txt | cut -d: -f1)
grep -q "^alloc8: no debug info for $PWD/libnodebug.so: " err.txt || bad "the note does not start its line"
last_record=$(grep -n 'are definitely lost in loss record 201 of 201' err.txt | cut -d: -f1)
last_frame=$(grep -n 'in nodebug_leak' err.txt | tail -1 | cut -d: -f1)
[ -n "$last_frame" ] && [ -n "$note_line" ] && [ "$note_line" -gt "$last_frame" ] &&
    [ "$note_line" -gt "$last_record" ] || bad "the note (line $note_line) is not after the report"
# Every frame line whole: "#N 0x… in …".
broken=$(grep -E '^ +#[0-9]+ ' err.txt | grep -cvE '^ +#[0-9]+ 0x[0-9a-f]+ in ')
[ "$broken" = 0 ] || bad "$broken broken frame lines"
# And the frame in the library without debug info shows function+offset.
grep -qE '#0 0x[0-9a-f]+ in malloc|in nodebug_leak\+0x[0-9a-f]+ \(.*libnodebug.so\)' err.txt ||
    bad "no function+offset frame for libnodebug.so"
[ "$fail" = 0 ] || { sed -n "1,12p;$((note_line - 3)),$((note_line + 2))p" err.txt; exit 1; }
exit 0
