/* modules.c — the process's module map, and string interning.
 *
 * A module record (path, build-id, load bias, PT_LOAD ranges) is made the
 * first time a snapshot sees a module and is never freed: after dlclose it
 * stays, marked not loaded, so pcs captured in unloaded code still find
 * their file (DESIGN.md §4).  A snapshot walks dl_iterate_phdr only when the
 * loader's adds/subs counters moved since the last one.
 *
 * Interned strings (paths, build-ids, function and file names) live in the
 * internal arena for the life of the process; equal strings share storage.
 *
 * Locks: every function here expects the symbolizer lock (sym.c) held.
 * Runs inside malloc? No — report time only, guard raised; it allocates only
 * from the internal arena (realpath/readlink use caller buffers).
 */
#include "symbolize.h"

#include "core.h"

#include <elf.h>
#include <limits.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INTERN_MIN_SLOTS 1024
#define BUILD_ID_MAX 64 /* bytes; GNU build-ids are 20 (sha1) */

static struct {
    /* interning: open addressing, power-of-two slots, load <= 1/2 */
    const char **in_slot;
    size_t in_cap, in_used;
    /* module records, in order of first sight */
    struct a8_sym_module **mods;
    size_t nmods, capmods;
    unsigned long long last_adds, last_subs;
    uint32_t boundary; /* a8_sym_dlclose_boundary's latest: 0 before any */
    bool scanned;
    uint32_t serial;
    uint64_t scans;
} g_mod;

/* ---- interning ---------------------------------------------------------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static bool intern_grow(void)
{
    size_t cap = g_mod.in_cap ? g_mod.in_cap * 2 : INTERN_MIN_SLOTS;
    const char **slot = a8_int_calloc(cap, sizeof(*slot));
    if (!slot)
        return false;
    for (size_t i = 0; i < g_mod.in_cap; i++) {
        const char *s = g_mod.in_slot[i];
        if (!s)
            continue;
        size_t j = hash_bytes(s, a8_strlen(s)) & (cap - 1);
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = s;
    }
    a8_int_free(g_mod.in_slot);
    g_mod.in_slot = slot;
    g_mod.in_cap = cap;
    return true;
}

const char *a8_sym_intern(const char *s, size_t n)
{
    if (!s)
        return NULL;
    if ((g_mod.in_used + 1) * 2 > g_mod.in_cap && !intern_grow())
        return NULL;
    size_t j = hash_bytes(s, n) & (g_mod.in_cap - 1);
    for (const char *t; (t = g_mod.in_slot[j]) != NULL; j = (j + 1) & (g_mod.in_cap - 1))
        if (a8_strncmp(t, s, n) == 0 && t[n] == '\0')
            return t;
    char *copy = a8_int_alloc(n + 1, 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    g_mod.in_slot[j] = copy;
    g_mod.in_used++;
    return copy;
}

/* ---- module snapshot ---------------------------------------------------- */

const char *a8_sym_intern_hex(const unsigned char *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char hex[2 * BUILD_ID_MAX + 1];
    if (n == 0 || n > BUILD_ID_MAX)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[b[i] >> 4];
        hex[2 * i + 1] = digits[b[i] & 15];
    }
    return a8_sym_intern(hex, 2 * n);
}

/* The NT_GNU_BUILD_ID note of a loaded module, read from its mapped notes. */
static const char *build_id_of(const struct dl_phdr_info *info)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        size_t align = ph->p_align == 8 ? 8 : 4;
        const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
        const unsigned char *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
            size_t name_off = sizeof(*nh);
            size_t desc_off = name_off + ((nh->n_namesz + align - 1) & ~(align - 1));
            size_t next = desc_off + ((nh->n_descsz + align - 1) & ~(align - 1));
            if (next > (size_t)(end - p))
                break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
                memcmp(p + name_off, "GNU", 4) == 0)
                return a8_sym_intern_hex(p + desc_off, nh->n_descsz);
            p += next;
        }
    }
    return NULL;
}

/* The module's full path: the main program's real path from the exe link,
 * relative names made absolute; pseudo-modules (the vdso) keep their name. */
static const char *path_of(const struct dl_phdr_info *info, bool first)
{
    char buf[PATH_MAX];
    const char *name = info->dlpi_name;
    if (!name || !name[0]) {
        if (!first)
            return NULL;
        long n = a8_proc_exe(buf, sizeof buf);
        if (n <= 0)
            return a8_sym_intern("<main program>", 14);
        return a8_sym_intern(buf, (size_t)n);
    }
    if (name[0] != '/' && strchr(name, '/') && realpath(name, buf))
        return a8_sym_intern(buf, a8_strlen(buf));
    return a8_sym_intern(name, a8_strlen(name));
}

struct scan {
    unsigned long long adds, subs;
    int index;
};

static int peek_counters(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct scan *sc = arg;
    if (size >= offsetof(struct dl_phdr_info, dlpi_subs) + sizeof(info->dlpi_subs)) {
        sc->adds = info->dlpi_adds;
        sc->subs = info->dlpi_subs;
    }
    return 1; /* one entry is enough */
}

static struct a8_sym_module *add_record(void)
{
    if (g_mod.nmods == g_mod.capmods) {
        size_t cap = g_mod.capmods ? g_mod.capmods * 2 : 64;
        struct a8_sym_module **m = a8_int_realloc(g_mod.mods, cap * sizeof(*m));
        if (!m)
            return NULL;
        g_mod.mods = m;
        g_mod.capmods = cap;
    }
    struct a8_sym_module *rec = a8_int_calloc(1, sizeof(*rec));
    if (rec)
        g_mod.mods[g_mod.nmods++] = rec;
    return rec;
}

static int note_one(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct scan *sc = arg;
    bool first = sc->index++ == 0;
    const char *path = path_of(info, first);
    if (!path)
        return 0;
    const char *bid = build_id_of(info);
    for (size_t i = 0; i < g_mod.nmods; i++) {
        struct a8_sym_module *m = g_mod.mods[i];
        /* still loaded since the last snapshot, or reloaded at the same
         * place after an unload alloc8 did not see (its two lives cannot be
         * told apart); one unloaded at a known dlclose gets a new record */
        if (m->bias == info->dlpi_addr && m->path == path && m->build_id == bid &&
            (m->gone_id == UINT32_MAX || m->gone_id == 0)) {
            m->loaded = true;
            m->gone_id = UINT32_MAX;
            return 0;
        }
    }
    struct a8_sym_module m = {.path = path,
                              .build_id = bid,
                              .bias = info->dlpi_addr,
                              .lo = UINTPTR_MAX,
                              .loaded = true,
                              .gone_id = UINT32_MAX};
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (m.nseg < A8_SYM_MAX_SEGS) {
            m.seg_lo[m.nseg] = lo;
            m.seg_hi[m.nseg] = hi;
            m.nseg++;
        }
        if (lo < m.lo)
            m.lo = lo;
        if (hi > m.hi)
            m.hi = hi;
    }
    if (m.nseg == 0)
        return 0;
    struct a8_sym_module *rec = add_record();
    if (rec) {
        m.serial = ++g_mod.serial;
        *rec = m;
    }
    return 0;
}

void a8_sym_modules_refresh_locked(bool force)
{
    struct scan sc = {0};
    dl_iterate_phdr(peek_counters, &sc);
    if (!force && g_mod.scanned && sc.adds == g_mod.last_adds && sc.subs == g_mod.last_subs)
        return;
    for (size_t i = 0; i < g_mod.nmods; i++)
        g_mod.mods[i]->loaded = false;
    sc.index = 0;
    dl_iterate_phdr(note_one, &sc);
    /* gone since the last snapshot: unloaded at the latest dlclose, as the
     * checker snapshots before each */
    for (size_t i = 0; i < g_mod.nmods; i++) {
        struct a8_sym_module *m = g_mod.mods[i];
        if (!m->loaded && m->gone_id == UINT32_MAX)
            m->gone_id = g_mod.boundary;
    }
    g_mod.last_adds = sc.adds;
    g_mod.last_subs = sc.subs;
    g_mod.scanned = true;
    g_mod.scans++;
}

static bool contains(const struct a8_sym_module *m, uintptr_t pc)
{
    if (pc < m->lo || pc >= m->hi)
        return false;
    for (int i = 0; i < m->nseg; i++)
        if (pc >= m->seg_lo[i] && pc < m->seg_hi[i])
            return true;
    return false;
}

void a8_sym_boundary_locked(uint32_t next_id) { g_mod.boundary = next_id; }

/* For a stack captured at stack_id: of the modules that held pc, the first
 * one still loaded then (unloaded at or after it).  Otherwise, and for a
 * stack of now (0): loaded modules first, then unloaded ones, the most
 * recently seen first (an address range reused by a later dlopen belongs to
 * the later one). */
const struct a8_sym_module *a8_sym_module_of_locked(uintptr_t pc, uint32_t stack_id)
{
    if (stack_id) {
        const struct a8_sym_module *best = NULL;
        for (size_t i = 0; i < g_mod.nmods; i++) {
            const struct a8_sym_module *m = g_mod.mods[i];
            if (m->gone_id > stack_id && contains(m, pc) && (!best || m->gone_id < best->gone_id))
                best = m;
        }
        if (best)
            return best;
    }
    for (size_t i = 0; i < g_mod.nmods; i++)
        if (g_mod.mods[i]->loaded && contains(g_mod.mods[i], pc))
            return g_mod.mods[i];
    for (size_t i = g_mod.nmods; i-- > 0;)
        if (!g_mod.mods[i]->loaded && contains(g_mod.mods[i], pc))
            return g_mod.mods[i];
    return NULL;
}

uint64_t a8_sym_module_count_locked(void) { return g_mod.nmods; }
uint64_t a8_sym_module_scans_locked(void) { return g_mod.scans; }
