/* trace.c — trace=1: one line per allocation call,
 *   alloc8: trace: T<tid> <function>(<args>) = <result> <- <caller>
 * written with one write(2) so threads never interleave within a line.  The
 * caller is named best effort with dladdr (exported symbols; a program built
 * with -rdynamic shows its own functions), else module+offset.  Runs inside
 * malloc with the guard raised: no allocation, no stdio.
 *
 * dladdr walks every dynamic symbol of the caller's object: node's 75,000
 * took about a millisecond a call, so a traced node ran a thousand times
 * slower than untraced.  Each caller's text is kept in a direct-mapped cache,
 * tagged with the loader's count of loads plus unloads (dl_iterate_phdr's
 * dlpi_adds + dlpi_subs, which count the C library's own dlopen/dlclose of
 * NSS and iconv modules too): a hit is valid only while no object came or
 * went since it was named.  The text is copied, so a hit reads no memory of
 * the caller's object.  Entries are seqlocked: a reader that overlaps a
 * writer (another thread, or a signal handler on this one) misses and asks
 * dladdr; a writer that finds the entry being written skips it. */
#include "interpose.h"

#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <stdlib.h>

static bool is_free_call(enum alloc8_call c) { return c >= ALLOC8_CALL_FREE; }

enum { NAME_SLOTS = 1024, NAME_TEXT = 232 };

struct name_slot {
    uint32_t seq; /* odd while being written */
    uint32_t len; /* bytes of text */
    uintptr_t pc;
    uint64_t gen;
    char text[NAME_TEXT]; /* " <- sym+0xoff (mod)", unterminated */
};

static struct name_slot g_names[NAME_SLOTS];
static uint64_t g_lines, g_lookups; /* for the verbosity=2 note at exit */

static int gen_of_first(struct dl_phdr_info *info, size_t size, void *data)
{
    if (size < offsetof(struct dl_phdr_info, dlpi_subs) + sizeof info->dlpi_subs)
        return -1; /* no counters: nothing is cached */
    *(uint64_t *)data = (uint64_t)(info->dlpi_adds + info->dlpi_subs);
    return 1; /* the first object is enough */
}

/* The loader's loads plus unloads so far; false if it does not say. */
static bool loaded_gen(uint64_t *gen) { return dl_iterate_phdr(gen_of_first, gen) == 1; }

static struct name_slot *slot_for(uintptr_t pc)
{
    return &g_names[(pc * 0x9e3779b97f4a7c15ull) >> (64 - 10)];
}
_Static_assert(NAME_SLOTS == 1 << 10, "slot_for's shift");

static size_t cached_name(uintptr_t pc, uint64_t gen, char *out)
{
    struct name_slot *e = slot_for(pc);
    uint32_t s = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
    if ((s & 1) || __atomic_load_n(&e->pc, __ATOMIC_RELAXED) != pc ||
        __atomic_load_n(&e->gen, __ATOMIC_RELAXED) != gen)
        return 0;
    size_t len = __atomic_load_n(&e->len, __ATOMIC_RELAXED);
    if (len == 0 || len > NAME_TEXT)
        return 0;
    for (size_t i = 0; i < len; i++)
        out[i] = __atomic_load_n(&e->text[i], __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(&e->seq, __ATOMIC_RELAXED) == s ? len : 0;
}

static void cache_name(uintptr_t pc, uint64_t gen, const char *text, size_t len)
{
    struct name_slot *e = slot_for(pc);
    uint32_t s = __atomic_load_n(&e->seq, __ATOMIC_RELAXED);
    if ((s & 1) || len == 0 || len > NAME_TEXT ||
        !__atomic_compare_exchange_n(&e->seq, &s, s + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(&e->pc, pc, __ATOMIC_RELAXED);
    __atomic_store_n(&e->gen, gen, __ATOMIC_RELAXED);
    __atomic_store_n(&e->len, (uint32_t)len, __ATOMIC_RELAXED);
    for (size_t i = 0; i < len; i++)
        __atomic_store_n(&e->text[i], text[i], __ATOMIC_RELAXED);
    __atomic_store_n(&e->seq, s + 2, __ATOMIC_RELEASE);
}

/* " <- sym+0xoff (mod)" or " <- mod+0xoff" for the caller at pc into out
 * (room for cap bytes), from the cache or from dladdr; its length. */
static size_t caller_name(uintptr_t pc, char *out, size_t cap)
{
    uint64_t gen = 0, gen_after = 0;
    bool have_gen = loaded_gen(&gen);
    size_t n = have_gen && cap >= NAME_TEXT ? cached_name(pc, gen, out) : 0;
    if (n)
        return n;
    __atomic_add_fetch(&g_lookups, 1, __ATOMIC_RELAXED);
    Dl_info info;
    if (!dladdr((void *)pc, &info) || !info.dli_fname)
        return 0;
    const char *mod = a8_basename(info.dli_fname);
    if (!*mod)
        mod = "main";
    int k;
    if (info.dli_sname)
        k = a8_snprintf(out, cap, " <- %s+0x%lx (%s)", info.dli_sname,
                        (unsigned long)(pc - (uintptr_t)info.dli_saddr), mod);
    else
        k = a8_snprintf(out, cap, " <- %s+0x%lx", mod,
                        (unsigned long)(pc - (uintptr_t)info.dli_fbase));
    if (k <= 0)
        return 0;
    n = (size_t)k < cap ? (size_t)k : cap - 1;
    /* Named while nothing was loaded or unloaded: good until something is. */
    if (have_gen && loaded_gen(&gen_after) && gen_after == gen)
        cache_name(pc, gen, out, n);
    return n;
}

static void trace_summary(int status, void *arg)
{
    (void)status, (void)arg;
    if (a8_opt.verbosity >= 2)
        a8_note("trace: %llu calls traced, callers named by %llu dladdr lookups (the rest "
                "from the cache)",
                (unsigned long long)__atomic_load_n(&g_lines, __ATOMIC_RELAXED),
                (unsigned long long)__atomic_load_n(&g_lookups, __ATOMIC_RELAXED));
}

void a8_trace_init(void)
{
#if !A8_PREFIXED
    on_exit(trace_summary, NULL);
#else
    (void)trace_summary;
#endif
}

void a8_trace_call(const struct alloc8_req *r, const void *in, const void *out)
{
    char line[512];
    size_t n = 0;
    a8_guard_enter();
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int k_ = a8_snprintf(line + n, sizeof line - n, __VA_ARGS__);                              \
        n += (size_t)k_ < sizeof line - n ? (size_t)k_ : sizeof line - n - 1;                      \
    } while (0)
    ADD("alloc8: trace: T%u %s(", a8_thread_id(), a8_call_name(r->call));
    bool is_realloc = r->call == ALLOC8_CALL_REALLOC || r->call == ALLOC8_CALL_REALLOCARRAY;
    if (is_free_call(r->call) || (is_realloc && r->size == 0 && in)) {
        ADD("%p", in);
        if (r->flags & ALLOC8_F_SIZED)
            ADD(", size=%zu", r->size);
        if (r->flags & ALLOC8_F_ALIGNED)
            ADD(", align=%zu", r->align);
        ADD(")");
    } else {
        if (is_realloc)
            ADD("%p, ", in);
        if (r->flags & ALLOC8_F_ALIGNED)
            ADD("align=%zu, ", r->align);
        ADD("%zu) = %p", r->size, out);
    }
    if (r->caller)
        n += caller_name((uintptr_t)r->caller, line + n, sizeof line - n);
#undef ADD
    __atomic_add_fetch(&g_lines, 1, __ATOMIC_RELAXED);
    if (n < sizeof line - 1)
        line[n++] = '\n';
    else
        line[sizeof line - 1] = '\n', n = sizeof line;
    a8_log_raw(line, n);
    a8_guard_leave();
}
