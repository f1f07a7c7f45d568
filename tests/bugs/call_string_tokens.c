/* The searches and token calls added after the first ones: strcasestr,
 * memmem, strtok, strtok_r, strsep, strchrnul, index, rindex, rawmemchr and
 * memrchr, each reading past a block or out of a freed one, reported at the
 * call with the caller's line and what was read.  Two strings are set up
 * with strcpy one byte too long (reported, and the NUL it wrote past the
 * end kept), so that their last token's read ends one byte past the block;
 * strtok's next call then reads that NUL alone.  A freed string holds the
 * free fill and no NUL: reads of one run on past it (how far depends on
 * what follows).  Calls that stay inside their blocks are no error, and
 * the calls answer as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strcasestr, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:casestr:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strcasestr of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:needle:
// CHECK: is located 0 bytes inside the 7-byte block
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by memmem, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memmem:
// CHECK: READ of 3 bytes at 0x{{[0-9a-f]+}} by memmem of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memmem_needle:
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by strcpy, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setup_tok:
// CHECK: READ of 3 bytes at 0x{{[0-9a-f]+}} by strtok, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtok:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: READ of 1 byte at 0x{{[0-9a-f]+}} by strtok, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtok_end:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strtok_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtok_r:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in gone {{\S*}}@LINE:free:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strtok_r:
// CHECK: WRITE of 4 bytes at 0x{{[0-9a-f]+}} by strcpy, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setup_sep:
// CHECK: READ of 2 bytes at 0x{{[0-9a-f]+}} by strsep, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strsep:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by strchrnul of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:strchrnul:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by index of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:index:
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by rindex of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:rindex:
// CHECK: READ of 5 bytes at 0x{{[0-9a-f]+}} by rawmemchr, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:rawmemchr:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: READ of 10 bytes at 0x{{[0-9a-f]+}} by memrchr, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:memrchr:
// CHECK: alloc8: SUMMARY: 15 errors (9 heap-buffer-overflow, 6 heap-use-after-free)
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A freed copy of s: each use-after-free case gets its own block (one
 * report per freed block). */
static char *gone(const char *s)
{
    char *p = strdup(s);
    free(p); // LINE:free
    return p;
}

/* Lengths the compiler cannot see (it would warn of the overreads). */
static volatile size_t v10 = 10, v12 = 12;
/* Where the answers of calls on freed strings go (their fill decides them). */
static void *volatile sink;

int main(void)
{
    int bad = 0;
    char *s = malloc(8);
    memcpy(s, "ABCDEFGH", 8);                                /* no NUL */
    bad |= strcasestr(s, "xyz") != NULL;                     // LINE:casestr
    bad |= strcasestr(s, "cDe") != s + 2;                    /* found inside: no error */
    bad |= strcasestr("A Needle", gone("needle")) != NULL;   // LINE:needle
    bad |= memmem(s, 8, "EF", 2) != s + 4;                   /* inside */
    bad |= memmem(s, v12, "xy", 2) != NULL;                  // LINE:memmem
    bad |= memmem("a haystack", 10, gone("hay"), 3) != NULL; // LINE:memmem_needle

    char *t = malloc(5);
    strcpy(t, "ab,cd");                                 // LINE:setup_tok
    char *k1 = strtok(t, ","), *k2 = strtok(NULL, ","); // LINE:strtok
    bad |= k1 != t || k1[1] != 'b' || k2 != t + 3 || k2[1] != 'd';
    bad |= strtok(NULL, ",") != NULL; // LINE:strtok_end
    char *save = NULL;
    sink = strtok_r(gone("x y z"), " ", &save); // LINE:strtok_r

    char *w = malloc(3);
    strcpy(w, "k=v"); // LINE:setup_sep
    char *sp = w;
    bad |= strsep(&sp, "=") != w || w[1] != '\0';
    bad |= strsep(&sp, "=") != w + 2 || sp != NULL; // LINE:strsep

    sink = strchrnul(gone("four"), 'z'); // LINE:strchrnul
    sink = index(gone("four"), 'u');     // LINE:index
    sink = rindex(gone("four"), 'z');    // LINE:rindex
    char *u = malloc(4);
    memcpy(u, "abcd", 4);
    bad |= rawmemchr(u, 'c') != u + 2;                                         /* inside */
    bad |= rawmemchr(u, 0xfb) != u + 4; /* the redzone's byte, past the end */ // LINE:rawmemchr
    bad |= memrchr(s, 'A', v10) != s;                                          // LINE:memrchr
    bad |= memrchr(s, 'H', 8) != s + 7;                                        /* inside */
    return bad;
}
