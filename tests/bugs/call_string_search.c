/* The comparisons that fold case and the searches, reading past a block or
 * out of a freed one: strcasecmp of a freed string, strncasecmp and strspn
 * running one byte past an unterminated one (into its redzone, whose 0xfb
 * folds to nothing and is in no set), strstr, strcspn and strpbrk running
 * on past it, and strstr of a freed needle.  Each at the call, with the
 * caller's line; strpbrk finding its byte inside the block is no error.
 * The calls answer as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by strcasecmp of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:casecmp:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by strncasecmp, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ncasecmp:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 9 bytes at 0x{{[0-9a-f]+}} by strspn, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:spn:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strstr, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:str:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strcspn, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:cspn:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strpbrk, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pbrk:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strstr of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:needle:
// CHECK: alloc8: SUMMARY: 7 errors (5 heap-buffer-overflow, 2 heap-use-after-free)
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int main(void)
{
    int bad = 0;
    char *u = strdup("Gone.");
    free(u);                          // LINE:free
    bad |= strcasecmp(u, "xyz") == 0; // LINE:casecmp
    char *s = malloc(8);
    memcpy(s, "ABCDEFGH", 8);                     /* no NUL */
    bad |= strncasecmp(s, "abcdefghij", 10) == 0; // LINE:ncasecmp
    bad |= strspn(s, "ABCDEFGH") != 8;            // LINE:spn
    bad |= strstr(s, "xyz") != NULL;              // LINE:str
    bad |= strcspn(s, "xyz") < 8;                 // LINE:cspn
    bad |= strpbrk(s, "H") != s + 7;
    bad |= strpbrk(s, "xyz") != NULL; // LINE:pbrk
    char *n = strdup("needle");
    free(n);
    bad |= strstr("a haystack", n) != NULL; // LINE:needle
    return bad;
}
