/* Freed strings whose guarded blocks have their pages closed, handed to
 * the calls whose source alloc8 measures itself before the call: strdup,
 * strndup, wcsdup, sscanf.  Measuring there would fault in alloc8's own
 * code, and the report would say "caught by a guard page" under the C
 * library's strlen at #0, naming no call.  Each is reported as a read of
 * the call, its first character, with the caller's line at #0, and the
 * pages are opened so the call then reads the free fill as natively. */
// OPTIONS: detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by strdup of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strdup:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in freed {{\S*}}@LINE:free:
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by strndup of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strndup:
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by wcsdup of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcsdup:
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by {{(__isoc99_)?}}sscanf of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:sscanf:
// CHECK: alloc8: SUMMARY: 4 errors (4 heap-use-after-free)
// CHECK-NOT: guard page
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* A freed copy of text: each bug gets its own block (a block reported
 * once is not reported again). */
static char *freed(const char *text)
{
    char *s = strdup(text);
    free(s); // LINE:free
    return s;
}

int main(void)
{
    char *a = strdup(freed("some text"));      // LINE:strdup
    char *b = strndup(freed("some text"), 64); // LINE:strndup
    wchar_t *w = wcsdup(L"wide");
    free(w);
    wchar_t *c = wcsdup(w); // LINE:wcsdup
    int n = 0;
    sscanf(freed("12"), "%d", &n); // LINE:sscanf
    free(a), free(b), free(c);
    return 0;
}
