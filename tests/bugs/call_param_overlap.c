/* Copies whose source and destination overlap, which C leaves undefined
 * for memcpy and the string copies (memmove is the one that may): each is
 * reported at the call as param-overlap, with both ranges, how many bytes
 * they share, and where those bytes are (a heap block with its allocation
 * stack, a thread's stack, a global), counted as ASan counts them; the copy
 * then runs as natively.  The same calls without an overlap are not
 * reported: a copy onto itself (memcpy(p, p, n), what GCC emits for a
 * struct assigned to itself), memmove, ranges that touch without sharing a
 * byte, strncat of nothing, and strncpy's NUL padding over the source
 * (ASan counts the bytes copied; valgrind counts n). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: memcpy's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (10 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (10 bytes) overlap in 7 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in shift_left {{\S*}}@LINE:memcpy:
// CHECK: is located 3 bytes inside the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: SUMMARY: alloc8: param-overlap @LINE:memcpy in shift_left
// CHECK: alloc8: ERROR: param-overlap
// CHECK: strcpy's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (6 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (6 bytes) overlap in 4 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in on_stack {{\S*}}@LINE:strcpy:
// CHECK: the address is on the stack of thread T0
// CHECK: alloc8: ERROR: param-overlap
// CHECK: strncat's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (5 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (2 bytes) overlap in 2 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in in_global {{\S*}}@LINE:strncat:
// CHECK: the address is in global variable 'g_text' of
// CHECK: alloc8: ERROR: param-overlap
// CHECK: strcat's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (6 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (4 bytes) overlap in 3 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strcat:
// CHECK: is located 3 bytes inside the 40-byte block
// CHECK: alloc8: ERROR: param-overlap
// CHECK: stpncpy's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (9 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (9 bytes) overlap in 7 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:stpncpy:
// CHECK: is located 2 bytes inside the 40-byte block
// CHECK: alloc8: ERROR: param-overlap
// CHECK: mempcpy's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (16 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (16 bytes) overlap in 12 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mempcpy:
// CHECK: is located 4 bytes inside the 40-byte block
// CHECK: alloc8: ERROR: param-overlap
// CHECK: memccpy's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (3 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (3 bytes) overlap in 2 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memccpy:
// CHECK: is located 1 bytes inside the 40-byte block
// CHECK: alloc8: ERROR: param-overlap
// CHECK: wcscpy's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (20 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (20 bytes) overlap in 12 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscpy:
// CHECK: is located 8 bytes inside the 160-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:walloc:
// CHECK: alloc8: SUMMARY: 8 errors (8 param-overlap)
// CHECK-NOT: heap-buffer-overflow
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static char g_text[32];

__attribute__((noinline)) void shift_left(char *p, size_t by, size_t n)
{
    memcpy(p, p + by, n); // LINE:memcpy
}

__attribute__((noinline)) int on_stack(void)
{
    char buf[32];
    strcpy(buf, "0123456");
    strcpy(buf, buf + 2); // LINE:strcpy
    return buf[0] == '2';
}

__attribute__((noinline)) int in_global(void)
{
    strcpy(g_text, "ab");
    strcpy(g_text + 3, "xyz");
    strncat(g_text, g_text + 3, 2); // LINE:strncat
    return g_text[2] == 'x';
}

int main(void)
{
    int ok = 1;
    char *a = malloc(40); // LINE:alloc
    memset(a, 'x', 39);
    a[39] = 0;
    shift_left(a, 3, 10);
    ok &= on_stack();
    ok &= in_global();

    strcpy(a, "ab");
    strcpy(a + 3, "xyz");
    strcat(a, a + 3); // LINE:strcat
    ok &= strcmp(a, "abxyz") == 0;

    strcpy(a, "abcdefghij");
    stpncpy(a, a + 2, 20); // LINE:stpncpy
    ok &= strcmp(a, "cdefghij") == 0;

    strcpy(a, "0123456789abcdefghij");
    mempcpy(a + 4, a, 16); // LINE:mempcpy
    strcpy(a, "key=value");
    memccpy(a, a + 1, '=', 20); // LINE:memccpy
    ok &= strncmp(a, "ey=", 3) == 0;

    wchar_t *w = malloc(40 * sizeof(wchar_t)); // LINE:walloc
    wcscpy(w, L"abcdef");
    wcscpy(w, w + 2); // LINE:wcscpy
    ok &= wcscmp(w, L"cdef") == 0;

    /* Not overlaps: none of these is reported. */
    memcpy(a, a, 10);
    memmove(a, a + 3, 10);
    memcpy(a, a + 10, 10);
    strcpy(a, "ab");
    strncat(a, a + 1, 0);
    strcpy(a, "abc");
    strncpy(a + 4, a, 10); /* copies [0,4) to [4,8), then pads [8,14) */
    strcpy(a, "xy");
    strcpy(a + 3, "z");
    strcat(a + 3, a + 2); /* an empty source: only a NUL is written */
    wmemcpy(w, w, 4);
    wmemmove(w, w + 1, 4);

    free(w);
    free(a);
    return ok ? 0 : 1;
}
