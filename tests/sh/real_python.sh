#!/bin/bash
# Debian's python3 with PYTHONMALLOC=malloc (every object through malloc) on a
# dict/list/string-heavy script, in every mode: same output as natively.
set -u
. "$A8_ROOT/tests/progs/real_lib.sh"
PY=/usr/bin/python3
[ -x $PY ] || { echo "SKIP: /usr/bin/python3 is not installed"; exit 77; }
cat >"$A8_TMP/work.py" <<'X'
import collections, json, random, re
random.seed(8)
d = {}
for i in range(60000):
    d["k%d" % i] = [i, str(i) * (i % 7), {"x": i % 13}]
for i in range(0, 60000, 3):
    del d["k%d" % i]
words = re.findall(r"\w+", " ".join(str(random.random()) for _ in range(30000)))
c = collections.Counter(w[:3] for w in words)
s = json.dumps(sorted(c.most_common(20)))
lists = [[j] * (j % 50) for j in range(20000)]
total = sum(len(l) for l in lists)
big = bytearray(5 << 20); big[-1] = 7
print(len(d), len(words), s, total, sum(big), sorted(d)[:3])
X
PYTHONMALLOC=malloc run_modes python $PY -S -E "$A8_TMP/work.py"
exit $fail
