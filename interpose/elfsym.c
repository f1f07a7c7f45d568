/* elfsym.c — a C library function found by name without dlsym.
 *
 * Every dl* call starts by freeing the message the calling thread's last
 * dlerror() returned, and clears any error not yet fetched (glibc's
 * _dlerror_run).  alloc8 looks some of the C library's functions up on
 * their first use (a checked printf, a fortified entry, mallinfo, ...): a
 * dlsym made there, between a program's dlerror() and its use of the
 * message, freed the message under it.  bash's `enable -f` with a library
 * that does not load prints dlerror()'s text after an fprintf: the checker
 * reported a use after free that alloc8 itself had made, and the program
 * printed freed bytes.
 *
 * So a lookup reads the loaded objects' dynamic symbol tables itself.
 * dl_iterate_phdr lists the objects in load order (it takes the loader's
 * lock, as dlsym does, and sets no dlerror state); the search starts after
 * alloc8's own object, as dlsym(RTLD_NEXT) does, and takes the first
 * definition of the name in an object's GNU hash table (or its SysV one)
 * that is global or weak, a function, and the default version (a `name@@V`,
 * not a compatibility `name@V`).  An IFUNC's resolver is called for the
 * implementation, as ld.so calls it.  What is not found this way (an object
 * without either hash table) is left to dlsym. */
#include "interpose.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

extern const char __ehdr_start[]; /* the first byte of the object this is linked into */

struct find {
    const char *name;
    uint32_t gnu, sysv; /* the name's hashes */
    bool past_self;     /* the walk has passed alloc8's own object */
    void *found;
};

static uint32_t gnu_hash(const char *s)
{
    uint32_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

static uint32_t sysv_hash(const char *s)
{
    uint32_t h = 0;
    for (; *s; s++) {
        h = (h << 4) + (unsigned char)*s;
        uint32_t g = h & 0xf0000000u;
        h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

/* The tables of one object, from its dynamic section. */
struct tables {
    const ElfW(Sym) * sym;
    const char *str;
    const uint16_t *versym; /* NULL: unversioned */
    const uint32_t *gnu, *sysv;
};

/* ld.so rewrites the dynamic section's addresses to run-time ones; the
 * vDSO's are left as offsets from its base. */
static uintptr_t dyn_addr(uintptr_t base, uintptr_t v) { return v < base ? v + base : v; }

static bool read_tables(const struct dl_phdr_info *info, struct tables *t)
{
    const ElfW(Dyn) *dyn = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
            dyn = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    if (!dyn)
        return false;
    *t = (struct tables){0};
    uintptr_t b = info->dlpi_addr;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        switch (dyn->d_tag) {
        case DT_SYMTAB:
            t->sym = (const ElfW(Sym) *)dyn_addr(b, dyn->d_un.d_ptr);
            break;
        case DT_STRTAB:
            t->str = (const char *)dyn_addr(b, dyn->d_un.d_ptr);
            break;
        case DT_VERSYM:
            t->versym = (const uint16_t *)dyn_addr(b, dyn->d_un.d_ptr);
            break;
        case DT_GNU_HASH:
            t->gnu = (const uint32_t *)dyn_addr(b, dyn->d_un.d_ptr);
            break;
        case DT_HASH:
            t->sysv = (const uint32_t *)dyn_addr(b, dyn->d_un.d_ptr);
            break;
        default:
            break;
        }
    }
    return t->sym && t->str && (t->gnu || t->sysv);
}

/* Symbol i is a definition of f->name that a lookup without a version takes. */
static bool takes(const struct tables *t, uint32_t i, const char *name)
{
    const ElfW(Sym) *s = &t->sym[i];
    unsigned type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);
    if (s->st_shndx == SHN_UNDEF || (type != STT_FUNC && type != STT_GNU_IFUNC) ||
        (bind != STB_GLOBAL && bind != STB_WEAK))
        return false;
    /* versym 0 is local; bit 15 marks a hidden (compatibility) version */
    if (t->versym && (t->versym[i] == 0 || (t->versym[i] & 0x8000)))
        return false;
    return a8_strcmp(t->str + s->st_name, name) == 0;
}

/* The index of name's symbol in the object (0: none). */
static uint32_t lookup(const struct tables *t, const struct find *f)
{
    if (t->gnu) {
        uint32_t nbuckets = t->gnu[0], symoffset = t->gnu[1], bloom_size = t->gnu[2];
        uint32_t shift = t->gnu[3];
        if (!nbuckets || !bloom_size)
            return 0;
        const ElfW(Addr) *bloom = (const ElfW(Addr) *)(t->gnu + 4);
        const uint32_t *buckets = (const uint32_t *)(bloom + bloom_size);
        const uint32_t *chain = buckets + nbuckets;
        const unsigned bits = 8 * sizeof(ElfW(Addr));
        ElfW(Addr) word = bloom[(f->gnu / bits) % bloom_size];
        ElfW(Addr) mask = (ElfW(Addr))1 << (f->gnu % bits) | (ElfW(Addr))1
                                                                 << ((f->gnu >> shift) % bits);
        if ((word & mask) != mask)
            return 0;
        uint32_t i = buckets[f->gnu % nbuckets];
        if (i < symoffset)
            return 0;
        for (;; i++) {
            uint32_t h = chain[i - symoffset];
            if ((h | 1) == (f->gnu | 1) && takes(t, i, f->name))
                return i;
            if (h & 1)
                return 0;
        }
    }
    uint32_t nbucket = t->sysv[0];
    if (!nbucket)
        return 0;
    const uint32_t *bucket = t->sysv + 2, *chain = bucket + nbucket;
    for (uint32_t i = bucket[f->sysv % nbucket]; i; i = chain[i])
        if (takes(t, i, f->name))
            return i;
    return 0;
}

/* Whether the object holds the address a. */
static bool holds(const struct dl_phdr_info *info, uintptr_t a)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + p->p_vaddr;
        if (p->p_type == PT_LOAD && a >= lo && a - lo < p->p_memsz)
            return true;
    }
    return false;
}

static int visit(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct find *f = arg;
    if (!f->past_self) {
        f->past_self = holds(info, (uintptr_t)__ehdr_start);
        return 0;
    }
    struct tables t;
    uint32_t i;
    if (!read_tables(info, &t) || !(i = lookup(&t, f)))
        return 0;
    uintptr_t a = info->dlpi_addr + t.sym[i].st_value;
    if (ELF64_ST_TYPE(t.sym[i].st_info) == STT_GNU_IFUNC)
        a = ((uintptr_t(*)(void))a)(); /* x86-64 glibc's resolvers take no arguments */
    f->found = (void *)a;
    return 1;
}

void *a8_elf_next_sym(const char *name)
{
    struct find f = {name, gnu_hash(name), sysv_hash(name), false, NULL};
    dl_iterate_phdr(visit, &f);
    return f.found;
}
