/* Built with -O2 -D_FORTIFY_SOURCE=2, the wide-character copies are glibc's
 * fortified entries (__wmemcpy_chk, __wcscpy_chk, ...) wherever the compiler
 * knows the size of the destination object.  wcscpy and the other string
 * copies are sized by the member written: here the 16-wide-character
 * (64-byte) member of a struct whose block is only 24 bytes (allocated
 * short, in a function the compiler does not see into).  glibc's own check
 * passes (10 wide characters fit in 16) and the bytes past the block go
 * unnoticed natively; alloc8 checks each entry against the block, as it
 * does the plain calls, and reports it by the entry's name.  wmemcpy and
 * the other memory copies are sized by the whole object (unknown for the
 * struct's block): they are called with an array of the stack, reading
 * past a short source block, which no fortify check looks at, or with a
 * block of a size the compiler sees that was freed (in a function it does
 * not see into).  The stacks' first frame is the wrapper inlined from
 * glibc's headers; SUMMARY names the program's line.  Every write stays
 * within the block's redzone; the calls' results are checked by the
 * program. */
// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by __wmemcpy_chk, 8 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemcpy:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wmemcpy in main
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by __wmempcpy_chk, 8 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wmempcpy in main
// CHECK: READ of 24 bytes at 0x{{[0-9a-f]+}} by __wmemmove_chk, 8 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wmemmove in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wmemcpy_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemcpy_freed:
// CHECK: is located 0 bytes inside the 64-byte block
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:release:
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:wmemcpy_freed in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wmemset_chk of the block after it was freed
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wmemset:
// CHECK: SUMMARY: alloc8: heap-use-after-free @LINE:wmemset in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wcscpy_chk, 16 of them past the end of the block
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:wcscpy:
// CHECK: is located 0 bytes after the 24-byte block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcscpy in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wcpcpy_chk, 16 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcpcpy in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wcsncpy_chk, 16 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcsncpy in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wcpncpy_chk, 16 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcpncpy in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wcscat_chk, 16 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcscat in main
// CHECK: WRITE of 40 bytes at 0x{{[0-9a-f]+}} by __wcsncat_chk, 16 of them past the end of the block
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @LINE:wcsncat in main
// CHECK: alloc8: SUMMARY: 11 errors (9 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <stdlib.h>
#include <wchar.h>

/* name is not the last member: the compiler takes its size as 64 bytes
 * (a last array might run on past the struct). */
struct rec {
    wchar_t name[16];
    int id;
};

/* Lengths the compiler cannot see: a constant 10 <= 16 would be proven
 * safe and compiled to the plain call. */
static volatile size_t v_ten = 10, v_six = 6;

/* 24 bytes for a 68-byte struct: the bug.  noipa: the compiler must not
 * learn the block's size. */
__attribute__((noipa)) static struct rec *short_rec(void) { return malloc(24); }

/* A short source: 4 wide characters. */
__attribute__((noipa)) static wchar_t *short_src(void)
{
    wchar_t *p = malloc(4 * sizeof(wchar_t));
    wmemset(p, L's', 4);
    return p;
}

/* free, where the compiler does not see it (it would warn of the use).
 * A tail call: the free's stack starts at the caller. */
__attribute__((noipa)) static void release(void *p) { free(p); }

int main(void)
{
    size_t n = v_ten, six = v_six;
    static const wchar_t text[] = L"123456789"; /* 10 wide characters with its NUL */
    wchar_t dst[16];
    int bad = 0;
    struct rec *r;

    bad |= wmemcpy(dst, short_src(), six) != dst || dst[3] != L's';  // LINE:wmemcpy
    bad |= wmempcpy(dst, short_src(), six) != dst + 6;               // LINE:wmempcpy
    bad |= wmemmove(dst, short_src(), six) != dst || dst[0] != L's'; // LINE:wmemmove
    wchar_t *p = malloc(16 * sizeof(wchar_t));
    release(p);                      // LINE:release
    bad |= wmemcpy(p, text, n) != p; // LINE:wmemcpy_freed
    p = malloc(16 * sizeof(wchar_t));
    release(p);
    bad |= wmemset(p, L'w', n) != p; // LINE:wmemset

    r = short_rec();
    bad |= wcscpy(r->name, text) != r->name || r->name[8] != L'9'; // LINE:wcscpy
    r = short_rec();
    bad |= wcpcpy(r->name, text) != r->name + 9; // LINE:wcpcpy
    r = short_rec();
    bad |= wcsncpy(r->name, L"short", n) != r->name || r->name[9] != L'\0'; // LINE:wcsncpy
    r = short_rec();
    bad |= wcpncpy(r->name, L"short", n) != r->name + 5 || r->name[9] != L'\0'; // LINE:wcpncpy
    r = short_rec();
    r->name[0] = L'\0';
    bad |= wcscat(r->name, text) != r->name || r->name[8] != L'9'; // LINE:wcscat
    r = short_rec();
    r->name[0] = L'\0';
    bad |= wcsncat(r->name, text, n) != r->name || r->name[9] != L'\0'; // LINE:wcsncat
    return bad;
}
