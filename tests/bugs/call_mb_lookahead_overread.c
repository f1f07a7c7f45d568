/* The other side of clean_mb_lookahead.c: a conversion that does need the
 * element past its source's block (no terminator there, and len not
 * reached) still reads past it, and is reported, with the blocks guarded
 * (the first guard_max allocations are) as without.  wcsrtombs and
 * mbsrtowcs are first made bounded by the block (checker/mbconv.c,
 * ahead_start); that call used up the block, so it is undone and the plain
 * call made: its read past the end faults in the guard page. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 2;
    wchar_t *w = malloc(3 * sizeof(wchar_t)); // LINE:alloc
    w[0] = L'α';
    w[1] = L'β';
    w[2] = L'γ';
    char out[64];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const wchar_t *wp = w;
    size_t r = wcsrtombs(out, &wp, 20, &st); // BUG
    fprintf(stderr, "wcsrtombs went on: %zu\n", r);
    return 0;
}
// OPTIONS: detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ past the end of the block (caught by a guard page)
// CHECK: in wcsrtombs
// CHECK: in main {{\S*}}@LINE:BUG:
// CHECK: is located {{[0-9]+}} bytes after the 12-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
