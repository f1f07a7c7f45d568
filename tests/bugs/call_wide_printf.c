/* Wide strings in the printf family, and the wide family itself.  An
 * unterminated 2-character wide string printed with a precision of 3 (%ls
 * and %S: glibc reads three wide characters, the third from the redzone)
 * through printf, snprintf, fprintf and the fortified __fwprintf_chk; a
 * freed wide string through fprintf; swprintf writing past a 4-character
 * block (the result and its L'\0'), a truncated swprintf (-1: the first
 * n - 1 characters, no L'\0'), vswprintf from a variadic wrapper of the
 * program's and __swprintf_chk given a size the block does not have; a %s
 * char string read past its block through swprintf and wprintf (the wide
 * formats' %s is a char string) and %ls through fwprintf.  stdout is
 * narrow after printf: wprintf gets a fresh stdout (freopen).  Each at the
 * call, with the caller's line; the calls answer as natively. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by printf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:printf:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by snprintf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:snprintf:
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by fprintf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:S:
// CHECK: alloc8: ERROR: heap-use-after-free on address
// CHECK: READ of 16 bytes at 0x{{[0-9a-f]+}} by fprintf of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:freed:
// CHECK: is located 0 bytes inside the 24-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by swprintf, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:swprintf:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 20 bytes at 0x{{[0-9a-f]+}} by swprintf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:truncated:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: WRITE of 48 bytes at 0x{{[0-9a-f]+}} by vswprintf, 24 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in format {{\S*}}@LINE:vswprintf:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:format:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: WRITE of 32 bytes at 0x{{[0-9a-f]+}} by __swprintf_chk, 16 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:chk:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by swprintf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:swprintf_s:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by wprintf, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wprintf:
// CHECK: is located 0 bytes after the 3-byte block
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by fwprintf, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fwprintf:
// CHECK: is located 0 bytes after the 8-byte block
// CHECK: READ of 12 bytes at 0x{{[0-9a-f]+}} by __fwprintf_chk, 4 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fwprintf_chk:
// CHECK-NOT: @LINE:fits:
// CHECK: alloc8: SUMMARY: 12 errors (11 heap-buffer-overflow, 1 heap-use-after-free)
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* glibc's fortified entries, called as a -D_FORTIFY_SOURCE build would. */
int __swprintf_chk(wchar_t *, size_t, int, size_t, const wchar_t *, ...);
int __fwprintf_chk(FILE *, int, const wchar_t *, ...);

/* Whether p holds want's n wide characters, read directly (a checked call
 * would report the overflowed blocks again). */
static int holds(const wchar_t *p, const wchar_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != want[i])
            return 0;
    return 1;
}

static int format(wchar_t *d, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vswprintf(d, n, fmt, ap); // LINE:vswprintf
    va_end(ap);
    return r;
}

int main(void)
{
    int bad = 0;
    FILE *null_out = fopen("/dev/null", "w"), *wide_out = fopen("/dev/null", "w");
    wchar_t *w = malloc(2 * sizeof(wchar_t));
    w[0] = L'A';
    w[1] = L'B';            /* no L'\0' */
    printf("[%.3ls]\n", w); // LINE:printf
    char buf[32];
    snprintf(buf, sizeof buf, "%.3ls", w); // LINE:snprintf
    fprintf(null_out, "%.3S", w);          // LINE:S

    wchar_t *gone = wcsdup(L"freed");
    free(gone);                         // LINE:free
    fprintf(null_out, "%.4ls\n", gone); // LINE:freed

    wchar_t *four = malloc(4 * sizeof(wchar_t));
    bad |= swprintf(four, 8, L"%d", 1234567) != 7; // LINE:swprintf
    bad |= !holds(four, L"1234567", 8);
    wchar_t *trunc = malloc(4 * sizeof(wchar_t));
    bad |= swprintf(trunc, 6, L"%ls", L"far too long") != -1; // LINE:truncated
    bad |= !holds(trunc, L"far t", 5);
    wchar_t *six = malloc(6 * sizeof(wchar_t));
    bad |= format(six, 100, L"%ls", L"hello world") != 11; // LINE:format
    bad |= !holds(six, L"hello world", 12);
    wchar_t *chk = malloc(4 * sizeof(wchar_t));
    bad |= __swprintf_chk(chk, 8, 1, 8, L"%d", 7654321) != 7; // LINE:chk
    bad |= !holds(chk, L"7654321", 8);

    char *s3 = malloc(3);
    memcpy(s3, "abc", 3); /* no NUL */
    wchar_t out[16];
    swprintf(out, 16, L"%.4s", s3); // LINE:swprintf_s
    fflush(stdout);
    bad |= !freopen("/dev/null", "w", stdout);  /* printf made it narrow */
    wprintf(L"%.4s\n", s3);                     // LINE:wprintf
    fwprintf(wide_out, L"%.3ls\n", w);          // LINE:fwprintf
    __fwprintf_chk(wide_out, 1, L"%.3ls\n", w); // LINE:fwprintf_chk

    /* Exactly what fits: no report. */
    bad |= swprintf(four, 4, L"%ls", L"fit") != 3 || !holds(four, L"fit", 4); // LINE:fits

    fclose(null_out);
    fclose(wide_out);
    free(w);
    free(four);
    free(trunc);
    free(six);
    free(chk);
    free(s3);
    return bad;
}
