#!/bin/bash
# Debian's sqlite3 on an in-memory database in every mode: same results.
set -u
. "$A8_ROOT/tests/progs/real_lib.sh"
need sqlite3
cat >"$A8_TMP/q.sql" <<'X'
CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v REAL, blob BLOB);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000)
INSERT INTO t SELECT i, 'key' || (i % 977), i * 0.5, zeroblob(i % 300) FROM c;
CREATE INDEX tk ON t(k);
SELECT k, count(*), sum(v), sum(length(blob)) FROM t GROUP BY k ORDER BY 2 DESC, 1 LIMIT 5;
DELETE FROM t WHERE id % 3 = 0;
UPDATE t SET k = upper(k) || group_id FROM (SELECT 'x' AS group_id) WHERE id % 5 = 0;
SELECT count(*), count(DISTINCT k), max(length(k)) FROM t;
SELECT group_concat(k, ',') FROM (SELECT DISTINCT k FROM t ORDER BY k LIMIT 20);
VACUUM;
PRAGMA integrity_check;
X
run_modes sqlite sqlite3 :memory: -init /dev/null ".read $A8_TMP/q.sql"
exit $fail
