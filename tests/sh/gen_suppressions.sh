#!/bin/bash
# gen_suppressions=1: after each error report (warnings too) and each loss
# record, a { } entry that hides it.  The entries of one run, pasted into a
# file as they are, hide every one of those reports in the next run (exit
# status 0, no ERROR or WARNING, the exit summary counts them), while a bug
# at another site is still reported; the entries read as the report's stack
# from the top (the function called first) down to main.  With valgrind installed, it
# reads the file too and its Memcheck:Leak entry hides valgrind's leak.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
. "$A8_ROOT/tests/progs/supp_lib.sh"
cat >prog.c <<'C'
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
__attribute__((noinline)) void legacy_cleanup(char *p) { free(p); free(p); }
__attribute__((noinline)) void parse_header(void)
{
    char *b = malloc(10);
    for (int i = 0; i <= 10; i++) /* one byte too many, found at free */
        b[i] = 'h';
    free(b);
}
__attribute__((noinline)) void poke_past(char *b, int n)
{
    for (int i = 0; i <= n; i++) /* the last write lands in the guard page */
        b[i] = 'p';
}
__attribute__((noinline)) void probe_limits(void)
{
    volatile size_t huge = SIZE_MAX - 4096;
    free(malloc(huge));
}
__attribute__((noinline)) char *cache_entry(size_t n) { return malloc(n); }
__attribute__((noinline)) void real_bug(void)
{
    int local;
    free(&local);
}
char *kept;
int main(int argc, char **argv)
{
    legacy_cleanup(malloc(24));
    parse_header();
    char *g = malloc(64);
    poke_past(g, 64);
    free(g);
    probe_limits();
    cache_entry(40);
    kept = cache_entry(50); /* reachable: no record */
    if (argc > 1)
        real_bug();
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin prog.c -o prog || { echo "FAIL: building prog"; exit 1; }
run() { # options, args...
    local o=$1
    shift
    LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=$o ./prog "$@"
}
run gen_suppressions=1 >/dev/null 2>gen.err
rc=$?
[ $rc = 23 ] || bad "first run: exit $rc, want 23"
# What a user pastes: the lines from "{" to "}" after each announcement.
gen_entries gen.err
n=$(grep -c '^{$' gen.supp)
[ "$n" = 5 ] || bad "want 5 entries (double free, overflow at free, guard page, size warning, leak), got $n: $(cat gen.supp)"
want_entry '\|alloc8:double-free\|' \
    "|double-free in legacy_cleanup|alloc8:double-free|fun:free|fun:legacy_cleanup|fun:main" \
    "double-free entry"
want_entry '\|alloc8:heap-buffer-overflow\|fun:free' \
    "|heap-buffer-overflow in parse_header|alloc8:heap-buffer-overflow|fun:free|fun:parse_header|fun:main" \
    "overflow-at-free entry"
want_entry '\|alloc8:heap-buffer-overflow\|fun:poke_past' \
    "|heap-buffer-overflow in poke_past|alloc8:heap-buffer-overflow|fun:poke_past|fun:main" \
    "guard-page entry (frame 0 the faulting function, no call)"
want_entry '\|alloc8:allocation-size-too-big\|' \
    "|allocation-size-too-big in probe_limits|alloc8:allocation-size-too-big|fun:malloc|fun:probe_limits|fun:main" \
    "size warning entry"
want_entry '\|Memcheck:Leak\|' \
    "|leak in cache_entry|Memcheck:Leak|match-leak-kinds: definite|fun:malloc|fun:cache_entry|fun:main" \
    "leak entry"

run suppressions=gen.supp >/dev/null 2>supp.err
rc=$?
[ $rc = 0 ] || bad "with the generated file: exit $rc, want 0: $(head -5 supp.err)"
grep -Eq 'ERROR|WARNING' supp.err && bad "with the generated file, a report is left: $(grep -E 'ERROR|WARNING' supp.err | head -3)"
grep -q '^alloc8: 4 error reports suppressed (suppressions=gen.supp):$' supp.err ||
    bad "exit summary: $(grep suppressed supp.err)"
grep -q '^  1 double-free reports matched by double-free in legacy_cleanup$' supp.err ||
    bad "per-entry count: $(grep matched supp.err)"
grep -q '1 blocks (40 bytes) matched by leak in cache_entry' supp.err || bad "leak not hidden by its entry"

run suppressions=gen.supp x >/dev/null 2>other.err
rc=$?
[ $rc = 23 ] || bad "another bug: exit $rc, want 23"
grep -q 'ERROR: invalid-free' other.err || bad "a bug at another site was hidden: $(head -3 other.err)"
[ "$(grep -c 'ERROR:' other.err)" = 1 ] || bad "with another bug: want only its report: $(grep ERROR: other.err)"

# JSON reports carry no entry (the text ones do).
run gen_suppressions=1:report_format=json >/dev/null 2>json.err
grep -q 'a suppression for this' json.err && bad "report_format=json: text entries in the JSON stream"

if command -v valgrind >/dev/null; then
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite --suppressions=gen.supp \
        ./prog >/dev/null 2>vg.err
    grep -qi 'suppression' vg.err && grep -qiE 'error in suppression|bad|unknown' vg.err &&
        bad "valgrind did not read the file: $(head -3 vg.err)"
    grep -q 'definitely lost in loss record' vg.err &&
        bad "valgrind: the Memcheck:Leak entry did not hide the leak: $(grep -A3 'definitely lost' vg.err)"
    grep -q 'Invalid free' vg.err || bad "valgrind: its own reports should remain (alloc8: entries are not its): $(head -3 vg.err)"
else
    echo "valgrind not installed: its reading of the file is not checked"
fi
exit $fail
