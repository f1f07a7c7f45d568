/* Correct use of the scanf family: every conversion kind into a heap block
 * of exactly its size (strings' NULs at their blocks' last bytes), through
 * every entry (the C99 ones the headers lead to, and the plain ones, with
 * their GNU %as): no report, and every call answers as natively.  A check
 * that counted one byte more than the call wrote would report it (the
 * redzone follows).  Conversions the call did not assign (a matching
 * failure, the end of the input, a %n it did not reach) are not checked
 * however short their blocks, a suppressed %*d takes no argument, and
 * positional arguments are left alone rather than misread. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* The plain entries, which <stdio.h> leads to the __isoc99_ ones. */
int plain_sscanf(const char *, const char *, ...) __asm__("sscanf");
int plain_vsscanf(const char *, const char *, va_list) __asm__("vsscanf");
int plain_scanf(const char *, ...) __asm__("scanf");
int plain_vscanf(const char *, va_list) __asm__("vscanf");
int plain_fscanf(FILE *, const char *, ...) __asm__("fscanf");
int plain_vfscanf(FILE *, const char *, va_list) __asm__("vfscanf");

#define NEW(type) ((type *)malloc(sizeof(type)))

static int v_sscanf(int plain, const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = plain ? plain_vsscanf(s, fmt, ap) : vsscanf(s, fmt, ap);
    va_end(ap);
    return r;
}

static int v_scanf(int plain, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = plain ? plain_vscanf(fmt, ap) : vscanf(fmt, ap);
    va_end(ap);
    return r;
}

static int v_fscanf(int plain, FILE *fp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = plain ? plain_vfscanf(fp, fmt, ap) : vfscanf(fp, fmt, ap);
    va_end(ap);
    return r;
}

static int bad;

/* A line of every kind, into exactly-sized blocks, through sscanf. */
static void kinds(void)
{
    char *word = malloc(6), *set = malloc(4), *notset = malloc(3), *c1 = malloc(1);
    char *c5 = malloc(5);
    signed char *hh = NEW(signed char);
    short *h = NEW(short);
    int *d = NEW(int), *i = NEW(int), *nmid = NEW(int);
    unsigned *u = NEW(unsigned), *o = NEW(unsigned), *x = NEW(unsigned), *X = NEW(unsigned);
    long *l = NEW(long);
    long long *ll = NEW(long long);
    intmax_t *j = NEW(intmax_t);
    size_t *z = NEW(size_t);
    ptrdiff_t *t = NEW(ptrdiff_t);
    signed char *hhn = NEW(signed char);
    short *hn = NEW(short);
    long *ln = NEW(long);
    float *f = NEW(float), *e = NEW(float), *g = NEW(float), *a = NEW(float);
    double *lf = NEW(double);
    long double *Lf = NEW(long double);
    void **p = NEW(void *);
    int r = sscanf("hello abc!? z vwxyz -5 -6 7 0x1f% 8 017 ff FF 9 10 11 12 13 14"
                   " 1.5 2e3 -0.25 0x1p4 3.25 0x1234",
                   "%s %[a-c]%[^a-z ]%n %c %5c %hhd %hd %d %i%%%hhn %u %o %x %X %ld %lld %jd %zu"
                   " %td%hn %f %e %g %a %lf %Lf %p%ln",
                   word, set, notset, nmid, c1, c5, hh, h, d, i, hhn, u, o, x, X, l, ll, j, z, t,
                   hn, f, e, g, a, lf, Lf, p, ln);
    bad |= r != 25;
    bad |= strcmp(word, "hello") || strcmp(set, "abc") || strcmp(notset, "!?") || *nmid != 11;
    bad |= *c1 != 'z' || memcmp(c5, "vwxyz", 5) || *hh != -5 || *h != -6 || *d != 7;
    bad |= *i != 31 || *hhn != 33 || *u != 8 || *o != 15 || *x != 255 || *X != 255 || *l != 9;
    bad |= *ll != 10 || *j != 11 || *z != 12 || *t != 13 || *hn != 59 || *f != 14;
    bad |= *e != 1.5 || *g != 2e3 || *a != -0.25 || *lf != 16 || *Lf != 3.25L;
    bad |= *p != (void *)0x1234 || *ln != 94;
    void *all[] = {word, set, notset, c1, c5,  hh, h,  d, i, nmid, u, o,  x,  X, l,
                   ll,   j,   z,      t,  hhn, hn, ln, f, e, g,    a, lf, Lf, p};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        free(all[k]);
}

int main(void)
{
    kinds();

    /* Allocating conversions: the pointer is the write. */
    char **ms = NEW(char *), **mset = NEW(char *), **mc = NEW(char *), **as = NEW(char *);
    bad |= sscanf("alloc ab xyz", "%ms %m[ab] %3mc", ms, mset, mc) != 3;
    bad |= strcmp(*ms, "alloc") || strcmp(*mset, "ab") || memcmp(*mc, "xyz", 3);
    bad |= plain_sscanf("gnu", "%as", as) != 1 || strcmp(*as, "gnu");
    free(*ms), free(*mset), free(*mc), free(*as), free(ms), free(mset), free(mc), free(as);

    /* Wide strings and characters. */
    wchar_t *ws = malloc(4 * sizeof(wchar_t)), *wset = malloc(3 * sizeof(wchar_t));
    wchar_t *wc = malloc(2 * sizeof(wchar_t)), *wS = malloc(2 * sizeof(wchar_t));
    wchar_t *wC = malloc(sizeof(wchar_t));
    bad |= sscanf("abc de fg h i", "%ls %l[de] %2lc %S %C", ws, wset, wc, wS, wC) != 5;
    bad |= wcscmp(ws, L"abc") || wcscmp(wset, L"de") || wc[0] != L'f' || wc[1] != L'g';
    bad |= wcscmp(wS, L"h") || *wC != L'i';
    free(ws), free(wset), free(wc), free(wS), free(wC);

    /* Not assigned: not checked, however short the blocks. */
    int *d = NEW(int);
    char *tiny = malloc(1);
    bad |= sscanf("12 x", "%d %d %s", d, (int *)tiny, tiny) != 1 || *d != 12;
    bad |= sscanf("", "%d", (int *)tiny) != EOF;
    bad |= sscanf("5 y", "%d x%n", d, (int *)tiny) != 1 || *d != 5;
    bad |= sscanf("5", "%d %d%n", d, (int *)tiny, (int *)tiny) != 1;
    /* A suppressed conversion takes no argument; positional ones are left
     * alone (read in order, the 3-byte block would be taken for the int). */
    char *ab = malloc(3);
    bad |= sscanf("1 2 ab", "%*d %d %*s", d) != 1 || *d != 2;
    bad |= sscanf("7 ab", "%2$d %1$s", ab, d) != 2 || *d != 7 || strcmp(ab, "ab");

    /* The other entries: vsscanf, fscanf, vfscanf, scanf, vscanf, plain
     * and C99. */
    char *word = malloc(4);
    for (int plain = 0; plain < 2; plain++) {
        bad |= v_sscanf(plain, "one 1", "%s %d", word, d) != 2 || strcmp(word, "one") || *d != 1;
        bad |= (plain ? plain_sscanf("two 2", "%s %d", word, d)
                      : sscanf("two 2", "%s %d", word, d)) != 2;
        bad |= strcmp(word, "two") || *d != 2;
        FILE *fp = tmpfile();
        bad |= !fp || fputs("six 6 ten 10\n", fp) < 0 || fseek(fp, 0, SEEK_SET) != 0;
        bad |= (plain ? plain_fscanf(fp, "%s %d", word, d) : fscanf(fp, "%s %d", word, d)) != 2;
        bad |= strcmp(word, "six") || *d != 6;
        bad |= v_fscanf(plain, fp, "%s %d", word, d) != 2 || strcmp(word, "ten") || *d != 10;
        fclose(fp);
    }
    char path[] = "/tmp/alloc8-clean-scanf-XXXXXX";
    int fd = mkstemp(path);
    FILE *in = fd < 0 ? NULL : fdopen(fd, "w");
    bad |= !in || fputs("abc 1 def 2 ghi 3 jkl 4\n", in) < 0 || fclose(in) != 0;
    bad |= !freopen(path, "r", stdin);
    unlink(path);
    bad |= scanf("%s %d", word, d) != 2 || strcmp(word, "abc") || *d != 1;
    bad |= v_scanf(0, "%s %d", word, d) != 2 || strcmp(word, "def") || *d != 2;
    bad |= plain_scanf("%s %d", word, d) != 2 || strcmp(word, "ghi") || *d != 3;
    bad |= v_scanf(1, "%s %d", word, d) != 2 || strcmp(word, "jkl") || *d != 4;
    free(word), free(d), free(tiny), free(ab);
    return bad;
}
