#!/bin/bash
# The reports layer on hand-made records (tests/unit/reports_test.c, linked
# with the reports, core and symbolize objects only): the exact text lines
# (banner, header, what-was-found line, location wording, stack headers,
# thread creation chain, SUMMARY naming the right file:line), every kind's
# line, warnings, out-of-memory once, JSON lines that parse and carry the
# fields, symbolize=0, dedup and its exit-summary lines, reports of four
# threads that never interleave, log_path, halt_on_error / abort_on_error,
# and the breakpoint hook (exported; gdb stops in it).
set -u
cd "$A8_TMP"
O="$A8_BUILD/obj"
SRC="$A8_ROOT/tests/unit/reports_test.c"
objs=("$O"/reports/out.o "$O"/reports/json.o "$O"/reports/report.o "$O"/core/*.o "$O"/symbolize/*.o)
for f in "${objs[@]}"; do
    [ -f "$f" ] || { echo "FAIL: $f not built (run make)"; exit 1; }
done
${CC:-gcc} -std=gnu11 -O0 -g -Wall -Werror -I"$A8_ROOT/core" -I"$A8_ROOT/reports" -D_GNU_SOURCE \
    "$SRC" "${objs[@]}" -o rt -ldw -lelf /usr/lib/x86_64-linux-gnu/libiberty.a -ldl -lpthread ||
    { echo "FAIL: building reports_test"; exit 1; }

fail=0
bad() { echo "FAIL: $*"; fail=1; }
line_of() { grep -n "SITE:$1 " "$SRC" | cut -d: -f1; }
LF=$(line_of free) LA=$(line_of alloc) LFF=$(line_of first_free) LC=$(line_of create)
LO=$(line_of other)
HEX='0x[0-9a-f]+'
# has FILE REGEX...: each regex matches a whole line of FILE, in this order
has() {
    local f=$1; shift
    python3 - "$f" "$@" <<'EOF' || { bad "$f: lines missing (see above)"; }
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
pos = 0
for rx in sys.argv[2:]:
    r = re.compile(rx)
    for i in range(pos, len(lines)):
        if r.fullmatch(lines[i]):
            pos = i + 1
            break
    else:
        print("  no line (after line %d) matching: %s" % (pos, rx))
        print("  ---- " + sys.argv[1]); print("\n".join(lines[:200]))
        sys.exit(1)
EOF
}
frame() { echo "    #$1 $HEX in $2 .*/reports_test\.c:$3:[0-9]+ \(.*/rt\)"; }

# ---- one overflow, text --------------------------------------------------------
./rt overflow >ov.out 2>ov.err || bad "overflow: exit $?"
has ov.err '={65}' \
    'alloc8: ERROR: heap-buffer-overflow on address 0x602000000015 \(thread T0\)' \
    '    3 bytes written past the end were found at free: 41 41 41 \(expected fb\)' \
    "$(frame 0 site_free "$LF")" "$(frame 1 fresh "[0-9]+")" \
    '0x602000000015 is located 5 bytes after the 16-byte block \[0x602000000000,0x602000000010\)' \
    'allocated by thread T0 here:' "$(frame 0 site_alloc "$LA")" \
    "SUMMARY: alloc8: heap-buffer-overflow reports_test.c:$LF in site_free" \
    'alloc8: SUMMARY: 1 errors \(1 heap-buffer-overflow\), 16 bytes in 1 blocks still allocated at exit'
grep -q 'freed by' ov.err && bad "overflow: a freed stack was printed"
grep -qx 'ret=1' ov.out || bad "overflow: a8_report_error did not return true"

# ---- every kind ----------------------------------------------------------------
./rt kinds >k.out 2>k.err || bad "kinds: exit $?"
has k.err \
    'alloc8: ERROR: heap-buffer-underflow on address 0x601ffffffffd \(thread T0\)' \
    '    2 bytes written before the start were found at realloc: 42 43 \(expected fa\)' \
    '0x601ffffffffd is located 3 bytes before the 16-byte block .*' \
    'alloc8: ERROR: heap-use-after-free on address 0x602000000004 \(thread T0\)' \
    '    1 bytes written after free were found at quarantine eviction: 07 \(expected dd\)' \
    '0x602000000004 is located 4 bytes inside the 32-byte block \[0x602000000000,0x602000000020\)' \
    'allocated by thread T0 here:' 'freed by thread T3 here:' "$(frame 0 site_first_free "$LFF")" \
    'thread T3 created by T1 here:' "$(frame 0 site_create "$LC")" \
    'thread T1 created by T0 here:' \
    "SUMMARY: alloc8: heap-use-after-free reports_test.c:$LF in site_free" \
    'alloc8: ERROR: double-free on address 0x602000000000 \(thread T0\)' \
    '    attempting double-free on 0x602000000000 \(a 24-byte block\)' \
    'previously freed by thread T1 here:' "$(frame 0 site_first_free "$LFF")" \
    'thread T1 created by T0 here:' \
    'alloc8: ERROR: invalid-free on address 0x7ffc00001000 \(thread T0\)' \
    '    attempting free on 0x7ffc00001000, which was not returned by an allocation function' \
    'the address is on the stack of thread T2' 'thread T2 created by T0 here:' \
    "SUMMARY: alloc8: invalid-free reports_test.c:$LO in site_other" \
    "the address is in global variable 'g_table' of /usr/bin/prog" \
    'the address is in the image of /usr/bin/prog' \
    'the address is in an anonymous mapping \[0x7f0000000000,0x7f0000010000\)' \
    "the address is in alloc8's heap but in no block" \
    'the address is not mapped' \
    '    attempting free on 0x602000000008, which is not the start of a block' \
    '0x602000000008 is located 8 bytes inside the 16-byte block .*' \
    'alloc8: ERROR: alloc-dealloc-mismatch on address 0x602000000000 \(thread T0\)' \
    '    block allocated with operator new\[\] released with free' \
    'alloc8: ERROR: new-delete-size-mismatch on address 0x602000000000 \(thread T0\)' \
    '    operator delete says 32 bytes, the block has 40' \
    'alloc8: WARNING: allocation-size-too-big: requested 1099511627776 bytes \(max_size is 68719476736\)' \
    "$(frame 0 site_free "$LF")" \
    'alloc8: WARNING: calloc-overflow: nmemb 8589934592 × size 8589934592 overflows' \
    'alloc8: WARNING: invalid-alignment: posix_memalign: alignment 24 is not a power of two' \
    'alloc8: WARNING: out-of-memory: malloc of 34359738368 bytes failed \(reported once\)' \
    'alloc8: ERROR: heap-buffer-overflow on address 0x602000000010 \(thread T0\)' \
    '    an access past the end of the block was found at free' \
    '    <no stack recorded>' 'SUMMARY: alloc8: heap-buffer-overflow' \
    'alloc8: SUMMARY: 13 errors \(1 heap-buffer-overflow, 1 heap-buffer-underflow, 1 heap-use-after-free, 1 double-free, 7 invalid-free, 1 alloc-dealloc-mismatch, 1 new-delete-size-mismatch\), 0 bytes in 0 blocks still allocated at exit'
[ "$(grep -c 'out-of-memory' k.err)" = 1 ] || bad "kinds: out-of-memory reported more than once"
[ "$(grep -c '^SUMMARY: ' k.err)" = 13 ] || bad "kinds: want 13 SUMMARY lines (none for warnings)"
[ "$(grep -c '^=\{65\}$' k.err)" = 13 ] || bad "kinds: want 13 banners (none for warnings)"
grep -qx 'count=13' k.out || bad "kinds: error count: $(grep count k.out)"
[ "$(grep -cx 'ret=0' k.out)" = 1 ] || bad "kinds: want exactly one ret=0 (the second out-of-memory)"

# ---- frame #0 in libc: SUMMARY at the first frame outside the runtime ----------
./rt libc >lc.out 2>lc.err || bad "libc: exit $?"
has lc.err '    an access past the end of the block was found at guard page' \
    "    #0 $HEX .*\(/.*/libc\.so\.6\)" "$(frame 1 site_free "$LF")" \
    "SUMMARY: alloc8: heap-buffer-overflow reports_test.c:$LF in site_free"

# ---- symbolize=0: raw frames, SUMMARY as module+offset --------------------------
./rt overflow symbolize=0 >raw.out 2>raw.err || bad "symbolize=0: exit $?"
has raw.err "    #0 $HEX \(.*/rt\+0x[0-9a-f]+\)( BuildId: [0-9a-f]+)?" \
    'SUMMARY: alloc8: heap-buffer-overflow rt\+0x[0-9a-f]+'
grep -q ' in site_free' raw.err && bad "symbolize=0: frames were symbolized"

# ---- JSON ------------------------------------------------------------------------
./rt kinds report_format=json >j.out 2>j.err || bad "json: exit $?"
python3 - j.err "$LF" <<'EOF' || bad "json: see above"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
recs = [json.loads(l) for l in lines]          # every line is one object
kinds = [r.get("kind") for r in recs]
assert len(recs) == 18, (len(recs), kinds)     # 13 errors, 4 warnings, the summary
r = recs[1]                                    # the use-after-free
assert r["alloc8"] == "error" and r["kind"] == "heap-use-after-free", r
assert r["address"] == "0x602000000004" and r["thread"] == 0
b = r["block"]
assert b == {"address": "0x602000000000", "size": 32, "offset": 4, "allocated_by": "calloc",
             "freed_by": "free", "seq": 0}, b
f0 = r["stacks"]["here"][0]
assert f0["function"] == "site_free" and f0["file"].endswith("/reports_test.c"), f0
assert f0["line"] == int(sys.argv[2]) and f0["column"] > 0 and f0["inlined"] is False, f0
assert f0["pc"].startswith("0x") and f0["module"].endswith("/rt"), f0
assert r["stacks"]["alloc"][0]["function"] == "site_alloc"
assert r["stacks"]["freed"][0]["function"] == "site_first_free"
assert r["stack_threads"] == {"here": 0, "alloc": 0, "freed": 3}, r["stack_threads"]
assert [t["thread"] for t in r["threads"]] == [3, 1], r["threads"]
assert r["threads"][0]["parent"] == 1 and r["threads"][0]["created"][0]["function"] == "site_create"
assert r["corruption"] == {"length": 1, "found": "07", "expected": "0xdd",
                           "checked_at": "quarantine eviction"}, r["corruption"]
assert r["summary"] == "heap-use-after-free reports_test.c:%s in site_free" % sys.argv[2], r["summary"]
assert r["count"] == 1
assert r["message"] == "1 bytes written after free were found at quarantine eviction: 07 (expected dd)"
assert r["location"].startswith("0x602000000004 is located 4 bytes inside the 32-byte block")
g = [x for x in recs if x.get("foreign", {}).get("symbol") == "g_table"][0]
assert g["foreign"]["class"] == "global" and g["foreign"]["module"] == "/usr/bin/prog", g
w = [x for x in recs if x["alloc8"] == "warning"]
assert [x["kind"] for x in w] == ["allocation-size-too-big", "calloc-overflow",
                                  "invalid-alignment", "out-of-memory"], w
assert w[1]["args"]["nmemb"] == 8589934592
s = recs[-1]
assert s["alloc8"] == "summary" and s["errors"] == 13 and s["warnings"] == 5, s
assert s["by_kind"]["invalid-free"] == 7, s
EOF
head -2 j.err | tail -1 | python3 -m json.tool >/dev/null || bad "json: python3 -m json.tool rejects a line"

# JSON string escaping: quotes, backslashes, control bytes, invalid UTF-8.
./rt escape report_format=json >e.out 2>e.err || bad "json escape: exit $?"
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert r["foreign"]["symbol"] == "a\"b\\c\n\t\x01\x7f\ufffd\ufffd(", repr(r["foreign"]["symbol"])
assert r["foreign"]["module"] == "/tmp/caf\u00e9 \u20ac \U0001f600.so", repr(r["foreign"]["module"])
assert r["location"] == "the address is in global variable \x27%s\x27 of %s" % (
    r["foreign"]["symbol"], r["foreign"]["module"]), repr(r["location"])
' e.err || bad "json escape: $(cat e.err)"

# ---- dedup ------------------------------------------------------------------------
./rt dedup >d.out 2>d.err || bad "dedup: exit $?"
[ "$(grep -c '^alloc8: ERROR: heap-buffer-overflow' d.err)" = 2 ] ||
    bad "dedup: want 2 overflow reports (3 repeats at one site + 1 elsewhere)"
[ "$(grep -c '^alloc8: ERROR: double-free' d.err)" = 1 ] || bad "dedup: double-free printed twice"
[ "$(tr '\n' ' ' <d.out)" = "ret=1 ret=0 ret=0 ret=1 ret=1 ret=0 count=6 " ] ||
    bad "dedup: returns/count: $(tr '\n' ' ' <d.out)"
has d.err \
    "  2 more reports of heap-buffer-overflow at reports_test.c:$LF \(suppressed as repeats\)" \
    'alloc8: SUMMARY: 6 errors \(4 heap-buffer-overflow, 2 double-free\), 100 bytes in 2 blocks still allocated at exit'
grep -q "  1 more reports of double-free at reports_test.c:$LF (suppressed as repeats)" d.err ||
    bad "dedup: no repeat line for the double-free"
./rt dedup dedup=0 >d0.out 2>d0.err || bad "dedup=0: exit $?"
[ "$(grep -c '^alloc8: ERROR: ' d0.err)" = 6 ] || bad "dedup=0: want every report printed"
grep -q 'suppressed' d0.err && bad "dedup=0: repeats listed"
./rt dedup report_format=json >dj.out 2>dj.err || bad "dedup json: exit $?"
python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
s = recs[-1]
assert s["alloc8"] == "summary" and s["errors"] == 6, s
assert {(r["kind"], r["count"]) for r in s["repeats"]} == {("heap-buffer-overflow", 2), ("double-free", 1)}, s
' dj.err || bad "dedup json: summary repeats"

# ---- four threads at once: no interleaving --------------------------------------
./rt threads dedup=0 >t.out 2>t.err || bad "threads: exit $?"
grep -qx 'count=160' t.out || bad "threads: count $(cat t.out)"
python3 - t.err <<'EOF' || bad "threads: reports interleaved"
import re, sys
text = open(sys.argv[1]).read()
blocks = text.split("=" * 65 + "\n")[1:]
assert len(blocks) == 160, len(blocks)
for b in blocks:
    lines = b.splitlines()
    assert lines[0].startswith("alloc8: ERROR: double-free"), lines[:2]
    assert lines[-1].startswith("SUMMARY: alloc8: double-free"), lines[-3:]
    assert sum(l.startswith("alloc8: ERROR") for l in lines) == 1
    t = re.search(r"\(thread T(\d)\)", lines[0]).group(1)
    assert ("previously freed by thread T0 here:" in lines)
EOF

# ---- log_path ------------------------------------------------------------------------
./rt overflow "log_path=$A8_TMP/rlog" >/dev/null 2>lp.err || bad "log_path: exit $?"
[ -s lp.err ] && bad "log_path: something went to stderr: $(head -3 lp.err)"
ls "$A8_TMP"/rlog.* >/dev/null 2>&1 && grep -q '^SUMMARY: alloc8: heap-buffer-overflow' "$A8_TMP"/rlog.* ||
    bad "log_path: no report in rlog.<pid>"

# ---- halt_on_error / abort_on_error ------------------------------------------------
./rt halt halt_on_error=1:exitcode=42 >h.out 2>h.err; rc=$?
[ $rc = 42 ] || bad "halt_on_error: exit $rc, want 42"
grep -q '^SUMMARY: alloc8: heap-buffer-overflow' h.err || bad "halt_on_error: no report"
grep -q 'pending output' h.out || bad "halt_on_error: stdio not flushed by exit()"
grep -q 'atexit ran' h.out || bad "halt_on_error: atexit handlers did not run"
grep -q 'not reached' h.out && bad "halt_on_error: returned"
./rt halt abort_on_error=1 >a.out 2>a.err; rc=$?
[ $rc = 134 ] || bad "abort_on_error: exit $rc, want 134 (SIGABRT)"
grep -q '^SUMMARY: alloc8: heap-buffer-overflow' a.err || bad "abort_on_error: no report before abort"

# ---- the breakpoint hook ---------------------------------------------------------------
if [ -f "$A8_LIB" ]; then
    nm -D --defined-only "$A8_LIB" | grep -qw 'T alloc8_report_hook' ||
        bad "alloc8_report_hook is not exported from $A8_LIB"
else
    bad "$A8_LIB not built"
fi
if command -v gdb >/dev/null; then
    gdb -q -nx -batch -ex 'break alloc8_report_hook' -ex 'run' -ex 'bt' --args ./rt overflow \
        >g.out 2>&1
    grep -q 'Breakpoint 1, .*alloc8_report_hook' g.out || bad "gdb did not stop in alloc8_report_hook: $(tail -5 g.out)"
    grep -Eq '#1 .* a8_report_error' g.out || bad "gdb: alloc8_report_hook not called from a8_report_error"
    # the report is complete when the breakpoint hits
    grep -q '^SUMMARY: alloc8: heap-buffer-overflow' g.out || bad "gdb: report not printed before the hook"
else
    echo "note: gdb missing, hook breakpoint not checked"
fi

[ $fail = 0 ] && echo "reports_unit: OK"
exit $fail
