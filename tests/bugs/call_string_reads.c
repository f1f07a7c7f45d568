/* Reads past a block or out of a freed one through the C library's string
 * and memory reads, each caught at the call with the caller's line: strlen
 * and strchr running off an unterminated string, strnlen and memchr given
 * more than the block, memcmp comparing past it (all n bytes count, as
 * with ASan), strcmp of a freed string, strdup of an unterminated one. */
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strlen, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:len:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc8:
// CHECK: READ of 20 bytes at 0x{{[0-9a-f]+}} by strnlen, 12 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:nlen:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strchr, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:chr:
// CHECK: READ of 32 bytes at 0x{{[0-9a-f]+}} by memchr, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:mchr:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of 17 bytes at 0x{{[0-9a-f]+}} by memcmp, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in compare {{\S*}}@LINE:cmp:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:callcmp:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by strcmp of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:scmp:
// CHECK: is located 0 bytes inside the 6-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strdup, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:dup:
// CHECK: alloc8: SUMMARY: 7 errors (6 heap-buffer-overflow, 1 heap-use-after-free)
#include <stdlib.h>
#include <string.h>

static int compare(const char *a, const char *b, size_t n)
{
    return memcmp(a, b, n); // LINE:cmp
}

int main(void)
{
    char *s = malloc(8); // LINE:alloc8
    for (int i = 0; i < 8; i++)
        s[i] = 'a' + i;             /* no NUL */
    size_t n = strlen(s);           // LINE:len
    size_t m = strnlen(s, 20);      // LINE:nlen
    const char *c = strchr(s, 'z'); // LINE:chr
    char *t = calloc(16, 1);
    const void *z = memchr(t, 'z', 32); // LINE:mchr
    memcpy(t, "0123456789abcdef", 16);
    int d = compare(t, "0123456789abcdefg", 17); // LINE:callcmp
    char *u = strdup("gone.");
    free(u);                // LINE:free
    int e = strcmp(u, "x"); // LINE:scmp
    char *v = strdup(s);    // LINE:dup
    /* the calls still answer as they would natively */
    int ok = n >= 8 && m >= 8 && m <= 20 && d != 0 && e != 0 && v && !z && (!c || c >= s + 8);
    free(v);
    free(s);
    free(t);
    return ok ? 0 : 1;
}
