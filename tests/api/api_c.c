/* api_c.c — conformance of every exported C allocation function, checked
 * against glibc 2.36's documented behaviour and the C/POSIX standards, in
 * every mode (native glibc, fast, checker, the simple_heap example).
 *
 * errno rule: a successful call leaves errno alone (it is set to a sentinel
 * before each one); ENOMEM/EINVAL are set exactly where the standard/glibc
 * sets them.  Functions glibc 2.36 lacks (free_sized, free_aligned_sized,
 * cfree as a default symbol) are looked up with dlsym and checked when
 * present. */
// LIBS: -ldl
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SENTINEL 4242

static int failures;
static const char *mode = "native";

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d [%s] %s: ", __FILE__, __LINE__, mode, #cond);                       \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

/* errno unchanged across a call that must succeed. */
#define KEEPS_ERRNO(expr)                                                                          \
    do {                                                                                           \
        errno = SENTINEL;                                                                          \
        expr;                                                                                      \
        CHECK(errno == SENTINEL, "errno changed to %d by: %s", errno, #expr);                      \
    } while (0)

static int aligned_to(const void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

/* Every byte of [p, p+n) is writable and keeps what was written. */
static void fill_check(unsigned char *p, size_t n, unsigned char v, const char *what)
{
    memset(p, v, n);
    for (size_t i = 0; i < n; i += (n > 4096 ? 61 : 1))
        if (p[i] != v) {
            CHECK(0, "%s: byte %zu lost", what, i);
            return;
        }
    if (n)
        CHECK(p[n - 1] == v, "%s: last byte lost", what);
}

static void test_malloc_free(void)
{
    static const size_t big[] = {4095,  4096,   4097,   65535,   65536,
                                 65537, 131072, 200000, 1 << 20, 3 << 20};
    void *ps[600];
    int n = 0;
    for (size_t s = 0; s <= 520; s++) {
        void *p;
        KEEPS_ERRNO(p = malloc(s));
        CHECK(p != NULL, "malloc(%zu) = NULL", s);
        if (!p)
            continue;
        CHECK(aligned_to(p, 16), "malloc(%zu) = %p not 16-aligned", s, p);
        size_t u = malloc_usable_size(p);
        CHECK(u >= s, "malloc_usable_size(malloc(%zu)) = %zu", s, u);
        fill_check(p, u, (unsigned char)s, "malloc up to usable size");
        ps[n++] = p;
    }
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        void *p;
        KEEPS_ERRNO(p = malloc(big[i]));
        CHECK(p && aligned_to(p, 16), "malloc(%zu) = %p", big[i], p);
        if (!p)
            continue;
        size_t u = malloc_usable_size(p);
        CHECK(u >= big[i], "malloc_usable_size(malloc(%zu)) = %zu", big[i], u);
        fill_check(p, u, 0x5a, "big malloc");
        ps[n++] = p;
    }
    /* malloc(0) returns distinct live blocks (glibc: a minimal chunk). */
    void *z1 = malloc(0), *z2 = malloc(0);
    CHECK(z1 && z2 && z1 != z2, "malloc(0) twice = %p %p", z1, z2);
    free(z1);
    free(z2);
    for (int i = 0; i < n; i++)
        KEEPS_ERRNO(free(ps[i]));
    KEEPS_ERRNO(free(NULL));
    CHECK(malloc_usable_size(NULL) == 0, "malloc_usable_size(NULL) = %zu",
          malloc_usable_size(NULL));

    /* free keeps errno even when the caller's errno is already an error. */
    void *p = malloc(100);
    errno = ENOMEM;
    free(p);
    CHECK(errno == ENOMEM, "free changed errno ENOMEM to %d", errno);

    /* Huge sizes: NULL and ENOMEM. */
    static const size_t huge[] = {SIZE_MAX, SIZE_MAX - 4096, SIZE_MAX / 2, (size_t)PTRDIFF_MAX + 1};
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        errno = 0;
        void *q = malloc(huge[i]);
        CHECK(q == NULL && errno == ENOMEM, "malloc(%zu) = %p errno %d", huge[i], q, errno);
    }
}

static void test_calloc(void)
{
    errno = 0;
    void *p = calloc(SIZE_MAX / 2 + 2, 2);
    CHECK(p == NULL && errno == ENOMEM, "calloc overflow = %p errno %d", p, errno);
    errno = 0;
    p = calloc((size_t)1 << 33, (size_t)1 << 33);
    CHECK(p == NULL && errno == ENOMEM, "calloc 2^33*2^33 = %p errno %d", p, errno);
    errno = 0;
    p = calloc(1, SIZE_MAX);
    CHECK(p == NULL && errno == ENOMEM, "calloc(1, SIZE_MAX) = %p errno %d", p, errno);
    KEEPS_ERRNO(p = calloc(0, 0));
    CHECK(p != NULL, "calloc(0, 0) = NULL");
    free(p);

    /* Zeroed even when the memory is reused dirty: dirty many blocks of each
     * size, free them, then calloc the same sizes. */
    static const size_t sizes[] = {1, 8, 24, 48, 100, 256, 1000, 4000, 20000, 70000, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t s = sizes[k];
        void *d[32];
        for (int i = 0; i < 32; i++) {
            d[i] = malloc(s);
            if (d[i])
                memset(d[i], 0xa5, malloc_usable_size(d[i]));
        }
        for (int i = 0; i < 32; i++)
            free(d[i]);
        for (int i = 0; i < 32; i++) {
            unsigned char *c;
            KEEPS_ERRNO(c = calloc(s, 1));
            CHECK(c && aligned_to(c, 16), "calloc(%zu, 1) = %p", s, (void *)c);
            d[i] = c;
            if (!c)
                continue;
            for (size_t j = 0; j < s; j++)
                if (c[j]) {
                    CHECK(0, "calloc(%zu) byte %zu = 0x%x", s, j, c[j]);
                    break;
                }
        }
        for (int i = 0; i < 32; i++)
            free(d[i]);
    }
    /* nmemb*size not overflowing, split unevenly. */
    unsigned *u;
    KEEPS_ERRNO(u = calloc(1000, sizeof *u));
    CHECK(u != NULL, "calloc(1000, 4)");
    for (int i = 0; u && i < 1000; i++)
        if (u[i]) {
            CHECK(0, "calloc(1000,4)[%d] = %u", i, u[i]);
            break;
        }
    free(u);
}

static void test_realloc(void)
{
    char *p;
    KEEPS_ERRNO(p = realloc(NULL, 40));
    CHECK(p != NULL && aligned_to(p, 16), "realloc(NULL, 40) = %p", (void *)p);
    for (int i = 0; i < 40; i++)
        p[i] = (char)i;
    /* grow through small, medium and mmap-sized blocks, keeping contents */
    static const size_t steps[] = {41, 100, 1000, 5000, 70000, 300000, 2 << 20, 3000, 64, 20};
    size_t have = 40;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        char *q;
        KEEPS_ERRNO(q = realloc(p, steps[k]));
        CHECK(q != NULL && aligned_to(q, 16), "realloc to %zu = %p", steps[k], (void *)q);
        if (!q)
            return;
        size_t keep = have < steps[k] ? have : steps[k];
        for (size_t i = 0; i < keep; i++)
            if (q[i] != (char)i) {
                CHECK(0, "realloc to %zu lost byte %zu", steps[k], i);
                break;
            }
        CHECK(malloc_usable_size(q) >= steps[k], "usable after realloc %zu", steps[k]);
        for (size_t i = 0; i < steps[k]; i++)
            q[i] = (char)i;
        have = steps[k];
        p = q;
    }
    /* failure: NULL + ENOMEM, the old block intact */
    errno = 0;
    char *q = realloc(p, SIZE_MAX - 64);
    CHECK(q == NULL && errno == ENOMEM, "realloc huge = %p errno %d", (void *)q, errno);
    for (size_t i = 0; i < have; i++)
        if (p[i] != (char)i) {
            CHECK(0, "failed realloc damaged byte %zu", i);
            break;
        }
    /* glibc: realloc(p, 0) frees p and returns NULL, errno untouched. */
    KEEPS_ERRNO(q = realloc(p, 0));
    CHECK(q == NULL, "realloc(p, 0) = %p", (void *)q);
    /* realloc(NULL, 0) is malloc(0): a live block */
    KEEPS_ERRNO(q = realloc(NULL, 0));
    CHECK(q != NULL, "realloc(NULL, 0) = NULL");
    free(q);

    /* reallocarray */
    int *a;
    KEEPS_ERRNO(a = reallocarray(NULL, 10, sizeof(int)));
    CHECK(a != NULL, "reallocarray(NULL, 10, 4)");
    for (int i = 0; a && i < 10; i++)
        a[i] = i * 7;
    errno = 0;
    int *b = reallocarray(a, SIZE_MAX / 2, 4);
    CHECK(b == NULL && errno == ENOMEM, "reallocarray overflow = %p errno %d", (void *)b, errno);
    for (int i = 0; a && i < 10; i++)
        CHECK(a[i] == i * 7, "reallocarray overflow damaged a[%d]", i);
    KEEPS_ERRNO(b = reallocarray(a, 1000, sizeof(int)));
    CHECK(b != NULL, "reallocarray grow");
    for (int i = 0; b && i < 10; i++)
        CHECK(b[i] == i * 7, "reallocarray grow lost b[%d]", i);
    free(b);
}

static void test_aligned(void)
{
    for (size_t a = 1; a <= (1u << 20); a <<= 1) {
        size_t want = a < 16 ? 16 : a;
        static const size_t sizes[] = {0, 1, 17, 1000, 70000};
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t s = sizes[k];
            void *p, *q, *r = NULL;
            int rc = -1;
            KEEPS_ERRNO(p = memalign(a, s));
            CHECK(p && aligned_to(p, want), "memalign(%zu, %zu) = %p", a, s, p);
            KEEPS_ERRNO(q = aligned_alloc(a, s));
            CHECK(q && aligned_to(q, want), "aligned_alloc(%zu, %zu) = %p", a, s, q);
            if (a >= sizeof(void *)) {
                KEEPS_ERRNO(rc = posix_memalign(&r, a, s));
                CHECK(rc == 0 && r && aligned_to(r, a), "posix_memalign(%zu, %zu) = %d %p", a, s,
                      rc, r);
            }
            if (p)
                CHECK(malloc_usable_size(p) >= s, "usable(memalign(%zu,%zu))", a, s);
            if (p && s)
                fill_check(p, s, 0x11, "memalign");
            if (q && s)
                fill_check(q, s, 0x22, "aligned_alloc");
            if (r && s)
                fill_check(r, s, 0x33, "posix_memalign");
            KEEPS_ERRNO(free(p));
            KEEPS_ERRNO(free(q));
            KEEPS_ERRNO(free(r));
        }
    }
    /* glibc 2.36: memalign and aligned_alloc (an alias) round a
     * non-power-of-two alignment up to the next power of two. */
    static const size_t odd[] = {3, 24, 48, 100, 1000, 5000, 65537};
    for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) {
        size_t want = 16;
        while (want < odd[k])
            want <<= 1;
        void *p, *q;
        KEEPS_ERRNO(p = memalign(odd[k], 50));
        CHECK(p && aligned_to(p, want), "memalign(%zu) = %p, want %zu-aligned", odd[k], p, want);
        KEEPS_ERRNO(q = aligned_alloc(odd[k], 50));
        CHECK(q && aligned_to(q, want), "aligned_alloc(%zu) = %p, want %zu-aligned", odd[k], q,
              want);
        free(p);
        free(q);
    }
    /* alignment 0 behaves as malloc */
    void *p;
    KEEPS_ERRNO(p = memalign(0, 10));
    CHECK(p && aligned_to(p, 16), "memalign(0, 10) = %p", p);
    free(p);
    /* an alignment above SIZE_MAX/2+1: EINVAL */
    errno = 0;
    p = memalign(SIZE_MAX / 2 + 2, 10);
    CHECK(p == NULL && errno == EINVAL, "memalign(SIZE_MAX/2+2) = %p errno %d", p, errno);
    errno = 0;
    p = aligned_alloc(SIZE_MAX, 10);
    CHECK(p == NULL && errno == EINVAL, "aligned_alloc(SIZE_MAX) = %p errno %d", p, errno);
    /* huge sizes: ENOMEM */
    errno = 0;
    p = memalign(4096, SIZE_MAX);
    CHECK(p == NULL && errno == ENOMEM, "memalign(4096, SIZE_MAX) = %p errno %d", p, errno);
    errno = 0;
    p = aligned_alloc(64, SIZE_MAX / 2);
    CHECK(p == NULL && errno == ENOMEM, "aligned_alloc(64, SIZE_MAX/2) = %p errno %d", p, errno);

    /* posix_memalign: EINVAL for alignments that are not a power-of-two
     * multiple of sizeof(void *); errno and *memptr untouched. */
    static const size_t bad[] = {0, 1, 2, 3, 4, 12, 24, 40, 48, 96, 100, 4095};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        void *m = (void *)&failures;
        errno = SENTINEL;
        int rc = posix_memalign(&m, bad[k], 64);
        CHECK(rc == EINVAL, "posix_memalign(align %zu) = %d", bad[k], rc);
        CHECK(errno == SENTINEL, "posix_memalign(align %zu) changed errno to %d", bad[k], errno);
        CHECK(m == (void *)&failures, "posix_memalign(align %zu) changed *memptr", bad[k]);
    }
    void *m = (void *)&failures;
    int rc = posix_memalign(&m, 64, SIZE_MAX - 100);
    CHECK(rc == ENOMEM, "posix_memalign(64, huge) = %d", rc);
    CHECK(m == (void *)&failures, "failed posix_memalign changed *memptr");

    /* valloc: page-aligned */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    static const size_t vs[] = {0, 1, 100, 4096, 4097, 100000};
    for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
        void *v;
        KEEPS_ERRNO(v = valloc(vs[k]));
        CHECK(v && aligned_to(v, page), "valloc(%zu) = %p", vs[k], v);
        if (v && vs[k])
            fill_check(v, vs[k], 0x44, "valloc");
        free(v);
        /* pvalloc: page-aligned, the size rounded up to whole pages */
        KEEPS_ERRNO(v = pvalloc(vs[k]));
        CHECK(v && aligned_to(v, page), "pvalloc(%zu) = %p", vs[k], v);
        size_t rounded = (vs[k] + page - 1) & ~(page - 1);
        if (v) {
            CHECK(malloc_usable_size(v) >= rounded, "pvalloc(%zu) usable %zu < %zu", vs[k],
                  malloc_usable_size(v), rounded);
            fill_check(v, rounded, 0x55, "pvalloc rounded size");
        }
        free(v);
    }
    errno = 0;
    p = valloc(SIZE_MAX);
    CHECK(p == NULL && errno == ENOMEM, "valloc(SIZE_MAX) = %p errno %d", p, errno);
    errno = 0;
    p = pvalloc(SIZE_MAX);
    CHECK(p == NULL && errno == ENOMEM, "pvalloc(SIZE_MAX) = %p errno %d", p, errno);
    errno = 0;
    p = pvalloc(SIZE_MAX - 3 * page);
    CHECK(p == NULL && errno == ENOMEM, "pvalloc(SIZE_MAX-3p) = %p errno %d", p, errno);
}

/* Optional functions: checked only when the process has them. */
static void test_optional(void)
{
    void (*f_sized)(void *, size_t) = (void (*)(void *, size_t))dlsym(RTLD_DEFAULT, "free_sized");
    void (*f_al_sized)(void *, size_t, size_t) =
        (void (*)(void *, size_t, size_t))dlsym(RTLD_DEFAULT, "free_aligned_sized");
    void (*f_cfree)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "cfree");
    int under_alloc8 = dlsym(RTLD_DEFAULT, "alloc8_version") != NULL;
    if (under_alloc8)
        CHECK(f_sized && f_al_sized && f_cfree,
              "alloc8 loaded but free_sized/free_aligned_sized/cfree missing");
    for (int round = 0; round < 100; round++) {
        size_t s = (size_t)round * 37;
        if (f_sized) {
            void *p = malloc(s);
            KEEPS_ERRNO(f_sized(p, s));
            KEEPS_ERRNO(f_sized(NULL, 0));
        }
        if (f_al_sized) {
            void *p = aligned_alloc(256, s);
            CHECK(p && aligned_to(p, 256), "aligned_alloc(256, %zu)", s);
            KEEPS_ERRNO(f_al_sized(p, 256, s));
            KEEPS_ERRNO(f_al_sized(NULL, 256, 0));
        }
        if (f_cfree) {
            void *p = calloc(1, s);
            KEEPS_ERRNO(f_cfree(p));
            KEEPS_ERRNO(f_cfree(NULL));
        }
    }
    if (under_alloc8) {
        const char *(*ver)(void) = (const char *(*)(void))dlsym(RTLD_DEFAULT, "alloc8_version");
        const char *(*hn)(void) = (const char *(*)(void))dlsym(RTLD_DEFAULT, "alloc8_heap_name");
        CHECK(hn && hn() && *hn(), "alloc8_heap_name");
        CHECK(ver && ver() && strchr(ver(), '.'), "alloc8_version");
        if (!strcmp(mode, "simple"))
            CHECK(hn && !strcmp(hn(), "simple_heap"), "heap name %s", hn ? hn() : "?");
        if (!strcmp(mode, "fast"))
            CHECK(hn && !strcmp(hn(), "fast"), "heap name %s", hn ? hn() : "?");
    }
}

static int glibc_heap(void)
{
    const char *(*hn)(void) = (const char *(*)(void))dlsym(RTLD_DEFAULT, "alloc8_heap_name");
    return !hn || !strcmp(hn(), "glibc") || !strcmp(hn(), "fast");
}

static void test_stats(void)
{
    void *blocks[4];
    for (int i = 0; i < 4; i++)
        blocks[i] = malloc(64 << 10);
    struct mallinfo2 m2;
    KEEPS_ERRNO(m2 = mallinfo2());
    CHECK(m2.uordblks + m2.hblkhd >= 4 * (64 << 10),
          "mallinfo2: in use %zu + mmapped %zu < 256 KiB live", m2.uordblks, m2.hblkhd);
    CHECK(m2.arena + m2.hblkhd > 0, "mallinfo2: nothing mapped");
    struct mallinfo m;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    KEEPS_ERRNO(m = mallinfo());
#pragma GCC diagnostic pop
    CHECK(m.uordblks + m.hblkhd >= 4 * (64 << 10), "mallinfo: in use %d + %d", m.uordblks,
          m.hblkhd);
    for (int i = 0; i < 4; i++)
        free(blocks[i]);

    int t;
    KEEPS_ERRNO(t = malloc_trim(0));
    CHECK(t == 0 || t == 1, "malloc_trim = %d", t);

    /* mallopt: 1 on success */
    KEEPS_ERRNO(t = mallopt(M_TRIM_THRESHOLD, 256 << 10));
    CHECK(t == 1, "mallopt(M_TRIM_THRESHOLD) = %d", t);
    /* glibc 2.36 ignores unknown parameters and still returns 1. */
    if (glibc_heap()) {
        t = mallopt(-12345, 1);
        CHECK(t == 1, "glibc heap: mallopt(unknown param) = %d", t);
    }

    /* malloc_info: XML to the stream, 0; glibc 2.36 returns EINVAL (not -1,
     * and without touching errno) for options != 0. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL, "open_memstream");
    if (f) {
        int r = malloc_info(0, f);
        fclose(f);
        CHECK(r == 0, "malloc_info(0) = %d", r);
        CHECK(buf && strstr(buf, "<malloc") && strstr(buf, "</malloc>"), "malloc_info XML: %.200s",
              buf ? buf : "(null)");
        free(buf);
    }
    errno = SENTINEL;
    int r = malloc_info(1, stdout);
    CHECK(r == EINVAL && errno == SENTINEL, "malloc_info(1) = %d errno %d", r, errno);

    /* malloc_stats writes statistics to stderr */
    fflush(stderr);
    char tmpl[] = "/tmp/a8statsXXXXXX";
    int fd = mkstemp(tmpl);
    int saved = dup(2);
    dup2(fd, 2);
    malloc_stats();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[4096] = {0};
    ssize_t got = pread(fd, text, sizeof text - 1, 0);
    close(fd);
    unlink(tmpl);
    CHECK(got > 0 && strstr(text, "system bytes") && strstr(text, "in use bytes"),
          "malloc_stats wrote: %.200s", text);
}

int main(void)
{
    if (getenv("A8_MODE"))
        mode = getenv("A8_MODE");
    test_malloc_free();
    test_calloc();
    test_realloc();
    test_aligned();
    test_optional();
    test_stats();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("OK\n");
    return 0;
}
