/* dwarf.c — module file → function, file:line:column and the inline chain.
 *
 * Each module file gets its own Dwfl, the file reported at base 0, so a
 * lookup address is the module offset (pc - load bias) whether the module is
 * loaded, was dlclose'd, or belongs to another process (offline tool): one
 * code path for all three.  Files are opened once and kept.
 *
 * Debug info is searched locally only.  libdwfl's standard callbacks
 * (dwfl_standard_find_debuginfo, dwfl_build_id_find_elf) may fall through to
 * debuginfod in elfutils 0.188, so we pass our own: the file itself (libdwfl
 * looks there before asking us), /usr/lib/debug/.build-id/xx/yyyy.debug,
 * then the .gnu_debuglink name beside the file, in its .debug/ and under
 * /usr/lib/debug.  A candidate whose build-id differs is refused.
 *
 * Function names come from a per-file table of the ELF function symbols,
 * sorted once, searched by bisection (libdwfl's own address→symbol search is
 * linear: ~240 µs per libc address).  Inline frames come from the physical
 * DIE nesting around the innermost scope (dwarf_getscopes_die): each
 * DW_TAG_inlined_subroutine's DW_AT_call_file/line/column is the location in
 * the frame that encloses it.  C++ names are demangled with libiberty's
 * callback demangler into a stack buffer (no allocation).
 *
 * Locks: the symbolizer lock, held by the caller (sym.c).
 * Runs inside malloc? No; report time, guard raised (libdw mallocs freely).
 */
#include "symbolize.h"

#include "core.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <libiberty/demangle.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEBUG_ROOT "/usr/lib/debug"
#define DEMANGLE_MAX 4096 /* longer demangled names are cut */
#define SYM_BACK_SCAN 8   /* symbols looked at before the nearest one */

struct fsym {
    uintptr_t addr, size;
    const char *name; /* owned by libelf, valid while the Dwfl lives */
    int rank;         /* binding preference at equal address */
};

struct symfile {
    struct symfile *next;
    const char *path;     /* interned */
    const char *want_bid; /* interned; NULL: unchecked */
    const char *file_bid; /* interned; NULL: none */
    int status;           /* A8_SYM_OK / _NOFILE / _MISMATCH */
    Dwfl *dwfl;
    Dwfl_Module *mod;
    struct fsym *syms;
    size_t nsyms;
    bool syms_loaded;
    bool no_dwarf;         /* opened, and has no DWARF at all */
    bool noted;            /* the "no debug info" note was printed */
    int open_errno;        /* the file could not be opened: this errno */
    const char *debuglink; /* the file's .gnu_debuglink name (libelf's), or NULL */
    GElf_Word debuglink_crc;
    const char *part_missing; /* a dwz or .dwo file its DWARF refers to, not found */
    bool part_is_dwo;         /* part_missing is a split DWARF file */
    bool part_noted;
};

static struct {
    struct symfile *files;
    uint64_t opened;
} g_dw;

/* ---- local-only debug-info search -------------------------------------- */

static int no_find_elf(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                       char **file_name, Elf **elfp)
{
    return -1; /* we always report the file ourselves */
}

/* Open `path` as the debug file of a module with build-id `bid` (n bytes;
 * n == 0: unchecked).  Refuses the main file itself and build-id mismatches. */
static int try_debug_file(const char *path, const char *main_file, const unsigned char *bid, int n,
                          char **out_name)
{
    struct stat st, mst;
    int fd = a8_open_kept(path, O_RDONLY, 0);
    if (fd < 0)
        return -1;
    if (main_file && fstat(fd, &st) == 0 && stat(main_file, &mst) == 0 && st.st_dev == mst.st_dev &&
        st.st_ino == mst.st_ino)
        goto refuse;
    if (n > 0) {
        Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
        const void *got = NULL;
        ssize_t len = elf ? dwelf_elf_gnu_build_id(elf, &got) : -1;
        bool ok = len <= 0 || (len == n && memcmp(got, bid, (size_t)n) == 0);
        if (elf)
            elf_end(elf);
        if (!ok)
            goto refuse;
    }
    *out_name = strdup(path); /* libdwfl frees it; guard raised */
    return fd;
refuse:
    close(fd);
    return -1;
}

/* DEBUG_ROOT/.build-id/xx/yyyy.debug for a build-id of n bytes (n >= 2). */
static void build_id_path(char *path, size_t cap, const unsigned char *bid, int n)
{
    static const char digits[] = "0123456789abcdef";
    size_t k = (size_t)a8_snprintf(path, cap, DEBUG_ROOT "/.build-id/%c%c/", digits[bid[0] >> 4],
                                   digits[bid[0] & 15]);
    for (int i = 1; i < n && k + 2 < cap; i++) {
        path[k++] = digits[bid[i] >> 4];
        path[k++] = digits[bid[i] & 15];
    }
    path[k] = '\0';
    a8_strlcpy(path + k, ".debug", cap - k);
}

/* The dwz multifile (.gnu_debugaltlink) of the DWARF in `file_name`:
 * libdwfl asks for it through find_debuginfo too, with the link's name in
 * place of the debuglink.  Looked for by its own build-id, then by the name
 * (absolute, or relative to file_name's directory), as libdw would; opened
 * here so that it is kept high and close-on-exec like the other files.
 * Left to libdw, it was opened at the lowest free number, inheritable. */
static int find_alt_file(struct symfile *sf, Dwfl_Module *mod, const char *file_name,
                         char **out_name)
{
    char path[PATH_MAX];
    Dwarf_Addr bias;
    /* Safe here: libdwfl asks for the alt file after the module's Dwarf is
     * set up, so this returns it and calls no callback. */
    Dwarf *dw = dwfl_module_getdwarf(mod, &bias);
    const char *name;
    const void *bits;
    ssize_t n = dw ? dwelf_dwarf_gnu_debugaltlink(dw, &name, &bits) : -1;
    const unsigned char *id = bits;
    if (n < 2 || n > 64)
        return -1;
    build_id_path(path, sizeof(path), id, (int)n);
    int fd = try_debug_file(path, file_name, id, (int)n, out_name);
    const char *slash = file_name ? strrchr(file_name, '/') : NULL;
    if (fd < 0 && name[0] == '/')
        fd = try_debug_file(name, file_name, id, (int)n, out_name);
    else if (fd < 0 && name[0] && slash &&
             a8_snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - file_name), file_name, name) <
                 (int)sizeof(path))
        fd = try_debug_file(path, file_name, id, (int)n, out_name);
    if (fd < 0)
        sf->part_missing = a8_sym_intern(name, a8_strlen(name));
    return fd;
}

static int local_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                                Dwarf_Addr base, const char *file_name, const char *debuglink,
                                GElf_Word crc, char **out_name)
{
    /* Not the main file's own .gnu_debuglink: the dwz alt link. */
    struct symfile *sf = *userdata;
    if (debuglink && sf &&
        !(sf->debuglink && crc == sf->debuglink_crc && strcmp(debuglink, sf->debuglink) == 0))
        return find_alt_file(sf, mod, file_name, out_name);
    char path[PATH_MAX];
    const unsigned char *bid = NULL;
    GElf_Addr vaddr;
    int n = dwfl_module_build_id(mod, &bid, &vaddr);
    if (n > 1) {
        build_id_path(path, sizeof(path), bid, n);
        int fd = try_debug_file(path, file_name, bid, n, out_name);
        if (fd >= 0)
            return fd;
    } else {
        n = 0;
    }
    if (!debuglink || !file_name || file_name[0] != '/')
        return -1;
    const char *slash = strrchr(file_name, '/');
    int dlen = (int)(slash - file_name);
    const char *fmts[] = {"%.*s/%s", "%.*s/.debug/%s", DEBUG_ROOT "%.*s/%s"};
    for (size_t i = 0; i < A8_ARRAY_LEN(fmts); i++) {
        if (a8_snprintf(path, sizeof(path), fmts[i], dlen, file_name, debuglink) >=
            (int)sizeof(path))
            continue;
        int fd = try_debug_file(path, file_name, bid, n, out_name);
        if (fd >= 0)
            return fd;
    }
    return -1;
}

static const Dwfl_Callbacks local_callbacks = {
    .find_elf = no_find_elf,
    .find_debuginfo = local_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

/* ---- the per-file table of function symbols --------------------------- */

static int fsym_cmp(const void *a, const void *b)
{
    const struct fsym *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return x->rank - y->rank;
}

static void load_syms(struct symfile *sf)
{
    sf->syms_loaded = true;
    int n = dwfl_module_getsymtab(sf->mod);
    if (n <= 0)
        return;
    struct fsym *t = a8_int_alloc((size_t)n * sizeof(*t), _Alignof(struct fsym));
    if (!t)
        return;
    size_t k = 0;
    for (int i = 1; i < n; i++) {
        GElf_Sym sym;
        GElf_Addr addr;
        GElf_Word shndx;
        const char *name = dwfl_module_getsym_info(sf->mod, i, &sym, &addr, &shndx, NULL, NULL);
        int type = GELF_ST_TYPE(sym.st_info);
        if (!name || !name[0] || sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS)
            continue;
        if (type != STT_FUNC && type != STT_GNU_IFUNC && !(type == STT_NOTYPE && sym.st_size))
            continue;
        int bind = GELF_ST_BIND(sym.st_info);
        t[k++] = (struct fsym){.addr = addr,
                               .size = sym.st_size,
                               .name = name,
                               .rank = bind == STB_GLOBAL ? 2
                                       : bind == STB_WEAK ? 1
                                                          : 0};
    }
    qsort(t, k, sizeof(*t), fsym_cmp);
    sf->syms = t;
    sf->nsyms = k;
}

static const struct fsym *sym_at(struct symfile *sf, uintptr_t a)
{
    if (!sf->syms_loaded)
        load_syms(sf);
    size_t lo = 0, hi = sf->nsyms; /* find the last entry with addr <= a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sf->syms[mid].addr <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct fsym *best = &sf->syms[lo - 1];
    for (size_t i = lo, seen = 0; i-- > 0 && seen < SYM_BACK_SCAN; seen++) {
        const struct fsym *s = &sf->syms[i];
        if (a < s->addr + s->size)
            return s; /* the nearest symbol that contains a */
    }
    return best->size == 0 ? best : NULL;
}

/* ---- names -------------------------------------------------------------- */

struct dbuf {
    char *p;
    size_t len, cap;
};

static void dbuf_put(const char *s, size_t n, void *opaque)
{
    struct dbuf *d = opaque;
    if (n > d->cap - d->len)
        n = d->cap - d->len;
    memcpy(d->p + d->len, s, n);
    d->len += n;
}

static size_t demangle(const char *name, char *out, size_t cap)
{
    if (name[0] != '_' || name[1] != 'Z' || cap == 0)
        return 0;
    struct dbuf d = {out, 0, cap};
    if (!cplus_demangle_v3_callback(name, DMGL_PARAMS | DMGL_ANSI, dbuf_put, &d))
        return 0;
    return d.len;
}

/* The name to print (demangled when it is a C++ name); *raw gets the name
 * as written when it was demangled, else NULL. */
static const char *name_intern(const char *name, const char **raw)
{
    *raw = NULL;
    if (!name)
        return NULL;
    char buf[DEMANGLE_MAX];
    size_t len = a8_strlen(name);
    size_t n = demangle(name, buf, sizeof(buf));
    if (!n)
        return a8_sym_intern(name, len);
    *raw = a8_sym_intern(name, len);
    return a8_sym_intern(buf, n);
}

/* A symbol-table name: glibc's debug symtab carries version suffixes
 * ("__libc_start_main@GLIBC_2.2.5"); the function is the part before '@'. */
static const char *sym_name_intern(const char *name, const char **raw)
{
    const char *at = strchr(name, '@');
    if (!at || at == name)
        return name_intern(name, raw);
    char buf[DEMANGLE_MAX];
    size_t n = (size_t)(at - name) < sizeof(buf) ? (size_t)(at - name) : sizeof(buf) - 1;
    memcpy(buf, name, n);
    buf[n] = '\0';
    return name_intern(buf, raw);
}

/* A subprogram's name.  An inlined one's raw name is its plain DW_AT_name
 * ("grab" of store::Pool::grab), which is how valgrind names inlined frames. */
static const char *die_name(Dwarf_Die *die, bool inlined, const char **raw)
{
    Dwarf_Attribute at;
    const char *n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &at));
    if (!n)
        n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &at));
    const char *plain = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &at));
    const char *name = name_intern(n ? n : plain, raw);
    if (inlined && *raw && plain)
        *raw = a8_sym_intern(plain, a8_strlen(plain));
    return name;
}

static const char *path_intern(const char *file, const char *comp_dir)
{
    if (!file)
        return NULL;
    if (file[0] == '/' || !comp_dir || !comp_dir[0])
        return a8_sym_intern(file, a8_strlen(file));
    char buf[2 * PATH_MAX];
    int n = a8_snprintf(buf, sizeof(buf), "%s/%s", comp_dir, file);
    if (n < 0 || n >= (int)sizeof(buf))
        return a8_sym_intern(file, a8_strlen(file));
    return a8_sym_intern(buf, (size_t)n);
}

/* ---- files -------------------------------------------------------------- */

/* Opens sf's file and reports it to libdwfl; sf->status says how it went.
 * Again on a later lookup when there was no descriptor for it. */
static void symfile_open(struct symfile *sf)
{
    const char *path = sf->path;
    if (!sf->dwfl)
        sf->dwfl = dwfl_begin(&local_callbacks);
    if (!sf->dwfl)
        return;
    dwfl_report_begin(sf->dwfl);
    /* Opened here, not by libdwfl: it keeps the descriptor for as long as
     * the module is reported (the process's life), so it goes up out of
     * the program's way, close-on-exec (core.h, a8_open_kept); libdwfl's
     * own open took the lowest free number (3 in most programs: the
     * program's next open got 4) and left it open in every program it
     * executed.  base 0, add_p_vaddr: module addresses are the file's own
     * vaddrs. */
    int fd = a8_open_kept(path, O_RDONLY, 0);
    sf->open_errno = fd < 0 ? errno : 0;
    sf->mod = fd >= 0 ? dwfl_report_elf(sf->dwfl, path, path, fd, 0, true) : NULL;
    dwfl_report_end(sf->dwfl, NULL, NULL);
    if (!sf->mod) {
        if (fd >= 0)
            close(fd); /* consumed only on success */
        return;
    }
    g_dw.opened++;
    /* The callbacks get sf, and the file's own debuglink to tell the alt
     * link's lookup from it (local_find_debuginfo). */
    void **ud = NULL;
    dwfl_module_info(sf->mod, &ud, NULL, NULL, NULL, NULL, NULL, NULL);
    if (ud)
        *ud = sf;
    GElf_Addr ebias;
    Elf *elf = dwfl_module_getelf(sf->mod, &ebias);
    sf->debuglink = elf ? dwelf_elf_gnu_debuglink(elf, &sf->debuglink_crc) : NULL;
    const unsigned char *bits;
    GElf_Addr vaddr;
    int n = dwfl_module_build_id(sf->mod, &bits, &vaddr);
    sf->file_bid = n > 0 ? a8_sym_intern_hex(bits, (size_t)n) : NULL;
    sf->status = sf->want_bid && sf->want_bid != sf->file_bid ? A8_SYM_MISMATCH : A8_SYM_OK;
    /* No DWARF at all: frames show function+offset from the symbol table,
     * or module+offset (said once, when such a frame is printed). */
    Dwarf_Addr dbias;
    sf->no_dwarf = sf->status == A8_SYM_OK && !dwfl_module_getdwarf(sf->mod, &dbias);
}

static struct symfile *symfile_get(const char *path, const char *want_bid)
{
    for (struct symfile *sf = g_dw.files; sf; sf = sf->next) {
        if (sf->path == path && sf->want_bid == want_bid) {
            if (sf->open_errno == EMFILE && !a8_sandboxed())
                symfile_open(sf); /* no descriptor then: try again */
            return sf;
        }
    }
    /* Under a seccomp filter no file is opened (open may kill the process):
     * the frames of files not read before it show module+offset. */
    if (a8_sandboxed())
        return NULL;
    struct symfile *sf = a8_int_calloc(1, sizeof(*sf));
    if (!sf)
        return NULL;
    sf->path = path;
    sf->want_bid = want_bid;
    sf->status = A8_SYM_NOFILE;
    sf->next = g_dw.files;
    g_dw.files = sf;
    if (path[0] == '/')
        symfile_open(sf); /* not the vdso and other pseudo-modules: no file */
    return sf;
}

bool a8_sym_dwarf_has_debug_locked(const char *path, const char *build_id)
{
    for (struct symfile *sf = g_dw.files; sf; sf = sf->next)
        if (sf->path == path && sf->want_bid == build_id)
            return sf->status == A8_SYM_OK && !sf->no_dwarf && !sf->part_missing;
    return false;
}

void a8_sym_dwarf_note_nodebug_locked(const char *path)
{
    for (struct symfile *sf = g_dw.files; sf; sf = sf->next) {
        if (a8_strcmp(sf->path, path) != 0)
            continue;
        if (sf->part_missing && !sf->part_noted) {
            sf->part_noted = true;
            a8_note("cannot find %s, the %s that the debug info of %s refers to: inlined "
                    "frames and names kept in it are not shown (%s)",
                    sf->part_missing, sf->part_is_dwo ? "split DWARF file" : "dwz file", path,
                    sf->part_is_dwo ? "keep the build's .dwo files where they were built, or "
                                      "beside the program"
                                    : "reinstall the debug package that has it");
        }
        if (sf->noted)
            continue;
        if (sf->no_dwarf) {
            sf->noted = true;
            a8_note("no debug info for %s: its frames show function+offset or module+offset "
                    "(build it with -g, or install its -dbg/-dbgsym package)",
                    path);
        } else if (sf->open_errno == EMFILE) {
            /* A file that is gone or unreadable says so in the frame. */
            sf->noted = true;
            a8_note("cannot open %s (errno %d: no descriptor left, and the limit cannot be "
                    "raised): its frames show module+offset",
                    path, sf->open_errno);
        }
    }
}

const char *a8_sym_dwarf_file_build_id_locked(const char *path)
{
    for (struct symfile *sf = g_dw.files; sf; sf = sf->next)
        if (sf->path == path && sf->mod)
            return sf->file_bid;
    return NULL;
}

uint64_t a8_sym_dwarf_files_opened_locked(void) { return g_dw.opened; }

/* ---- resolution --------------------------------------------------------- */

struct loc {
    const char *file;
    unsigned line, column;
};

/* DW_AT_call_file/line/column of an inlined subroutine: where it was
 * inlined, i.e. the location inside the enclosing frame. */
static struct loc call_site(Dwarf_Die *inl)
{
    struct loc l = {0};
    Dwarf_Attribute at;
    Dwarf_Word v;
    Dwarf_Die cu;
    Dwarf_Files *files;
    if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_line, &at), &v) == 0)
        l.line = (unsigned)v;
    if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_column, &at), &v) == 0)
        l.column = (unsigned)v;
    if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_file, &at), &v) == 0 &&
        dwarf_diecu(inl, &cu, NULL, NULL) && dwarf_getsrcfiles(&cu, &files, NULL) == 0) {
        const char *f = dwarf_filesrc(files, v, NULL, NULL);
        const char *cd = dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &at));
        l.file = path_intern(f, cd);
    }
    if (!l.file)
        l.line = l.column = 0;
    return l;
}

static struct loc line_at(Dwfl_Module *mod, GElf_Addr a)
{
    struct loc l = {0};
    Dwfl_Line *line = dwfl_module_getsrc(mod, a);
    int lineno = 0, col = 0;
    const char *f = line ? dwfl_lineinfo(line, NULL, &lineno, &col, NULL, NULL) : NULL;
    if (f) {
        l.file = path_intern(f, dwfl_line_comp_dir(line));
        l.line = lineno > 0 ? (unsigned)lineno : 0;
        l.column = col > 0 ? (unsigned)col : 0;
    }
    return l;
}

int a8_sym_dwarf_resolve_locked(const char *path, const char *build_id, uintptr_t pc,
                                uintptr_t module_off, bool is_return_addr, struct a8_sym_frame *out,
                                int max, int *status)
{
    struct a8_sym_frame base = {
        .pc = pc, .module = path, .module_off = module_off, .build_id = build_id};
    struct symfile *sf = path ? symfile_get(path, build_id) : NULL;
    *status = !sf ? A8_SYM_NOFILE : sf->open_errno == EMFILE ? A8_SYM_NOROOM : sf->status;
    if (max <= 0)
        return 0;
    out[0] = base;
    if (!sf || sf->status != A8_SYM_OK)
        return 1;

    GElf_Addr a = module_off - (is_return_addr && module_off ? 1 : 0);
    const struct fsym *sym = sym_at(sf, a);
    struct loc here = line_at(sf->mod, a);

    struct a8_sym_frame fr[A8_SYM_MAX_INLINE];
    int n = 0;
    Dwarf_Addr bias = 0;
    Dwarf_Die *cu = dwfl_module_addrdie(sf->mod, a, &bias);
    Dwarf_Die *scopes = NULL, split;
    uint8_t unit_type = 0;
    /* Split DWARF (-gsplit-dwarf): the skeleton unit here has the line table
     * only; its DIEs (the inline chain) are in the .dwo, which libdw finds
     * beside the file or in the unit's comp_dir, reads, and closes again. */
    if (cu && dwarf_cu_info(cu->cu, NULL, &unit_type, NULL, &split, NULL, NULL, NULL) == 0 &&
        unit_type == DW_UT_skeleton) {
        if (split.cu) {
            cu = &split;
        } else if (!sf->part_missing) {
            Dwarf_Attribute at;
            const char *dwo = dwarf_formstring(dwarf_attr(cu, DW_AT_dwo_name, &at));
            if (!dwo)
                dwo = dwarf_formstring(dwarf_attr(cu, DW_AT_GNU_dwo_name, &at));
            sf->part_missing = dwo ? a8_sym_intern(dwo, a8_strlen(dwo)) : "a .dwo file";
            sf->part_is_dwo = true;
        }
    }
    int ns = cu ? dwarf_getscopes(cu, a - bias, &scopes) : 0;
    if (ns > 0) {
        Dwarf_Die inner = scopes[0];
        free(scopes);
        scopes = NULL;
        ns = dwarf_getscopes_die(&inner, &scopes); /* physical nesting */
    }
    for (int i = 0; i < ns; i++) {
        int tag = dwarf_tag(&scopes[i]);
        if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
            continue;
        struct a8_sym_frame f = base;
        f.file = here.file;
        f.line = here.line;
        f.column = here.column;
        if (tag == DW_TAG_inlined_subroutine) {
            f.function = die_name(&scopes[i], true, &f.raw_name);
            f.inlined = true;
            here = call_site(&scopes[i]);
            if (n < A8_SYM_MAX_INLINE - 1)
                fr[n++] = f;
            continue;
        }
        if (sym) {
            f.function = sym_name_intern(sym->name, &f.raw_name);
            f.function_off = a - sym->addr;
        } else {
            f.function = die_name(&scopes[i], false, &f.raw_name);
        }
        fr[n++] = f;
        break;
    }
    free(scopes);
    if (n == 0 || fr[n - 1].inlined) {
        /* no DWARF subprogram: the symbol table and the line table alone */
        struct a8_sym_frame f = base;
        f.file = here.file;
        f.line = here.line;
        f.column = here.column;
        if (sym) {
            f.function = sym_name_intern(sym->name, &f.raw_name);
            f.function_off = a - sym->addr;
        }
        if (n == A8_SYM_MAX_INLINE)
            n--;
        fr[n++] = f;
    }
    if (n > max) { /* keep the innermost and the outermost */
        fr[max - 1] = fr[n - 1];
        n = max;
    }
    memcpy(out, fr, (size_t)n * sizeof(*out));
    return n;
}
