#!/bin/bash
# A library whose constructor runs before alloc8's own (the program links
# it; the preloaded alloc8 is initialised later, as after libglib and
# libgobject in ffmpeg) allocates with alloc8 already serving malloc, but
# before alloc8's constructor has loaded libunwind.  Those allocations and
# reports used to get no stack ("<no stack recorded>": GObject's type nodes
# in every GLib program's leak report); the own walker gives them one:
#   - the constructor's leak: its stack starts in the constructor at its
#     file:line and goes on through ld.so's _dl_init;
#   - a double free in the constructor: reported as it happens, with the
#     constructor's lines in its stack and in the block's allocation stack;
#   - the constructor really ran before alloc8's (LD_DEBUG's init order), so
#     the test checks what it says it does.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cat >ctorlib.c <<'C'
#include <stdlib.h>
void *volatile keep;
__attribute__((constructor)) static void early_init(void)
{
    void *lost = malloc(77); // LINE:leak
    keep = lost;
    keep = malloc(33);
    char *twice = malloc(21); // LINE:alloc2
    free(twice);
    free(twice); // LINE:free2
}
C
cat >main.c <<'C'
#include <stdio.h>
extern void *volatile keep;
int main(void)
{
    printf("main %d\n", keep != 0);
    return 0;
}
C
${CC:-gcc} -g -O0 -shared -fPIC -o libctorlib.so ctorlib.c || exit 1
${CC:-gcc} -g -O0 -o main main.c -L. -lctorlib -Wl,-rpath,"$PWD" || exit 1
line() { grep -n "LINE:$1" ctorlib.c | cut -d: -f1; }

# Order: LD_DEBUG=files names each init call; libctorlib's before alloc8's.
LD_DEBUG=files LD_PRELOAD=$A8_LIB ALLOC8_OPTIONS=detect_leaks=0:exitcode=0 ./main >/dev/null 2>order.txt
first=$(grep 'calling init:' order.txt | grep -nE 'libctorlib|liballoc8' | head -1)
case "$first" in
*libctorlib*) ;;
*) bad "libctorlib's constructor does not run before alloc8's: $(grep 'calling init' order.txt)" ;;
esac

LD_PRELOAD=$A8_LIB ./main >out.txt 2>err.txt
rc=$?
[ "$rc" = 23 ] || bad "exit status $rc, want 23 (the double free)"
grep -q '^main 1$' out.txt || bad "the program's output: $(cat out.txt)"
grep -q 'no stack recorded' err.txt && bad "a stack is missing: $(grep -B3 'no stack recorded' err.txt | head -8)"
# The double free, reported as it happens, inside the constructor.
grep -q "^alloc8: ERROR: double-free on address" err.txt || bad "no double-free report: $(head -3 err.txt)"
sed -n '/ERROR: double-free on address/,/^SUMMARY/p' err.txt >df.txt
grep -qE "#0 0x[0-9a-f]+ in early_init \S*ctorlib\.c:$(line free2):" df.txt ||
    bad "the double free's site ctorlib.c:$(line free2): $(grep -m3 ' #' df.txt)"
sed -n '/^allocated by/,/^$/p' df.txt | grep -qE "#0 0x[0-9a-f]+ in early_init \S*ctorlib\.c:$(line alloc2):" ||
    bad "the block's allocation stack: $(sed -n '/^allocated by/,/^$/p' df.txt | head -3)"
# The leak: its allocation stack, through ld.so's _dl_init.
sed -n '/77 bytes in 1 blocks are definitely lost/,/^$/p' err.txt >leak.txt
grep -qE "#0 0x[0-9a-f]+ in early_init \S*ctorlib\.c:$(line leak):" leak.txt ||
    bad "the leak's site ctorlib.c:$(line leak): $(cat leak.txt)"
grep -q 'in _dl_init ' leak.txt || bad "the leak's stack does not reach _dl_init: $(cat leak.txt)"
[ $fail = 0 ] && echo "ctor_before_alloc8: OK"
exit $fail
