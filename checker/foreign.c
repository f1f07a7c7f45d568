/* foreign.c — addresses alloc8 does not own: is this a block glibc made
 * before alloc8 took over (hand it back), and otherwise where does it lie —
 * a thread's stack, a global variable (by name), a module's image, an
 * anonymous or file mapping, or nowhere?  Error path only, so it may read
 * /proc/self/maps and the module's ELF symbol table; it never reads memory
 * it has not first found mapped readable, and never allocates through the
 * user-visible heap (callers raise the guard for libelf). */
#include "checker.h"
#include "reports.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <link.h>
#include <unistd.h>

void __libc_free(void *ptr);

struct mapping {
    uintptr_t lo, hi;
    bool readable;
    char path[256];
};

struct maps_find {
    uintptr_t p;
    struct mapping *m;
};

/* One maps line: the mapping when it holds the address. */
static bool maps_find_line(const char *line, size_t len, void *ctx)
{
    struct maps_find *f = ctx;
    struct a8_maps_line l;
    if (!a8_maps_parse(line, len, &l) || f->p < l.lo || f->p >= l.hi)
        return false;
    f->m->lo = l.lo;
    f->m->hi = l.hi;
    f->m->readable = l.perms[0] == 'r';
    size_t n = l.path_len < sizeof f->m->path - 1 ? l.path_len : sizeof f->m->path - 1;
    for (size_t k = 0; k < n; k++)
        f->m->path[k] = l.path[k];
    f->m->path[n] = 0;
    return true;
}

/* Finds the maps line (a8_proc_open) containing p.  Allocation-free. */
static bool maps_find(uintptr_t p, struct mapping *m)
{
    int fd = a8_proc_open("maps");
    if (fd < 0)
        return false;
    struct maps_find f = {p, m};
    bool found = a8_read_lines(fd, maps_find_line, &f);
    close(fd);
    return found;
}

/* glibc's chunk layout (malloc/malloc.c): the size word sits 8 bytes before
 * the user pointer; low bits are flags, bit 1 = mmapped. */
static bool plausible_glibc_chunk(uintptr_t p, const struct mapping *m)
{
    if (p & 15 || p < m->lo + 16)
        return false;
    size_t word = *(const size_t *)(p - 8);
    size_t csize = word & ~(size_t)7;
    if (word & 2) /* mmapped chunks never live in [heap] */
        return false;
    if (csize < 32 || p - 16 + csize > m->hi)
        return false;
    /* The next chunk must say its predecessor (ours) is in use. */
    if (p - 16 + csize + 8 <= m->hi - 8) {
        size_t next = *(const size_t *)(p - 16 + csize + 8);
        if (!(next & 1))
            return false;
    }
    return true;
}

bool a8_foreign_is_glibc_block(const void *p)
{
    if (A8_STATIC) /* glibc's malloc is not linked: nothing in [heap] is its */
        return false;
    struct mapping m;
    if (!maps_find((uintptr_t)p, &m) || !m.readable)
        return false;
    return a8_strcmp(m.path, "[heap]") == 0 && plausible_glibc_chunk((uintptr_t)p, &m);
}

size_t a8_foreign_glibc_usable(const void *p)
{
    return (*(const size_t *)((uintptr_t)p - 8) & ~(size_t)7) - 8;
}

void a8_foreign_glibc_free(void *p)
{
#if !A8_STATIC
    __libc_free(p);
#endif
}

/* The ELF .symtab object symbol covering addr in the module at path. */
static bool symtab_lookup(const char *path, uintptr_t base, uintptr_t addr, char *out, size_t outsz)
{
    int fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool found = false;
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    GElf_Ehdr eh;
    if (elf && gelf_getehdr(elf, &eh)) {
        uintptr_t key = eh.e_type == ET_EXEC ? addr : addr - base;
        Elf_Scn *scn = NULL;
        while (!found && (scn = elf_nextscn(elf, scn))) {
            GElf_Shdr sh;
            if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
                continue;
            Elf_Data *d = elf_getdata(scn, NULL);
            size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
            for (size_t i = 0; d && i < n; i++) {
                GElf_Sym sym;
                if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_OBJECT)
                    continue;
                if (key >= sym.st_value && key < sym.st_value + (sym.st_size ? sym.st_size : 1)) {
                    const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
                    if (name) {
                        a8_strlcpy(out, name, outsz);
                        found = true;
                    }
                    break;
                }
            }
        }
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return found;
}

void a8_foreign_classify(const void *ptr, struct a8_error *e)
{
    uintptr_t p = (uintptr_t)ptr;
    uint32_t tid;
    if (a8_threads_stack_owner(p, &tid)) {
        e->addr_class = A8_ADDR_STACK;
        e->addr_thread = tid;
        return;
    }
    struct mapping m;
    bool mapped = maps_find(p, &m);
    if (mapped && a8_strcmp(m.path, "[stack]") == 0) {
        e->addr_class = A8_ADDR_STACK;
        e->addr_thread = 0;
        return;
    }
    Dl_info info;
    if (dladdr(ptr, &info) && info.dli_fname) {
        e->addr_class = A8_ADDR_GLOBAL;
        const char *file = info.dli_fname;
        char self[256];
        if (!file[0]) { /* the main program */
            a8_proc_exe(self, sizeof self);
            file = self;
        }
        a8_strlcpy(e->module, file, sizeof e->module);
        a8_guard_enter();
        if (!symtab_lookup(file, (uintptr_t)info.dli_fbase, p, e->symbol, sizeof e->symbol))
            e->symbol[0] = 0;
        a8_guard_leave();
        return;
    }
    if (!mapped) {
        e->addr_class = A8_ADDR_WILD;
        return;
    }
    e->map_lo = m.lo;
    e->map_hi = m.hi;
    if (m.path[0] == '/') {
        e->addr_class = A8_ADDR_FILE_MAP;
        a8_strlcpy(e->module, m.path, sizeof e->module);
    } else {
        e->addr_class = A8_ADDR_MMAP;
        a8_strlcpy(e->module, m.path, sizeof e->module); /* "", "[heap]", … */
    }
}
