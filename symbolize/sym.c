/* sym.c — the symbolizer's entry points: init, the lock, the pc cache.
 *
 * Each (pc, is_return_addr) is resolved once per process; the cached frames
 * (strings interned, see modules.c) are copied out to callers.  A cache entry
 * remembers the module record it was resolved in: if a later dlopen puts
 * another module at that address, the pc is resolved again.
 *
 * Locks: the one symbolizer lock guards the module map, the per-file Dwfl
 * handles (dwarf.c) and this cache.  Rank: after every heap lock (never
 * called while one is held), before the internal-arena lock.  Sinks are
 * called with the lock released.
 * Runs inside malloc? No — report time only; every entry raises the
 * re-entrancy guard so libdw's mallocs go to the internal arena.
 */
#include "symbolize.h"

#include "core.h"

#include <errno.h>
#include <string.h>

#define CACHE_MIN_SLOTS 4096

struct centry {
    uintptr_t pc;
    bool is_ret;
    const struct a8_sym_module *mod; /* resolved in; NULL: no module */
    int n;
    struct a8_sym_frame f[];
};

static struct {
    a8_lock_t lock;
    bool inited;
    struct centry **slot; /* open addressing, load <= 1/2 */
    size_t cap, used;
    uint64_t lookups, hits, dwarf_calls, disk_hits;
} g_sym = {.lock = A8_LOCK_INIT};

static void lock(void)
{
    a8_guard_enter();
    a8_lock(&g_sym.lock);
}

static void unlock(void)
{
    a8_unlock(&g_sym.lock);
    a8_guard_leave();
}

static void init_locked(void)
{
    if (g_sym.inited)
        return;
    g_sym.inited = true;
    a8_sym_modules_refresh_locked(true);
}

/* The stack being symbolized on this thread (a8_sym_stack_id). */
static __thread uint32_t t_stack_id __attribute__((tls_model("initial-exec")));

void a8_sym_stack_id(uint32_t id) { t_stack_id = id; }

void a8_sym_dlclose_boundary(uint32_t next_id)
{
    lock();
    init_locked();
    a8_sym_boundary_locked(next_id);
    unlock();
}

int a8_sym_init(void)
{
    lock();
    init_locked();
    unlock();
    return 0;
}

void a8_sym_note_modules(void)
{
    lock();
    g_sym.inited = true;
    a8_sym_modules_refresh_locked(false);
    unlock();
}

/* ---- the cache ---------------------------------------------------------- */

static size_t slot_of(uintptr_t pc, bool is_ret, size_t cap)
{
    uint64_t h = ((uint64_t)pc ^ (is_ret ? 0x9e3779b97f4a7c15ULL : 0)) * 0xff51afd7ed558ccdULL;
    return (size_t)(h >> 17) & (cap - 1);
}

static struct centry **cache_find(uintptr_t pc, bool is_ret)
{
    if (!g_sym.cap)
        return NULL;
    size_t j = slot_of(pc, is_ret, g_sym.cap);
    for (;; j = (j + 1) & (g_sym.cap - 1)) {
        struct centry *e = g_sym.slot[j];
        if (!e || (e->pc == pc && e->is_ret == is_ret))
            return &g_sym.slot[j];
    }
}

static bool cache_grow(void)
{
    size_t cap = g_sym.cap ? g_sym.cap * 2 : CACHE_MIN_SLOTS;
    struct centry **slot = a8_int_calloc(cap, sizeof(*slot));
    if (!slot)
        return false;
    for (size_t i = 0; i < g_sym.cap; i++) {
        struct centry *e = g_sym.slot[i];
        if (!e)
            continue;
        size_t j = slot_of(e->pc, e->is_ret, cap);
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = e;
    }
    a8_int_free(g_sym.slot);
    g_sym.slot = slot;
    g_sym.cap = cap;
    return true;
}

static void cache_put(const struct centry *e)
{
    if ((g_sym.used + 1) * 2 > g_sym.cap && !cache_grow())
        return;
    struct centry **s = cache_find(e->pc, e->is_ret);
    size_t bytes = sizeof(*e) + (size_t)e->n * sizeof(e->f[0]);
    struct centry *copy = a8_int_alloc(bytes, _Alignof(struct centry));
    if (!copy)
        return;
    memcpy(copy, e, bytes);
    if (*s) {
        a8_int_free(*s); /* resolved in a module since replaced */
    } else {
        g_sym.used++;
    }
    *s = copy;
}

/* ---- resolution --------------------------------------------------------- */

static int copy_out(const struct a8_sym_frame *f, int n, struct a8_sym_frame *out, int max)
{
    if (n <= max) {
        memcpy(out, f, (size_t)n * sizeof(*out));
        return n;
    }
    memcpy(out, f, (size_t)(max - 1) * sizeof(*out));
    out[max - 1] = f[n - 1]; /* the outermost real function stays */
    return max;
}

int a8_sym_resolve(uintptr_t pc, bool is_return_addr, struct a8_sym_frame *out, int max)
{
    if (max <= 0)
        return 0;
    lock();
    init_locked();
    a8_sym_modules_refresh_locked(false);
    g_sym.lookups++;
    uintptr_t at = is_return_addr && pc ? pc - 1 : pc;
    const struct a8_sym_module *mod = a8_sym_module_of_locked(at, t_stack_id);
    struct centry **s = cache_find(pc, is_return_addr);
    if (s && *s && (*s)->mod == mod) {
        g_sym.hits++;
        int n = copy_out((*s)->f, (*s)->n, out, max);
        unlock();
        return n;
    }
    struct {
        struct centry e;
        struct a8_sym_frame f[A8_SYM_MAX_INLINE];
    } tmp;
    tmp.e.pc = pc;
    tmp.e.is_ret = is_return_addr;
    tmp.e.mod = mod;
    struct a8_sym_frame base = {
        .pc = pc, .module = mod ? mod->path : NULL, .build_id = mod ? mod->build_id : NULL};
    if (mod)
        base.module_off = pc - mod->bias;
    if (mod && (tmp.e.n = a8_sym_disk_get_locked(mod->build_id, &base, is_return_addr, tmp.e.f,
                                                 A8_SYM_MAX_INLINE)) > 0) {
        g_sym.disk_hits++;
    } else if (mod) {
        int status;
        g_sym.dwarf_calls++;
        tmp.e.n = a8_sym_dwarf_resolve_locked(mod->path, mod->build_id, pc, base.module_off,
                                              is_return_addr, tmp.e.f, A8_SYM_MAX_INLINE, &status);
        if (status == A8_SYM_OK && a8_sym_dwarf_has_debug_locked(mod->path, mod->build_id))
            a8_sym_disk_put_locked(mod->build_id, is_return_addr, tmp.e.f, tmp.e.n);
        if (status == A8_SYM_NOROOM) { /* not cached: the next lookup tries again */
            int n = copy_out(tmp.e.f, tmp.e.n, out, max);
            unlock();
            return n;
        }
    } else {
        tmp.e.f[0] = (struct a8_sym_frame){.pc = pc};
        tmp.e.n = 1;
    }
    cache_put(&tmp.e);
    int n = copy_out(tmp.e.f, tmp.e.n, out, max);
    unlock();
    return n;
}

void a8_sym_note_nodebug(const char *module)
{
    if (!module)
        return;
    lock();
    a8_sym_dwarf_note_nodebug_locked(module);
    unlock();
}

int a8_sym_resolve_offline(const char *path, const char *build_id, uintptr_t pc,
                           uintptr_t module_off, bool is_return_addr, struct a8_sym_frame *out,
                           int max, int *status)
{
    struct a8_sym_frame f[A8_SYM_MAX_INLINE];
    if (max <= 0)
        return 0;
    lock();
    const char *p = path ? a8_sym_intern(path, a8_strlen(path)) : NULL;
    const char *b = build_id && build_id[0] ? a8_sym_intern(build_id, a8_strlen(build_id)) : NULL;
    int n;
    if (p) {
        g_sym.dwarf_calls++;
        n = a8_sym_dwarf_resolve_locked(p, b, pc, module_off, is_return_addr, f, A8_SYM_MAX_INLINE,
                                        status);
    } else {
        f[0] = (struct a8_sym_frame){.pc = pc};
        n = 1;
        *status = A8_SYM_NOFILE;
    }
    n = copy_out(f, n, out, max);
    unlock();
    return n;
}

const char *a8_sym_file_build_id(const char *path)
{
    lock();
    const char *b = a8_sym_dwarf_file_build_id_locked(a8_sym_intern(path, a8_strlen(path)));
    unlock();
    return b;
}

/* The module of each pc, for the raw form. */
int a8_sym_module_frame(uintptr_t pc, struct a8_sym_frame *f)
{
    lock();
    init_locked();
    a8_sym_modules_refresh_locked(false);
    const struct a8_sym_module *m = a8_sym_module_of_locked(pc ? pc - 1 : pc, t_stack_id);
    *f = (struct a8_sym_frame){.pc = pc};
    if (m) {
        f->module = m->path;
        f->module_off = pc - m->bias;
        f->build_id = m->build_id;
    }
    unlock();
    return m ? 0 : -ENOENT;
}

/* fork: the parent's atfork handler takes the lock so the child never
 * inherits it mid-update; the child re-arms it. */
void a8_sym_fork_prepare(void) { a8_lock(&g_sym.lock); }
void a8_sym_fork_parent(void) { a8_unlock(&g_sym.lock); }
void a8_sym_fork_child(void) { a8_lock_reinit(&g_sym.lock); }

void a8_sym_stats(struct a8_sym_stats *st)
{
    lock();
    st->lookups = g_sym.lookups;
    st->cache_hits = g_sym.hits;
    st->dwarf_calls = g_sym.dwarf_calls;
    st->disk_hits = g_sym.disk_hits;
    st->files_opened = a8_sym_dwarf_files_opened_locked();
    st->modules = a8_sym_module_count_locked();
    st->module_scans = a8_sym_module_scans_locked();
    unlock();
}
