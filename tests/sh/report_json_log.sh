#!/usr/bin/env bash
# report_format=json and log_path: a real bug program under the checker
# writes one JSON object per report into LOG.<pid>, nothing to stderr, and the
# record carries the kind, block size, offset and the bug line's frame.
set -u
cd "$A8_TMP"
cat > bug.c <<'C'
#include <stdlib.h>
int main(void)
{
    char *p = malloc(24); /* alloc line */
    free(p);
    free(p);              /* bug line */
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin bug.c -o bug || exit 1
ALLOC8_OPTIONS=report_format=json:log_path=$A8_TMP/rep:detect_leaks=0 LD_PRELOAD=$A8_LIB ./bug 2>stderr.txt
rc=$?
[ $rc -eq 23 ] || { echo "exit $rc, want 23"; exit 1; }
[ -s stderr.txt ] && { echo "stderr not empty:"; cat stderr.txt; exit 1; }
logs=(rep.*)
[ ${#logs[@]} -eq 1 ] && [ -f "${logs[0]}" ] || { echo "want one rep.<pid> file, got: ${logs[*]}"; exit 1; }
python3 - "${logs[0]}" "$(grep -n 'bug line' bug.c | cut -d: -f1)" "$(grep -n 'alloc line' bug.c | cut -d: -f1)" <<'PY'
import json, sys
path, bug_line, alloc_line = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
objs = [json.loads(l) for l in open(path) if l.strip()]
errs = [o for o in objs if o.get("kind") == "double-free"]
assert len(errs) == 1, objs
e = errs[0]
assert e["block"]["size"] == 24, e["block"]
assert e["block"]["offset"] == 0, e["block"]
here = e["stacks"]["here"][0]
assert here["function"] == "main" and here["file"].endswith("bug.c") and here["line"] == bug_line, here
alloc = e["stacks"]["alloc"][0]
assert alloc["function"] == "main" and alloc["line"] == alloc_line, alloc
assert "freed" in e["stacks"] and e["stacks"]["freed"], e["stacks"].keys()
# main's caller is glibc's start-up, as in the text: alloc8's own frame that
# runs main (for the exit leak check) is left out
for name, st in e["stacks"].items():
    assert not any("liballoc8" in (f.get("module") or "") for f in st), (name, st)
    assert st[1]["function"] == "__libc_start_call_main", (name, st[:2])
print("json ok")
PY
[ $? -eq 0 ] || exit 1

# A checked call's report carries the access: what, how many bytes, where.
cat > call.c <<'C'
#include <stdlib.h>
#include <string.h>
int main(void)
{
    char *p = malloc(40);
    memcpy(p, "0123456789012345678901234567890123456789012345678", 49); /* call line */
    free(p);
    return 0;
}
C
${CC:-gcc} -O0 -g -fno-builtin call.c -o call || exit 1
ALLOC8_OPTIONS=report_format=json:detect_leaks=0:guard_max=0 LD_PRELOAD=$A8_LIB ./call 2>call.json
python3 - call.json "$(grep -n 'call line' call.c | cut -d: -f1)" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
errs = [o for o in objs if o.get("alloc8") == "error"]
assert len(errs) == 1, errs  # once: not again at free
e = errs[0]
assert e["kind"] == "heap-buffer-overflow", e["kind"]
assert e["access"]["type"] == "WRITE" and e["access"]["size"] == 49, e.get("access")
assert int(e["access"]["address"], 16) == int(e["block"]["address"], 16), (e["access"], e["block"])
assert e["block"]["size"] == 40 and e["block"]["offset"] == 40, e["block"]
assert e["call"] == "memcpy", e["call"]
assert e["stacks"]["here"][0]["line"] == int(sys.argv[2]), e["stacks"]["here"][0]
assert "rerun_options" not in e, e  # caught at the call: nothing to rerun
print("json call ok")
PY
