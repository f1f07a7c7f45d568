/* prefixed_prog.c — alloc8's prefixed mode beside the system malloc:
 * alloc8_* blocks and malloc blocks live side by side, interleaved, each
 * released by its own family; the alloc8_ entry points keep glibc's
 * semantics (errno, alignment, overflow); alloc8_heap_name names the heap. */
#include <alloc8.h>

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL line %d: %s: ", __LINE__, #cond);                                         \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static int aligned_to(const void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

enum { N = 2000 };

static void *mix(void *arg)
{
    static const int kinds = 8;
    void *a8[N], *sys[N];
    size_t sz[N];
    unsigned seed = (unsigned)(uintptr_t)arg;
    for (int i = 0; i < N; i++) {
        sz[i] = rand_r(&seed) % 3000 + 1;
        switch (i % kinds) {
        case 0:
            a8[i] = alloc8_malloc(sz[i]);
            break;
        case 1:
            a8[i] = alloc8_calloc(1, sz[i]);
            break;
        case 2:
            a8[i] = alloc8_realloc(alloc8_malloc(8), sz[i]);
            break;
        case 3:
            a8[i] = alloc8_reallocarray(NULL, sz[i], 1);
            break;
        case 4:
            a8[i] = alloc8_memalign(64, sz[i]);
            break;
        case 5:
            if (alloc8_posix_memalign(&a8[i], 128, sz[i]))
                a8[i] = NULL;
            break;
        case 6:
            a8[i] = alloc8_aligned_alloc(256, sz[i]);
            break;
        default:
            a8[i] = alloc8_valloc(sz[i]);
            break;
        }
        sys[i] = malloc(sz[i]);
        CHECK(a8[i] && sys[i] && aligned_to(a8[i], 16), "alloc %d", i);
        CHECK(a8[i] != sys[i], "same pointer from both heaps");
        CHECK(alloc8_malloc_usable_size(a8[i]) >= sz[i], "alloc8 usable %d", i);
        CHECK(malloc_usable_size(sys[i]) >= sz[i], "system usable %d", i);
        memset(a8[i], 0xa8, sz[i]);
        memset(sys[i], 0x5e, sz[i]);
    }
    for (int i = 0; i < N; i++) {
        const unsigned char *a = a8[i], *s = sys[i];
        for (size_t j = 0; j < sz[i]; j += 97)
            if (a[j] != 0xa8 || s[j] != 0x5e) {
                CHECK(0, "block %d byte %zu overwritten", i, j);
                break;
            }
        if (i % 3 == 0)
            alloc8_free_sized(a8[i], sz[i]);
        else if (i % 8 == 6)
            alloc8_free_aligned_sized(a8[i], 256, sz[i]);
        else
            alloc8_free(a8[i]);
        free(sys[i]);
    }
    return NULL;
}

int main(void)
{
    const char *name = alloc8_heap_name();
    printf("heap: %s\n", name ? name : "(null)");
    CHECK(name && !strcmp(name, "checker"), "alloc8_heap_name() = %s", name ? name : "(null)");
    CHECK(alloc8_version() && !strcmp(alloc8_version(), ALLOC8_VERSION), "version");

    mix((void *)1);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, mix, (void *)(uintptr_t)(i + 2));
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);

    /* glibc semantics under the alloc8_ names */
    errno = 0;
    CHECK(alloc8_calloc(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM, "calloc overflow");
    errno = 0;
    CHECK(alloc8_malloc(SIZE_MAX) == NULL && errno == ENOMEM, "malloc(SIZE_MAX)");
    void *m = &failures;
    errno = 77;
    CHECK(alloc8_posix_memalign(&m, 24, 10) == EINVAL && errno == 77 && m == &failures,
          "posix_memalign(24)");
    void *p = alloc8_pvalloc(100);
    long page = sysconf(_SC_PAGESIZE);
    CHECK(p && aligned_to(p, (size_t)page) && alloc8_malloc_usable_size(p) >= (size_t)page,
          "pvalloc");
    alloc8_free(p);
    p = alloc8_malloc(10);
    errno = 77;
    CHECK(alloc8_realloc(p, 0) == NULL && errno == 77, "realloc(p, 0)");
    CHECK(alloc8_malloc_usable_size(NULL) == 0, "usable(NULL)");
    alloc8_free(NULL);
    /* a block moved between the heaps by hand */
    char *s = strdup("system string");
    char *a = alloc8_malloc(strlen(s) + 1);
    strcpy(a, s);
    free(s);
    a = alloc8_realloc(a, 100000);
    CHECK(a && !strcmp(a, "system string"), "copy survives realloc");
    alloc8_free(a);
    if (failures)
        return 1;
    printf("OK\n");
    return 0;
}
