#!/bin/bash
# Debian's git on a repository made in the test: init, add, commit, log,
# diff, in every mode, with fixed identities and dates so the commit ids are
# the same everywhere.
set -u
. "$A8_ROOT/tests/progs/real_lib.sh"
need git
export HOME="$A8_TMP" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org \
    GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org \
    GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'
session() {
    set -e
    $RUN git init -q -b main .
    for i in $(seq 1 40); do seq 1 $((i * 50)) >file$i.txt; done
    $RUN git add .
    $RUN git commit -q -m "first"
    for i in $(seq 1 40 | grep 5); do seq 3 $((i * 40)) >file$i.txt; done
    echo new >new.txt
    $RUN git add -A
    $RUN git commit -q -m "second"
    $RUN git log --stat --format='%H %s'
    $RUN git diff HEAD~1 --stat
    $RUN git diff HEAD~1 -- file15.txt | head -50
    $RUN git status --porcelain
    $RUN git gc -q
    $RUN git fsck --no-progress
    $RUN git rev-list --all --objects | wc -l
}
run_modes git session
exit $fail
