/* The formatting calls that write into a buffer (sprintf, snprintf,
 * swprintf and their v-forms) with a %s argument whose bytes their own text
 * overwrites: C leaves that undefined, as for strcpy, and glibc gets it
 * right only by luck of order (sprintf(buf, "%s", buf) copies buf onto
 * itself; a prefix before the %s destroys it).  Each is reported after the
 * call as param-overlap with the range written, the argument's range as it
 * was before the call, the shared count and where they lie: "%s.txt" onto
 * its own stack buffer, snprintf appending a heap string to itself (the
 * shared byte is its NUL), a later argument in a global that the text
 * reaches, vsprintf through the program's own wrapper, and swprintf's %ls.
 * (glibc's swprintf(w, n, L"%ls!", w) returns 1 and leaves L"!".)
 *
 * Not overlaps, not reported: a truncated snprintf whose argument lies past
 * the n bytes it wrote (its result counts more), snprintf of 0 bytes, a
 * precision that stops the read just before the destination, an argument
 * that ends right below the destination, and one far away. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: sprintf's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (9 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (5 bytes) overlap in 5 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in add_suffix {{\S*}}@LINE:suffix:
// CHECK: the address is on the stack of thread T0
// CHECK: SUMMARY: alloc8: param-overlap @LINE:suffix in add_suffix
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: snprintf's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (4 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (4 bytes) overlap in 1 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:append:
// CHECK: is located 3 bytes inside the 64-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: sprintf's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (7 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (4 bytes) overlap in 3 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:global:
// CHECK: the address is in global variable 'g_line' of
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: vsprintf's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (10 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (3 bytes) overlap in 3 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in format_into {{\S*}}@LINE:vsprintf:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wrapper:
// CHECK: is located 4 bytes inside the 64-byte block
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: swprintf's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (24 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (12 bytes) overlap in 8 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:swprintf:
// CHECK: is located 16 bytes inside the 64-byte block
// CHECK: alloc8: SUMMARY: 5 errors (5 param-overlap)
// CHECK-NOT: heap-buffer-overflow
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static char g_line[32];

__attribute__((noinline)) int add_suffix(void)
{
    char name[32] = "name";
    sprintf(name, "%s.txt", name); // LINE:suffix
    return strcmp(name, "name.txt") == 0;
}

__attribute__((noinline)) static int format_into(char *dst, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsprintf(dst, fmt, ap); // LINE:vsprintf
    va_end(ap);
    return r;
}

int main(void)
{
    int ok = add_suffix();
    char *p = malloc(64); // LINE:alloc
    strcpy(p, "abc");
    snprintf(p + 3, 61, "%s", p); // LINE:append

    strcpy(g_line + 4, "xyz");
    sprintf(g_line, "%d-%s", 42, g_line + 4); // LINE:global

    strcpy(p + 4, "ab");
    format_into(p, "<%s%s>", "12345", p + 4); // LINE:wrapper

    wchar_t *w = (wchar_t *)p;
    wcscpy(w + 4, L"xy");
    swprintf(w, 16, L"%d-%ls", 42, w + 4); // LINE:swprintf

    /* Not overlaps: none of these is reported. */
    char buf[32] = "0123456789abcdefghij";
    ok &= snprintf(buf, 4, "%s", buf + 8) == 12; /* wrote 4 bytes, the source starts at 8 */
    ok &= snprintf(buf, 0, "%s", buf) == 3;      /* "012" above: nothing written */
    strcpy(p, "abcdef");
    sprintf(p + 2, "%.2s", p); /* reads "ab", writes from p + 2 */
    strcpy(p, "ab");
    sprintf(p + 3, "%s", p);              /* "ab" and its NUL end where the text starts */
    sprintf(buf, "%s/%s", "dir", "file"); /* arguments far below the stack */
    ok &= strcmp(buf, "dir/file") == 0;

    free(p);
    return ok ? 0 : 1;
}
