/* What the wide scanf family writes into the program's buffers, checked
 * after the call: a wide word (%ls) into a block too short for it and its
 * L'\0', a word through %s (the wide formats' %s stores a char string,
 * which glibc ends with two NULs: one byte past a block sized for the word
 * and one NUL, its own overflow, reported as the call's write),
 * %5c into 3 bytes, %3lc into 2 wide characters, a %l[a-z] and a %[a-z]
 * set, an int (%d) into 2 bytes, a wide word into a freed block, vswscanf
 * from a variadic wrapper of the program's (after a suppressed %*l[^=]),
 * fwscanf from a wide stream, wscanf from stdin, the plain swscanf entry
 * (the headers lead to __isoc99_swscanf) with a wide word and with the GNU
 * %as (a char * stored, into 4 bytes), and swscanf's own string
 * unterminated.  Each at the call, with the caller's line; a correct
 * swscanf into exactly-sized blocks is no error, nor are the damaged
 * blocks' frees.  The calls answer as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 12 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:ls:
// CHECK: is located 0 bytes after the 12-byte block
// CHECK: WRITE of 7 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 3 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:s:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:two_nuls:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: WRITE of 5 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:c5:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:lc3:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: WRITE of 28 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 12 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:lset:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 3 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:set:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: WRITE of 4 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:d:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address
// CHECK: WRITE of 12 bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:freed:
// CHECK: is located 0 bytes inside the 32-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by __isoc99_vswscanf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in parse {{\S*}}@LINE:vswscanf:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:parse:
// CHECK: is located 0 bytes after the 20-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by __isoc99_fwscanf, 12 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fwscanf:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: WRITE of 5 bytes at 0x{{[0-9a-f]+}} by __isoc99_wscanf, 3 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wscanf:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: WRITE of 24 bytes at 0x{{[0-9a-f]+}} by swscanf, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:plain:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by swscanf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:gnu_a:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by __isoc99_swscanf, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:source:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK-NOT: @LINE:exact:
// CHECK: alloc8: SUMMARY: 15 errors (14 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* The plain entry, which <wchar.h> leads to __isoc99_swscanf. */
int plain_swscanf(const wchar_t *, const wchar_t *, ...) __asm__("swscanf");

/* Whether p holds want's n characters, read directly (a checked call would
 * report the overflowed blocks again). */
static int holds(const wchar_t *p, const wchar_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != want[i])
            return 0;
    return 1;
}

static int holds_c(const char *p, const char *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != want[i])
            return 0;
    return 1;
}

static int parse(const wchar_t *line, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vswscanf(line, fmt, ap); // LINE:vswscanf
    va_end(ap);
    return r;
}

int main(void)
{
    int bad = 0, age = 0, n = 0;

    wchar_t *name = malloc(3 * sizeof(wchar_t));
    bad |= swscanf(L"alice 42", L"%ls %d", name, &age) != 2; // LINE:ls
    bad |= !holds(name, L"alice", 6) || age != 42;

    char *word = malloc(4);
    bad |= swscanf(L"alice", L"%s", word) != 1; // LINE:s
    bad |= !holds_c(word, "alice", 7);
    char *word5 = malloc(5);
    bad |= swscanf(L"word", L"%s", word5) != 1; // LINE:two_nuls
    bad |= !holds_c(word5, "word\0", 6);

    char *c3 = malloc(3);
    bad |= swscanf(L"hello", L"%5c", c3) != 1; // LINE:c5
    bad |= !holds_c(c3, "hello", 5);

    wchar_t *wc2 = malloc(2 * sizeof(wchar_t));
    bad |= swscanf(L"xyz", L"%3lc", wc2) != 1; // LINE:lc3
    bad |= !holds(wc2, L"xyz", 3);

    wchar_t *wset = malloc(4 * sizeof(wchar_t));
    bad |= swscanf(L"abcdef1", L"%l[a-z]", wset) != 1; // LINE:lset
    bad |= !holds(wset, L"abcdef", 7);

    char *set = malloc(5);
    bad |= swscanf(L"abcdef1", L"%[a-z]", set) != 1; // LINE:set
    bad |= !holds_c(set, "abcdef\0", 8);

    void *two = malloc(2);
    bad |= swscanf(L"-7", L"%d", (int *)two) != 1; // LINE:d
    bad |= *(int *)two != -7;

    wchar_t *gone = malloc(8 * sizeof(wchar_t));
    free(gone);                               // LINE:free
    bad |= swscanf(L"xy", L"%ls", gone) != 1; // LINE:freed

    wchar_t *value = malloc(5 * sizeof(wchar_t));
    bad |= parse(L"key=value", L"%*l[^=]=%ls", value) != 1; // LINE:parse
    bad |= !holds(value, L"value", 6);

    FILE *fp = tmpfile();
    float f = 0;
    bad |= !fp || fputws(L"word 3.5\n", fp) < 0 || fseek(fp, 0, SEEK_SET) != 0;
    wchar_t *w = malloc(2 * sizeof(wchar_t));
    bad |= fwscanf(fp, L"%ls %f", w, &f) != 2; // LINE:fwscanf
    bad |= !holds(w, L"word", 5) || f != 3.5f;
    fclose(fp);

    char path[] = "/tmp/alloc8-call-wide-scanf-XXXXXX";
    int fd = mkstemp(path);
    FILE *in = fd < 0 ? NULL : fdopen(fd, "w");
    bad |= !in || fputs("abc\n", in) < 0 || fclose(in) != 0;
    bad |= !freopen(path, "r", stdin);
    unlink(path);
    char *c2 = malloc(2);
    bad |= wscanf(L"%s", c2) != 1; // LINE:wscanf
    bad |= !holds_c(c2, "abc\0", 5);

    wchar_t *pw = malloc(4 * sizeof(wchar_t));
    bad |= plain_swscanf(L"plain", L"%ls", pw) != 1; // LINE:plain
    bad |= !holds(pw, L"plain", 6);
    char **gnu = malloc(4);
    bad |= plain_swscanf(L"gnu", L"%as", gnu) != 1; // LINE:gnu_a
    bad |= !holds_c(*gnu, "gnu", 4);
    free(*gnu);

    wchar_t *src = malloc(4 * sizeof(wchar_t));
    wmemcpy(src, L"1234", 4); /* no L'\0': the redzone's 0xfbfbfbfb ends the number */
    bad |= swscanf(src, L"%d", &n) != 1 || n != 1234; // LINE:source

    wchar_t *exact = malloc(4 * sizeof(wchar_t)), *letter = malloc(sizeof(wchar_t));
    int *num = malloc(sizeof *num);
    bad |= swscanf(L"bob 7 z", L"%ls %d %lc", exact, num, letter) != 3; // LINE:exact
    bad |= wcscmp(exact, L"bob") != 0 || *num != 7 || *letter != L'z';

    free(name);
    free(word);
    free(word5);
    free(c3);
    free(wc2);
    free(wset);
    free(set);
    free(two);
    free(value);
    free(w);
    free(c2);
    free(pw);
    free(gnu);
    free(src);
    free(exact);
    free(letter);
    free(num);
    return bad;
}
