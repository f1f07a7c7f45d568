#!/bin/bash
# A program that defines malloc itself (chromium does) comes before the
# preloaded alloc8 in symbol lookup: its calls and the C library's go to
# its own malloc, and alloc8 checks only what that passes on.  A clean
# exit must not pass for a checked run, so alloc8 says so at start-up:
#   - own-heap: malloc and free of its own from a static pool; its overflow
#     is not seen, and the note names the program and malloc;
#   - wrapper: a malloc of its own that counts and forwards to the next
#     one (RTLD_NEXT, alloc8's): the note too, and the overflow of a block
#     it passed on is reported, as the note says;
#   - plain: an ordinary program gets no note; nor does a position-dependent
#     one that takes malloc's address (python3 does): its canonical PLT entry
#     is what a lookup of malloc returns, an undefined symbol, not a malloc.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >own.c <<'C'
#include <stddef.h>
#include <string.h>
static _Alignas(16) char pool[1 << 22];
static size_t used;
void *malloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (used + n > sizeof pool)
        return NULL;
    used += n;
    return pool + used - n;
}
void free(void *p) { (void)p; }
void *calloc(size_t a, size_t b) { return malloc(a * b); } /* the pool is zero */
void *realloc(void *p, size_t n)
{
    void *q = malloc(n);
    if (q && p)
        memcpy(q, p, n); /* reads past p's block at most into the pool */
    return q;
}
int main(void)
{
    char *p = malloc(16);
    p[16] = 1; /* not seen: not alloc8's block */
    free(p);
    return 0;
}
C
cat >wrap.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
static unsigned long calls;
void *malloc(size_t n)
{
    static void *(*next)(size_t);
    if (!next)
        next = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    calls++;
    return next(n);
}
int main(void)
{
    char *p = malloc(16);
    p[16] = 1; // LINE:overflow
    __builtin_free(p);
    printf("calls %lu\n", calls > 0 ? 1UL : 0UL);
    return 0;
}
C
cat >plain.c <<'C'
#include <stdlib.h>
int main(void) { free(malloc(8)); return 0; }
C
cat >plt.c <<'C'
#include <stdlib.h>
void *(*volatile get)(size_t);
int main(void)
{
    get = malloc; /* its address in non-PIC code: a canonical PLT entry */
    char *p = get(16);
    p[16] = 1; /* alloc8's block all the same: found at free */
    free(p);
    return 0;
}
C
for p in own wrap plain; do
    ${CC:-gcc} -O0 -g -fno-builtin $p.c -o $p-prog -ldl || { echo "FAIL: building $p-prog"; exit 1; }
done
${CC:-gcc} -O0 -g -fno-builtin -fno-pie -no-pie plt.c -o plt-prog || { echo "FAIL: building plt-prog"; exit 1; }
readelf --dyn-syms -W plt-prog | grep -qE ': 0*[1-9a-f][0-9a-f]* +0 +FUNC +GLOBAL +DEFAULT +UND +malloc\b' ||
    bad "plt-prog has no canonical PLT entry for malloc: $(readelf --dyn-syms -W plt-prog | grep -w malloc)"
run() { LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0 "$@"; }

run ./own-prog 2>own.err
rc=$?
[ $rc = 0 ] || bad "own-prog exited $rc: $(head -5 own.err)"
grep -qE "^alloc8: malloc here is .*/own-prog's own, not alloc8's: only the calls it passes on to the C library's malloc are checked$" own.err ||
    bad "own-prog: no note naming the program's malloc: $(head -5 own.err)"
[ "$(grep -c "own, not alloc8's" own.err)" = 1 ] || bad "own-prog: the note is not said once: $(cat own.err)"
grep -q 'ERROR' own.err && bad "own-prog: a report for a block alloc8 never saw: $(head -5 own.err)"

run ./wrap-prog >wrap.out 2>wrap.err
grep -qE "^alloc8: malloc here is .*/wrap-prog's own, not alloc8's" wrap.err ||
    bad "wrap-prog: no note: $(head -5 wrap.err)"
grep -q '^calls 1$' wrap.out || bad "wrap-prog's malloc was not called: $(cat wrap.out)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' wrap.err || bad "wrap-prog: the forwarded block's overflow: $(head -5 wrap.err)"
line=$(grep -n 'LINE:overflow' wrap.c | cut -d: -f1)
grep -q "is located 0 bytes after the 16-byte block" wrap.err || bad "wrap-prog: size/offset: $(grep -m2 bytes wrap.err)"
grep -qE "#0 0x[0-9a-f]+ in main \S*wrap\.c:$line:" wrap.err || bad "wrap-prog: the bug site wrap.c:$line: $(grep -m3 ' #' wrap.err)"

run ./plain-prog 2>plain.err
grep -q "not alloc8's" plain.err && bad "plain-prog got the note: $(cat plain.err)"
grep -q '^alloc8: SUMMARY: no errors' plain.err || bad "plain-prog: $(cat plain.err)"
run ./plt-prog 2>plt.err
grep -q "not alloc8's" plt.err && bad "plt-prog got the note: $(cat plt.err)"
grep -q '^alloc8: ERROR: heap-buffer-overflow' plt.err || bad "plt-prog: its overflow: $(head -5 plt.err)"
[ $fail = 0 ] && echo "own_malloc_note: OK"
exit $fail
