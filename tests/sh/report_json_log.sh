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
print("json ok")
PY
