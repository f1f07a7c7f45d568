/* symbolize.h — pc → module, function, file:line:column and inline chain.
 *
 * Report time only: never on the allocation path.  Callers raise the
 * re-entrancy guard (every entry point here raises it again, which is
 * harmless), so the many mallocs libdw makes go to the internal arena; never
 * call in here while holding a heap lock.  One symbolizer lock (rank: after
 * every heap lock, before the internal-arena lock) serialises the module map,
 * the per-file Dwfl handles and the pc cache.
 *
 * Debug info is searched locally only (the file itself, /usr/lib/debug,
 * .build-id paths, .gnu_debuglink): debuginfod is never contacted.
 *
 * Every string handed out lives as long as the process (interned in the
 * internal arena); each pc is resolved once per process.
 *
 * The files of this folder:
 *   modules.c  module map from dl_iterate_phdr, kept across dlclose; interning
 *   dwarf.c    one Dwfl per module file, local-only debug-info search, the
 *              DWARF walk that yields the inline chain, demangling
 *   sym.c      init, the lock, the pc cache, a8_sym_resolve, offline lookup
 *   diskcache.c frames kept across runs, one file per module build-id
 *   format.c   the one frame format (in-process, offline tool) and raw form
 */
#ifndef ALLOC8_SYMBOLIZE_H
#define ALLOC8_SYMBOLIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct a8_sym_frame {
    uintptr_t pc;           /* the address as captured */
    const char *function;   /* demangled name, NULL if unknown */
    const char *raw_name;   /* the name as the binary spells it, when that differs:
                               a C++ function's mangled name, an inlined C++
                               function's DW_AT_name (valgrind's forms) */
    uintptr_t function_off; /* lookup address - function start, when known */
    const char *file;       /* source path (comp_dir joined when relative), NULL if unknown */
    unsigned line, column;  /* 0 if unknown */
    const char *module;     /* module path; NULL if in no known module */
    uintptr_t module_off;   /* pc - module load bias */
    const char *build_id;   /* hex, NULL if none */
    bool inlined;           /* this frame is inlined into the next entry */
};

/* Most frames one pc expands to (inline depth + 1); deeper chains keep the
 * innermost A8_SYM_MAX_INLINE-1 frames and the outermost real function. */
#define A8_SYM_MAX_INLINE 16

int a8_sym_init(void);          /* idempotent; 0 or -errno; takes the symbolizer lock */
void a8_sym_note_modules(void); /* snapshot loaded modules (path, build-id, bias,
                                   ranges); cheap when nothing changed; the
                                   interposer calls it just before every dlclose */
/* A library unloaded by dlclose and another loaded at its addresses later:
 * a stack captured before the dlclose names the first one's code.  The
 * checker calls a8_sym_dlclose_boundary(next) just before each dlclose,
 * with the first stack id it may hand out from then on (ids grow with
 * time); a caller about to symbolize a stored stack says its id for this
 * thread with a8_sym_stack_id (0: captured now, the modules loaded now). */
void a8_sym_dlclose_boundary(uint32_t next_id);
void a8_sym_stack_id(uint32_t id);
/* Resolve one pc; is_return_addr: look up at pc-1.  Fills up to max frames,
 * innermost (inlined) first, the outermost real function last; returns
 * count >= 1 (0 only when max <= 0). */
int a8_sym_resolve(uintptr_t pc, bool is_return_addr, struct a8_sym_frame *out, int max);

typedef void (*a8_sym_sink)(void *ctx, const char *s, size_t n);
/* Print a whole stack, one line per frame incl. inline frames, numbered #0,
 * #1, ...  Every pc is taken as a return address (looked up at pc-1), which
 * is what backtrace()/unw_backtrace() capture. */
void a8_sym_print_stack(const uintptr_t *pcs, int n, a8_sym_sink sink, void *ctx);
/* The "no debug info for FILE" note, once per file, for a module whose
 * frames were printed (a8_sym_print_stack calls it; lookups alone do not). */
void a8_sym_note_nodebug(const char *module);
/* Keep the frames of pcs resolved with debug info in files under dir, one
 * per module build-id, and look there before opening a module
 * (diskcache.c).  Off until called: the preloaded checker calls it at
 * start-up (option sym_cache).  private_len > 0: dir's first private_len
 * bytes name a directory that must be this user's alone (made 0700 at first
 * use; one owned by another user, open to others or a symbolic link turns
 * the cache off with a note). */
void a8_sym_disk_cache(const char *dir, size_t private_len);
/* The raw (offline) form of the same stack:
 *     #N 0xADDR (MODULE+0xOFF) BuildId: HEX
 * one line per pc; tools/alloc8_symbolize.c turns it into the form above. */
void a8_sym_print_stack_raw(const uintptr_t *pcs, int n, a8_sym_sink sink, void *ctx);

/* A ready sink: ctx is a file descriptor cast with (void *)(intptr_t)fd. */
void a8_sym_sink_fd(void *ctx, const char *s, size_t n);

/* fork (pthread_atfork, in lock-rank order: after the heap locks, before the
 * internal arena's) */
void a8_sym_fork_prepare(void);
void a8_sym_fork_parent(void);
void a8_sym_fork_child(void);

/* ---- statistics (tests, bench) ---------------------------------------- */
struct a8_sym_stats {
    uint64_t lookups;      /* a8_sym_resolve calls (incl. via print_stack) */
    uint64_t cache_hits;   /* lookups answered from the pc cache */
    uint64_t dwarf_calls;  /* lookups that went into libdw */
    uint64_t disk_hits;    /* lookups answered from the frames cache (diskcache.c) */
    uint64_t files_opened; /* module files opened (one Dwfl each) */
    uint64_t modules;      /* module records, loaded or unloaded */
    uint64_t module_scans; /* full dl_iterate_phdr snapshots taken */
};
void a8_sym_stats(struct a8_sym_stats *st);

/* ---- shared between this folder's files and the offline tool ---------- */

/* Format frame number `num` in the one frame format, '\n'-terminated.
 * Returns the length written (the line is cut to fit `size`). */
size_t a8_sym_format_frame(char *buf, size_t size, int num, const struct a8_sym_frame *f);
/* Cut from the file and module paths a8_sym_format_frame prints: up to and
 * including the first occurrence of this text (NULL or "": nothing). */
extern const char *a8_sym_strip_prefix;

/* Offline lookup: `module_off` inside the module file `path` whose build-id
 * should be `build_id` (hex, NULL: unchecked).  Fills frames as
 * a8_sym_resolve does (pc = the captured pc, for printing).  *status gets one
 * of A8_SYM_OK, A8_SYM_NOFILE, A8_SYM_MISMATCH; on a mismatch the frame is
 * left unsymbolized ((module+0xoff)).  Same code as the in-process path. */
enum { A8_SYM_OK = 0, A8_SYM_NOFILE = 1, A8_SYM_MISMATCH = 2 };
/* Also from the in-process lookup: the file could not be opened for want
 * of a descriptor (EMFILE, core.h); the next lookup tries again, so the
 * module+offset frame is not cached. */
enum { A8_SYM_NOROOM = 3 };
int a8_sym_resolve_offline(const char *path, const char *build_id, uintptr_t pc,
                           uintptr_t module_off, bool is_return_addr, struct a8_sym_frame *out,
                           int max, int *status);
/* The build-id of the module file last opened for `path` (hex; NULL if it
 * has none or could not be opened): for the offline tool's mismatch note. */
const char *a8_sym_file_build_id(const char *path);

/* Parse one raw line ("    #N 0xADDR (MODULE+0xOFF) BuildId: HEX").  On a
 * match returns true and fills the outputs; module points into a copy kept
 * in modbuf (NUL-terminated), build_id into bidbuf or NULL, module NULL for
 * "(<unknown module>)". */
bool a8_sym_parse_raw(const char *line, size_t len, int *num, uintptr_t *pc, char *modbuf,
                      size_t modsize, const char **module, uintptr_t *module_off, char *bidbuf,
                      size_t bidsize, const char **build_id);

/* ---- internal (this folder only) -------------------------------------- */
#define A8_SYM_MAX_SEGS 8
struct a8_sym_module {
    const char *path;     /* interned */
    const char *build_id; /* interned hex, NULL if none */
    uintptr_t bias;       /* dlpi_addr */
    uintptr_t lo, hi;     /* hull of the PT_LOAD segments */
    uintptr_t seg_lo[A8_SYM_MAX_SEGS], seg_hi[A8_SYM_MAX_SEGS];
    int nseg;
    bool loaded; /* present in the latest snapshot */
    uint32_t serial;
    /* the first stack id that may have been captured after it was unloaded:
     * UINT32_MAX while loaded, 0 when unknown (unloaded where alloc8 did not
     * see a dlclose) */
    uint32_t gone_id;
};
/* sym.c: pc, module, module_off and build_id of a return address (raw form). */
int a8_sym_module_frame(uintptr_t pc, struct a8_sym_frame *f);

/* modules.c; the caller holds the symbolizer lock. */
const char *a8_sym_intern(const char *s, size_t n);
const char *a8_sym_intern_hex(const unsigned char *b, size_t n); /* NULL if n == 0 */
void a8_sym_modules_refresh_locked(bool force);
const struct a8_sym_module *a8_sym_module_of_locked(uintptr_t pc, uint32_t stack_id);
void a8_sym_boundary_locked(uint32_t next_id);
uint64_t a8_sym_module_count_locked(void);
uint64_t a8_sym_module_scans_locked(void);

/* dwarf.c; the caller holds the symbolizer lock.  Resolves `module_off`
 * within the file `path` (opened once, kept); frames get pc, module,
 * module_off and build_id from the arguments.  Returns the count >= 1. */
int a8_sym_dwarf_resolve_locked(const char *path, const char *build_id, uintptr_t pc,
                                uintptr_t module_off, bool is_return_addr, struct a8_sym_frame *out,
                                int max, int *status);
const char *a8_sym_dwarf_file_build_id_locked(const char *path);
/* Say once per file that it has no debug info, if it has none. */
void a8_sym_dwarf_note_nodebug_locked(const char *path);
/* Whether the file was opened, is the build wanted and has DWARF (and the
 * dwz file that DWARF refers to: frames resolved without it are not for the
 * frames cache, which would keep them after it is installed). */
bool a8_sym_dwarf_has_debug_locked(const char *path, const char *build_id);

/* diskcache.c; the caller holds the symbolizer lock.  The frames of
 * base->module_off (is_ret as in a8_sym_resolve) in the module build_id,
 * each a copy of *base with the rest filled in, from the cache; 0 when not
 * there.  put writes the frames of a pc resolved with debug info. */
int a8_sym_disk_get_locked(const char *build_id, const struct a8_sym_frame *base, bool is_ret,
                           struct a8_sym_frame *out, int max);
void a8_sym_disk_put_locked(const char *build_id, bool is_ret, const struct a8_sym_frame *f, int n);
uint64_t a8_sym_dwarf_files_opened_locked(void);

#endif
