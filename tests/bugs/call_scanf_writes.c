/* What the scanf family writes into the program's buffers, checked after
 * the call: a word (%s) into a block too short for it and its NUL, %5c
 * into 3 bytes, an int (%d) into 2, a double (%lf) into 4, a %[a-z] set,
 * a word into a freed block, a word after a suppressed %*d (which takes
 * no argument: a misread one would check the wrong pointer), a %n right
 * after the last assigned conversion, vsscanf from a variadic wrapper of
 * the program's, fscanf from a file, and sscanf's own string unterminated.
 * The program calls the C99 entries (__isoc99_sscanf …) the headers lead
 * it to.  Each at the call, with the caller's line; a correct sscanf into
 * exactly-sized blocks is no error, nor are the damaged blocks' frees.
 * The calls answer as natively (checked by the program). */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:s:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: WRITE of 5 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:c5:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: WRITE of 4 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:d:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:lf:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: WRITE of 7 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 2 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:set:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address
// CHECK: WRITE of 3 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:freed:
// CHECK: is located 0 bytes inside the 8-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 3 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:suppressed:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: WRITE of 4 bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:n:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: WRITE of 6 bytes at 0x{{[0-9a-f]+}} by __isoc99_vsscanf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in parse {{\S*}}@LINE:vsscanf:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:parse:
// CHECK: is located 0 bytes after the 5-byte block
// CHECK: WRITE of 5 bytes at 0x{{[0-9a-f]+}} by __isoc99_fscanf, 3 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fscanf:
// CHECK: is located 0 bytes after the 2-byte block
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by __isoc99_sscanf, {{[1-9][0-9]*}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:source:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK-NOT: @LINE:exact:
// CHECK: alloc8: SUMMARY: 11 errors (10 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse(const char *line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsscanf(line, fmt, ap); // LINE:vsscanf
    va_end(ap);
    return r;
}

int main(void)
{
    int bad = 0, age = 0, n = 0;

    char *name = malloc(4);
    bad |= sscanf("alice 42", "%s %d", name, &age) != 2; // LINE:s
    bad |= memcmp(name, "alic", 4) != 0 || name[4] != 'e' || name[5] != '\0' || age != 42;

    char *c3 = malloc(3);
    bad |= sscanf("hello", "%5c", c3) != 1; // LINE:c5
    bad |= memcmp(c3, "hel", 3) != 0 || c3[3] != 'l' || c3[4] != 'o';

    void *two = malloc(2);
    bad |= sscanf("-7", "%d", (int *)two) != 1; // LINE:d
    bad |= *(int *)two != -7;

    void *four = malloc(4);
    bad |= sscanf("2.5", "%lf", (double *)four) != 1; // LINE:lf
    bad |= *(double *)four != 2.5;

    char *set = malloc(5);
    bad |= sscanf("abcdef123", "%[a-z]", set) != 1; // LINE:set
    bad |= memcmp(set, "abcde", 5) != 0 || set[5] != 'f' || set[6] != '\0';

    char *gone = malloc(8);
    free(gone);                           // LINE:free
    bad |= sscanf("xy", "%s", gone) != 1; // LINE:freed

    char *word = malloc(3);
    bad |= sscanf("5 6 hello", "%*d %d %s", &n, word) != 2; // LINE:suppressed
    bad |= n != 6 || memcmp(word, "hel", 3) != 0 || word[3] != 'l' || word[5] != '\0';

    char *pair = malloc(3), *count = malloc(3);
    bad |= sscanf("12 ab", "%d %2s%n", &n, pair, (int *)count) != 2; // LINE:n
    bad |= n != 12 || memcmp(pair, "ab", 3) != 0 || *(int *)count != 5;

    char *value = malloc(5);
    bad |= parse("key=value", "%*[^=]=%s", value) != 1; // LINE:parse
    bad |= memcmp(value, "value", 5) != 0 || value[5] != '\0';

    FILE *fp = tmpfile();
    float f = 0;
    bad |= !fp || fputs("word 3.5\n", fp) < 0 || fseek(fp, 0, SEEK_SET) != 0;
    char *w = malloc(2);
    bad |= fscanf(fp, "%s %f", w, &f) != 2; // LINE:fscanf
    bad |= memcmp(w, "wo", 2) != 0 || w[2] != 'r' || w[4] != '\0' || f != 3.5f;
    fclose(fp);

    char *src = malloc(4);
    memcpy(src, "1234", 4);                         /* no NUL: the redzone's 0xfb ends the number */
    bad |= sscanf(src, "%d", &n) != 1 || n != 1234; // LINE:source

    char *exact = malloc(4), *letter = malloc(1);
    int *num = malloc(sizeof *num);
    bad |= sscanf("bob 7 z", "%s %d %c", exact, num, letter) != 3; // LINE:exact
    bad |= strcmp(exact, "bob") != 0 || *num != 7 || *letter != 'z';

    free(name);
    free(c3);
    free(two);
    free(four);
    free(set);
    free(word);
    free(pair);
    free(count);
    free(value);
    free(w);
    free(src);
    free(exact);
    free(letter);
    free(num);
    return bad;
}
