/* Correct use of strcasestr, memmem, strtok, strtok_r, strsep, strchrnul,
 * index, rindex, rawmemchr, memrchr and the number conversions (strtol &
 * co., atoi & co.) at the very end of their blocks: no
 * report, and every call answers as natively.  Each string's NUL is its
 * block's last byte, and memmem and memrchr are given exactly their
 * blocks' lengths, so a check that counted one byte more than the call
 * read would report it (the redzone follows).  clean_string_tokens_guard.c
 * runs the same with each block flush against a guard page. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

int main(void)
{
    int bad = 0;
    char *h = copy("Hello, World"), *nd = copy("WORLD");
    bad |= strcasestr(h, nd) != h + 7 || strcasestr(h, "worlds") != NULL;
    bad |= strcasestr(h, "") != h;

    char *m = malloc(6);
    memcpy(m, "abcxyz", 6);
    bad |= memmem(m, 6, "xyz", 3) != m + 3 || memmem(m, 6, "yzz", 3) != NULL;
    bad |= memmem(m, 6, "", 0) != m;

    char *t = copy("a,b;;c");
    char *k1 = strtok(t, ",;"), *k2 = strtok(NULL, ",;"), *k3 = strtok(NULL, ",;");
    bad |= k1 != t || k2 != t + 2 || k3 != t + 5 || strtok(NULL, ",;") != NULL;
    bad |= strtok(copy(",,,"), ",") != NULL;

    char *r = copy("x y"), *save = NULL;
    bad |= strtok_r(r, " ", &save) != r || strtok_r(NULL, " ", &save) != r + 2;
    bad |= strtok_r(NULL, " ", &save) != NULL;

    char *e = copy("k=v=w"), *sp = e;
    bad |= strsep(&sp, "=") != e || strsep(&sp, "=") != e + 2 || strsep(&sp, "=") != e + 4;
    bad |= sp != NULL || strsep(&sp, "=") != NULL;

    char *c = copy("find me");
    bad |= strchrnul(c, 'z') != c + 7 || strchrnul(c, 'e') != c + 6;
    bad |= index(c, 'e') != c + 6 || rindex(c, 'i') != c + 1 || rindex(c, 'z') != NULL;
    bad |= rawmemchr(c, '\0') != c + 7 || rawmemchr(c, 'f') != c;
    bad |= memrchr(c, 'f', 8) != c || memrchr(c, 'q', 8) != NULL;

    char *n = copy(" -12"), *end;
    bad |= strtol(n, &end, 10) != -12 || end != n + 4 || strtoull(n, NULL, 10) != -12ull;
    bad |= strtod(n, NULL) != -12.0 || strtof(n, NULL) != -12.0f || strtold(n, NULL) != -12.0L;
    bad |= atoi(n) != -12 || atol(n) != -12 || atoll(n) != -12 || atof(n) != -12.0;
    char *z = copy("  +");
    bad |= strtol(z, &end, 10) != 0 || end != z; /* nothing converted: to the NUL */
    return bad;
}
