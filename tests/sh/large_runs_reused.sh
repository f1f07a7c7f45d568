#!/bin/bash
# The address range of a large block that leaves quarantine is reused for
# later blocks of any size, not only by one of exactly its size.  Before,
# a run whose size no later block asked for kept its range forever, once
# the run cache (64 runs) was full: a program that freed blocks of many
# large sizes walked through the heap's reserved region (91 GiB of it after
# 300,000 blocks of 64 KiB..2 MiB) and, where the region is small, ran out:
# under a 3 GB address-space limit (RLIMIT_AS: the region is 2 GiB there)
# malloc failed after 6,353 such blocks.  Here 20,000 of them, one at a
# time, under that limit: every malloc succeeds, no out-of-memory warning,
# and the spans used stay a fraction of the region (verbosity=2's note).
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >runs.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    unsigned long x = 88172645463325252UL;
    for (long i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t sz = 65536 + (x % (2u << 20)); /* 64 KiB .. 2 MiB */
        char *p = malloc(sz);
        if (!p) {
            printf("malloc(%zu) failed at block %ld\n", sz, i);
            return 1;
        }
        p[0] = 1, p[sz - 1] = 2;
        free(p);
    }
    printf("ok\n");
    return 0;
}
C
${CC:-gcc} -O1 -g runs.c -o runs || { echo "FAIL: building runs"; exit 1; }
(ulimit -v 3000000 && LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0:verbosity=2 ./runs) >out.txt 2>err.txt
rc=$?
[ $rc = 0 ] && grep -q '^ok$' out.txt || bad "exit $rc: $(cat out.txt) $(grep -m2 -E 'WARNING|ERROR' err.txt)"
grep -q 'out-of-memory' err.txt && bad "$(grep -m1 out-of-memory err.txt)"
mib=$(grep -oE 'spans: [0-9]+ MiB' err.txt | grep -oE '[0-9]+')
[ -n "$mib" ] || bad "no stats note: $(tail -3 err.txt)"
[ -n "$mib" ] && [ "$mib" -lt 512 ] || bad "spans used: ${mib:-?} MiB (want < 512: the ranges are reused)"
[ $fail = 0 ] && echo "large_runs_reused: OK (spans: $mib MiB)"
exit $fail
