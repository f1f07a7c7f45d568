/* Built with _FORTIFY_SOURCE, string copies into objects whose size the
 * compiler knows go to glibc's __strcpy_chk and __strncat_chk, which
 * compare the length with that size and nothing else, and sprintf to
 * __sprintf_chk, which checks its output against the size.  Overlapping
 * copies that fit: glibc's test passes, and alloc8 reports each overlap
 * (sprintf's after the call), naming the fortified entry, with the
 * caller's line, under the frame of the inlined wrapper from
 * <bits/string_fortified.h> or <bits/stdio2.h>.  (GCC 12 calls plain
 * memcpy for the stack array's copy, a later one may call __memcpy_chk:
 * either is reported.)  sprintf(name, "%s.txt", name) is no harmless
 * idiom here: __sprintf_chk returns 4 and leaves ".txt" (8 and "name.txt"
 * unfortified), and the report says it wrote 5 bytes over the 5 of "name". */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: {{(__)?memcpy(_chk)?}}'s destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (12 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (12 bytes) overlap in 8 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in memcpy {{\S*}}string_fortified.h:{{.*}}[inlined]
// CHECK: #1 0x{{[0-9a-f]+}} in on_stack {{\S*}}@LINE:memcpy:
// CHECK: the address is on the stack of thread T0
// CHECK: SUMMARY: alloc8: param-overlap @LINE:memcpy in on_stack
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: __sprintf_chk's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (5 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (5 bytes) overlap in 5 bytes
// CHECK: #0 0x{{[0-9a-f]+}} in sprintf {{\S*}}stdio2.h:{{.*}}[inlined]
// CHECK: #1 0x{{[0-9a-f]+}} in add_suffix {{\S*}}@LINE:sprintf:
// CHECK: the address is on the stack of thread T0
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: __strcpy_chk's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (8 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (8 bytes) overlap in 7 bytes
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strcpy:
// CHECK: is located 1 bytes inside the 32-byte block
// CHECK: alloc8: ERROR: param-overlap on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: __strncat_chk's destination [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (6 bytes) and source [0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}) (3 bytes) overlap in 3 bytes
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strncat:
// CHECK: is located 3 bytes inside the 32-byte block
// CHECK: alloc8: SUMMARY: 4 errors (4 param-overlap)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t g_by = 4, g_n = 12, g_cat = 3;

__attribute__((noinline)) int on_stack(void)
{
    char buf[32] = "0123456789abcdefghij";
    memcpy(buf + g_by, buf, g_n); // LINE:memcpy
    return buf[4] == '0';
}

static const char *volatile g_name = "name";

__attribute__((noinline)) int add_suffix(void)
{
    char name[32];
    strcpy(name, g_name);
    return sprintf(name, "%s.txt", name); // LINE:sprintf
}

int main(void)
{
    int ok = on_stack();
    ok &= add_suffix() > 0; /* 4 or 8: the result of undefined behaviour */
    char *p = malloc(32);
    strcpy(p, "abcdefgh");
    strcpy(p, p + (g_by - 3)); // LINE:strcpy
    ok &= strcmp(p, "bcdefgh") == 0;
    strcpy(p, "ab");
    strcpy(p + 3, "xyzw");
    strncat(p, p + 3, g_cat); // LINE:strncat
    ok &= strcmp(p, "abxyz") == 0;
    free(p);
    return ok ? 0 : 1;
}
