/* trace.c — trace=1: one line per allocation call,
 *   alloc8: trace: T<tid> <function>(<args>) = <result> <- <caller>
 * written with one write(2) so threads never interleave within a line.  The
 * caller is named best effort with dladdr (exported symbols; a program built
 * with -rdynamic shows its own functions), else module+offset.  Runs inside
 * malloc with the guard raised: no allocation, no stdio. */
#include "interpose.h"

#include <dlfcn.h>

static bool is_free_call(enum alloc8_call c) { return c >= ALLOC8_CALL_FREE; }

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            b = p + 1;
    return b;
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
    Dl_info info;
    if (r->caller && dladdr(r->caller, &info) && info.dli_fname) {
        const char *mod = base_name(info.dli_fname);
        if (!*mod)
            mod = "main";
        if (info.dli_sname)
            ADD(" <- %s+0x%lx (%s)", info.dli_sname,
                (unsigned long)((uintptr_t)r->caller - (uintptr_t)info.dli_saddr), mod);
        else
            ADD(" <- %s+0x%lx", mod,
                (unsigned long)((uintptr_t)r->caller - (uintptr_t)info.dli_fbase));
    }
#undef ADD
    if (n < sizeof line - 1)
        line[n++] = '\n';
    else
        line[sizeof line - 1] = '\n', n = sizeof line;
    a8_log_raw(line, n);
    a8_guard_leave();
}
