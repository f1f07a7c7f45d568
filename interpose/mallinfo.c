/* mallinfo.c — the statistics and tuning entry points: mallinfo, mallinfo2,
 * malloc_trim, malloc_stats, malloc_info, mallopt.  With the pass-through
 * heap they are glibc's own; other heaps answer from their info() figures
 * (mallopt is accepted and ignored: their tuning is ALLOC8_OPTIONS).
 * Not on any hot path; malloc_info may allocate (it writes to a FILE). */
#include "interpose.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>

#if !A8_PREFIXED

static bool passthru(void)
{
    if (a8_state.ready != A8_READY)
        a8_init();
    return a8_state.ready != A8_READY || a8_state.heap == &a8_heap_passthru;
}

static void heap_info(struct alloc8_heap_info *hi)
{
    *hi = (struct alloc8_heap_info){0};
    if (a8_state.heap->info)
        a8_state.heap->info(hi);
}

static int clamp_int(size_t v) { return v > 0x7fffffff ? 0x7fffffff : (int)v; }

A8_EXPORT struct mallinfo2 mallinfo2(void)
{
    if (passthru()) {
        struct mallinfo2 (*f)(void) = (struct mallinfo2(*)(void))a8_glibc_sym("mallinfo2");
        if (f)
            return f();
    }
    struct alloc8_heap_info hi;
    heap_info(&hi);
    struct mallinfo2 m = {0};
    m.arena = hi.mapped_bytes;
    m.uordblks = hi.in_use_bytes;
    m.fordblks = hi.free_bytes;
    m.ordblks = hi.live_blocks;
    return m;
}

A8_EXPORT struct mallinfo mallinfo(void)
{
    if (passthru()) {
        struct mallinfo (*f)(void) = (struct mallinfo(*)(void))a8_glibc_sym("mallinfo");
        if (f)
            return f();
    }
    struct mallinfo2 m2 = mallinfo2();
    struct mallinfo m = {0};
    m.arena = clamp_int(m2.arena);
    m.uordblks = clamp_int(m2.uordblks);
    m.fordblks = clamp_int(m2.fordblks);
    m.ordblks = clamp_int(m2.ordblks);
    return m;
}

A8_EXPORT int malloc_trim(size_t pad)
{
    if (passthru()) {
        int (*f)(size_t) = (int (*)(size_t))a8_glibc_sym("malloc_trim");
        return f ? f(pad) : 0;
    }
    return a8_state.heap->trim ? a8_state.heap->trim(pad) : 0;
}

A8_EXPORT void malloc_stats(void)
{
    if (passthru()) {
        void (*f)(void) = (void (*)(void))a8_glibc_sym("malloc_stats");
        if (f)
            f();
        return;
    }
    struct alloc8_heap_info hi;
    heap_info(&hi);
    char buf[512];
    int n = a8_snprintf(buf, sizeof buf,
                        "alloc8 heap '%s':\nsystem bytes     = %10zu\n"
                        "in use bytes     = %10zu\nlive blocks      = %10zu\n",
                        a8_state.heap->name, hi.mapped_bytes, hi.in_use_bytes, hi.live_blocks);
    a8_write_all(2, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

A8_EXPORT int malloc_info(int options, FILE *fp)
{
    if (passthru()) {
        int (*f)(int, FILE *) = (int (*)(int, FILE *))a8_glibc_sym("malloc_info");
        return f ? f(options, fp) : -1;
    }
    if (options != 0)
        return EINVAL; /* as glibc 2.36: the error number itself, errno untouched */
    struct alloc8_heap_info hi;
    heap_info(&hi);
    fprintf(fp,
            "<malloc version=\"1\" allocator=\"alloc8\" heap=\"%s\">\n"
            "<system type=\"current\" size=\"%zu\"/>\n"
            "<total type=\"in-use\" size=\"%zu\" count=\"%zu\"/>\n"
            "<total type=\"free\" size=\"%zu\"/>\n"
            "</malloc>\n",
            a8_state.heap->name, hi.mapped_bytes, hi.in_use_bytes, hi.live_blocks, hi.free_bytes);
    return 0;
}

A8_EXPORT int mallopt(int param, int value)
{
#if !A8_STATIC
    if (passthru())
        return __libc_mallopt(param, value);
#endif
    return 1;
}

#endif
