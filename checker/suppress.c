/* suppress.c — suppressions (`suppressions=FILE`, README "Suppressions"):
 * of leaks, and of error reports.
 *
 * Formats, mixed freely in one file, entry by entry:
 *   alloc8's own lines   fun:PATTERN | src:PATTERN | obj:PATTERN  (leaks)
 *                        the whole function name / source path (or its
 *                        basename) / module path (or basename) of ANY frame
 *                        of the allocation stack matches the glob (* ?);
 *                        a C++ function's name matches in its demangled
 *                        form and in valgrind's (mangled; an inlined
 *                        function's plain name)
 *   LSan lines           leak:PATTERN — matches function, source file or
 *                        module of any frame, as a substring unless
 *                        anchored with ^ or $ (LSan's rule), * wildcards
 *   error lines          KIND:PATTERN (KIND one of the report kinds, as in
 *                        "double-free") or error:PATTERN (any kind): the
 *                        LSan rule against any frame of the stack where the
 *                        error was found or of the block's allocation stack
 *   valgrind blocks      { name  Memcheck:KIND  [match-leak-kinds: …]
 *                          fun:/obj:/src: lines and ... }  — the frame
 *                        patterns match the stack from the top, the
 *                        allocation function (malloc, operator new, …)
 *                        being frame 0 of a leak as in valgrind, and the
 *                        function called (free, operator delete, …) frame
 *                        0 of an error found in a call; `...` matches any
 *                        number of frames.  KIND: Leak; Free, Addr1..Addr32,
 *                        FishyValue, BadAlign, SizeMismatch, AlignMismatch,
 *                        Overlap and Param (a call's unaddressable path,
 *                        buffer or vector: its parameter line is passed
 *                        over, and so are its leading frames, valgrind's
 *                        inside the C library, until the rest matches) for
 *                        the error kinds alloc8 has that match them; other
 *                        kinds (Cond, Value8, ...) are skipped.
 * '#' starts a comment line.  A file that cannot be read, or an entry that
 * cannot be parsed, gives one line (the first problem) and the rest is used.
 *
 * Read once, on first use, with plain syscalls into kernel pages; matching
 * symbolizes (guard raised, no heap lock).  g_supp.lock serialises loading
 * and matching (the frame scratch is shared): the leak check takes it under
 * the leak lock, an error report with no other lock of ours held.
 */
#include "checker.h"
#include "leak.h"
#include "reports.h"
#include "symbolize.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define MAX_SUPP 1024
#define MAX_PAT 32 /* frame patterns per valgrind block */
#define FILE_MAX (4u << 20)
#define MAX_FRAMES 512 /* symbolized frames of one stack, inline ones included */

enum pat_kind { P_FUN, P_SRC, P_OBJ, P_ANY, P_DOTS };
enum supp_kind { S_LINE, S_LSAN, S_VALGRIND };

struct pat {
    uint8_t kind;
    const char *text; /* NUL-terminated, in the file buffer */
};

struct supp {
    uint8_t kind;
    bool param;      /* Memcheck:Param: valgrind's stack starts inside the call */
    uint8_t classes; /* bit per enum a8_leak_class: the leaks it suppresses */
    uint32_t errors; /* bit per enum a8_error_kind: the reports it suppresses */
    const char *name;
    int npat;
    struct pat pat[MAX_PAT];
    uint64_t hit_blocks, hit_bytes;
};

_Static_assert(A8_ERR_COUNT_ <= 32, "supp.errors holds a bit per error kind");

static struct {
    a8_lock_t lock;
    bool loaded;
    char *buf;
    size_t nsupp;
    struct supp *s; /* MAX_SUPP */
    struct a8_sym_frame frames[MAX_FRAMES];
    const char *fnames[MAX_FRAMES];
} g_supp;

size_t a8_supp_count(void) { return g_supp.nsupp; }
const char *a8_supp_name(size_t i) { return i < g_supp.nsupp ? g_supp.s[i].name : ""; }
void a8_supp_hit(size_t i, uint64_t blocks, uint64_t bytes)
{
    if (i < g_supp.nsupp) {
        g_supp.s[i].hit_blocks += blocks;
        g_supp.s[i].hit_bytes += bytes;
    }
}
void a8_supp_hits(size_t i, uint64_t *blocks, uint64_t *bytes)
{
    *blocks = i < g_supp.nsupp ? g_supp.s[i].hit_blocks : 0;
    *bytes = i < g_supp.nsupp ? g_supp.s[i].hit_bytes : 0;
}
void a8_supp_reset_hits(void)
{
    for (size_t i = 0; i < g_supp.nsupp; i++)
        g_supp.s[i].hit_blocks = g_supp.s[i].hit_bytes = 0;
}

/* ---- glob ----------------------------------------------------------------------- */

static bool glob(const char *p, const char *s)
{
    const char *star = NULL, *retry = NULL;
    while (*s) {
        if (*p == '*') {
            star = ++p;
            retry = s;
        } else if (*p == '?' || *p == *s) {
            p++;
            s++;
        } else if (star) {
            p = star;
            s = ++retry;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return *p == 0;
}

static bool match_path(const char *pat, const char *path)
{
    return path && (glob(pat, path) || glob(pat, a8_basename(path)));
}

/* LSan: substring unless anchored. */
static bool lsan_match(const char *pat, const char *s)
{
    if (!s)
        return false;
    char g[512];
    size_t n = a8_strlen(pat), k = 0;
    bool start = pat[0] == '^', end = n && pat[n - 1] == '$';
    if (!start)
        g[k++] = '*';
    for (size_t i = start; i < n - end && k < sizeof(g) - 2; i++)
        g[k++] = pat[i];
    if (!end)
        g[k++] = '*';
    g[k] = 0;
    return glob(g, s);
}

/* ---- parsing ---------------------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t n = a8_strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static bool prefix(const char *s, const char *p) { return a8_strncmp(s, p, a8_strlen(p)) == 0; }

static uint8_t parse_kinds(const char *s)
{
    uint8_t m = 0;
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        if (prefix(s, "definite"))
            m |= 1u << A8_LEAK_DEFINITE;
        else if (prefix(s, "indirect"))
            m |= 1u << A8_LEAK_INDIRECT;
        else if (prefix(s, "possible"))
            m |= 1u << A8_LEAK_POSSIBLE;
        else if (prefix(s, "reachable"))
            m |= 1u << A8_LEAK_REACHABLE;
        else if (prefix(s, "all"))
            m = 0xf;
        while (*s && *s != ',')
            s++;
    }
    return m ? m : 0xf;
}

static bool frame_pat(char *l, struct pat *p)
{
    if (a8_strcmp(l, "...") == 0) {
        p->kind = P_DOTS;
        p->text = "";
        return true;
    }
    if (prefix(l, "fun:"))
        p->kind = P_FUN;
    else if (prefix(l, "src:"))
        p->kind = P_SRC;
    else if (prefix(l, "obj:"))
        p->kind = P_OBJ;
    else
        return false;
    p->text = trim(l + 4);
    if (p->kind == P_FUN) /* valgrind's "fopen@@GLIBC_2.2.5": the name */
        for (char *c = l + 4; *c; c++)
            if (*c == '@') {
                *c = 0;
                break;
            }
    return p->text[0] != 0;
}

/* The kinds the n bytes at l name: a report kind ("double-free"), or
 * "error" for all of them; 0 for neither. */
static uint32_t kind_bits(const char *l, size_t n)
{
    if (n == 5 && a8_strncmp(l, "error", 5) == 0)
        return (uint32_t)((1ull << A8_ERR_COUNT_) - 1);
    for (int k = 0; k < A8_ERR_COUNT_; k++) {
        const char *name = a8_error_name((enum a8_error_kind)k);
        if (a8_strlen(name) == n && a8_strncmp(l, name, n) == 0)
            return 1u << k;
    }
    return 0;
}

/* "KIND:" or "error:" at the start of l: the kinds it names (0: neither),
 * *rest the text after the colon. */
static uint32_t error_prefix(char *l, char **rest)
{
    char *c = l;
    while (*c && *c != ':')
        c++;
    if (*c != ':')
        return 0;
    *rest = c + 1;
    return kind_bits(l, (size_t)(c - l));
}

#define EBIT(k) (1u << (k))
/* alloc8's kinds that a valgrind Memcheck suppression kind stands for. */
static uint32_t vg_error_kinds(const char *kind)
{
    if (a8_strcmp(kind, "Free") == 0)
        return EBIT(A8_ERR_DOUBLE_FREE) | EBIT(A8_ERR_INVALID_FREE) | EBIT(A8_ERR_MISMATCH) |
               EBIT(A8_ERR_REALLOC_FREED) | EBIT(A8_ERR_REALLOC_FOREIGN);
    if (prefix(kind, "Addr") && kind[4] >= '1' && kind[4] <= '9')
        return EBIT(A8_ERR_HEAP_OVERFLOW) | EBIT(A8_ERR_HEAP_UNDERFLOW) |
               EBIT(A8_ERR_USE_AFTER_FREE) | EBIT(A8_ERR_HEADER_CORRUPT);
    if (a8_strcmp(kind, "FishyValue") == 0)
        return EBIT(A8_ERR_SIZE_TOO_BIG) | EBIT(A8_ERR_CALLOC_OVERFLOW) |
               EBIT(A8_ERR_REALLOCARRAY_OVERFLOW);
    if (a8_strcmp(kind, "BadAlign") == 0)
        return EBIT(A8_ERR_BAD_ALIGNMENT);
    if (a8_strcmp(kind, "SizeMismatch") == 0)
        return EBIT(A8_ERR_SIZE_MISMATCH);
    if (a8_strcmp(kind, "AlignMismatch") == 0)
        return EBIT(A8_ERR_MISMATCH);
    if (a8_strcmp(kind, "Overlap") == 0)
        return EBIT(A8_ERR_PARAM_OVERLAP);
    if (a8_strcmp(kind, "Param") == 0) /* a call's path, buffer or vector */
        return EBIT(A8_ERR_HEAP_OVERFLOW) | EBIT(A8_ERR_HEAP_UNDERFLOW) |
               EBIT(A8_ERR_USE_AFTER_FREE);
    return 0;
}

static void load_locked(void);

void a8_supp_load(void)
{
    a8_lock(&g_supp.lock);
    load_locked();
    a8_unlock(&g_supp.lock);
}

static void load_locked(void)
{
    if (g_supp.loaded)
        return;
    g_supp.loaded = true;
    const char *path = a8_opt.suppressions;
    if (!path[0])
        return;
    int fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        a8_note("suppressions=%s: cannot read it (errno %d); nothing is suppressed", path, errno);
        return;
    }
    g_supp.buf = a8_pages_map(FILE_MAX + 1);
    g_supp.s = a8_pages_map(MAX_SUPP * sizeof(struct supp));
    if (!g_supp.buf || !g_supp.s) {
        close(fd);
        return;
    }
    a8_read_all(fd, g_supp.buf, FILE_MAX + 1);
    close(fd);

    int bad_line = 0;
    const char *bad_what = NULL;
    struct supp *cur = NULL;       /* inside a valgrind block */
    int block_line = 0, state = 0; /* 0 name, 1 tool, 2 frames, 3 Param's parameter */
    bool skip_block = false;
    char *s = g_supp.buf;
    for (int lineno = 1; *s; lineno++) {
        char *e = s;
        while (*e && *e != '\n')
            e++;
        char *next = *e ? e + 1 : e;
        *e = 0;
        char *l = trim(s);
        s = next;
        if (!l[0] || l[0] == '#')
            continue;
        if (cur) {
            if (l[0] == '}') {
                if (!skip_block && state == 2 && cur->npat > 0)
                    g_supp.nsupp++;
                else if (!skip_block && !bad_line)
                    bad_line = block_line, bad_what = "a { } block without frame lines";
                cur = NULL;
                continue;
            }
            if (state == 0) {
                cur->name = l;
                state = 1;
            } else if (state == 1) {
                if (prefix(l, "alloc8:")) { /* gen_suppressions writes these */
                    if (a8_strcmp(l + 7, "Leak") != 0) {
                        cur->errors = kind_bits(l + 7, a8_strlen(l + 7));
                        cur->classes = 0;
                        if (!cur->errors)
                            skip_block = true, bad_line = bad_line ? bad_line : lineno,
                            bad_what = bad_what ? bad_what : "not an alloc8 report kind";
                    }
                } else if (!prefix(l, "Memcheck:"))
                    skip_block = true, bad_line = bad_line ? bad_line : lineno,
                    bad_what = bad_what ? bad_what : "not a Memcheck or alloc8 suppression";
                else if (a8_strcmp(l, "Memcheck:Leak") != 0) {
                    cur->errors = vg_error_kinds(l + 9);
                    cur->classes = 0;
                    cur->param = a8_strcmp(l, "Memcheck:Param") == 0;
                    if (!cur->errors)
                        skip_block = true; /* a kind alloc8 does not report */
                }
                state = cur->param ? 3 : 2;
            } else if (state == 3) { /* Param's parameter, "openat(filename)" */
                state = 2;
            } else if (prefix(l, "match-leak-kinds:")) {
                if (!cur->errors)
                    cur->classes = parse_kinds(l + 17);
            } else if (cur->npat < MAX_PAT && frame_pat(l, &cur->pat[cur->npat])) {
                cur->npat++;
            } else if (!skip_block) {
                skip_block = true;
                if (!bad_line)
                    bad_line = lineno, bad_what = "not a frame line (fun:, obj:, src:, ...)";
            }
            continue;
        }
        if (g_supp.nsupp >= MAX_SUPP)
            break;
        struct supp *n = &g_supp.s[g_supp.nsupp];
        *n = (struct supp){0};
        n->classes = 0xf;
        if (l[0] == '{') {
            cur = n;
            n->kind = S_VALGRIND;
            n->name = "";
            block_line = lineno;
            state = 0;
            skip_block = false;
            char *rest = trim(l + 1);
            if (rest[0])
                n->name = rest, state = 1;
            continue;
        }
        n->name = l;
        char *rest = NULL;
        uint32_t errors = error_prefix(l, &rest);
        if (errors && trim(rest)[0]) {
            n->kind = S_LSAN;
            n->classes = 0;
            n->errors = errors;
            n->npat = 1;
            n->pat[0].kind = P_ANY;
            n->pat[0].text = trim(rest);
            g_supp.nsupp++;
        } else if (prefix(l, "leak:") && trim(l + 5)[0]) {
            n->kind = S_LSAN;
            n->npat = 1;
            n->pat[0].kind = P_ANY;
            n->pat[0].text = trim(l + 5);
            g_supp.nsupp++;
        } else if (frame_pat(l, &n->pat[0]) && n->pat[0].kind != P_DOTS) {
            n->kind = S_LINE;
            n->npat = 1;
            g_supp.nsupp++;
        } else if (!bad_line) {
            bad_line = lineno;
            bad_what =
                "expected fun:, src:, obj:, leak:, KIND: (an error kind), error: or a { } block";
        }
    }
    if (cur && !bad_line)
        bad_line = block_line, bad_what = "a { block that is never closed";
    if (bad_line)
        a8_note("suppressions=%s:%d: %s; that entry is ignored, %zu suppressions used", path,
                bad_line, bad_what, g_supp.nsupp);
}

/* ---- matching ---------------------------------------------------------------------- */

/* Names valgrind gives the allocation function (frame 0), its own first. */
static const char *const k_alloc_fun[][3] = {
    [ALLOC8_CALL_MALLOC] = {"malloc", NULL, NULL},
    [ALLOC8_CALL_CALLOC] = {"calloc", NULL, NULL},
    [ALLOC8_CALL_REALLOC] = {"realloc", NULL, NULL},
    [ALLOC8_CALL_REALLOCARRAY] = {"reallocarray", "realloc", NULL},
    [ALLOC8_CALL_MEMALIGN] = {"memalign", NULL, NULL},
    [ALLOC8_CALL_POSIX_MEMALIGN] = {"posix_memalign", NULL, NULL},
    [ALLOC8_CALL_ALIGNED_ALLOC] = {"aligned_alloc", "memalign", NULL},
    [ALLOC8_CALL_VALLOC] = {"valloc", NULL, NULL},
    [ALLOC8_CALL_PVALLOC] = {"pvalloc", NULL, NULL},
    [ALLOC8_CALL_NEW] = {"_Znwm", "operator new(unsigned long)", "operator new"},
    [ALLOC8_CALL_NEW_ARRAY] = {"_Znam", "operator new[](unsigned long)", "operator new[]"},
};

static bool alloc_fun_match(const char *pat, unsigned call)
{
    if (call >= A8_ARRAY_LEN(k_alloc_fun))
        return false;
    for (int i = 0; i < 3; i++)
        if (k_alloc_fun[call][i] && glob(pat, k_alloc_fun[call][i]))
            return true;
    return false;
}

static bool frame_match(const struct pat *p, const struct a8_sym_frame *f)
{
    switch (p->kind) {
    case P_FUN:
        /* valgrind's files name C++ functions mangled (fun:_ZN3Foo3barEi)
         * and inlined ones by their plain name; alloc8's users may write
         * them demangled: any of those matches */
        return (f->function && glob(p->text, f->function)) ||
               (f->raw_name && glob(p->text, f->raw_name));
    case P_OBJ:
        return match_path(p->text, f->module);
    case P_SRC: {
        if (!f->file)
            return false;
        /* src:file.c or src:file.c:LINE */
        char want[256];
        a8_snprintf(want, sizeof(want), "%s:%u", a8_basename(f->file), f->line);
        return match_path(p->text, f->file) || glob(p->text, want);
    }
    case P_ANY:
        return lsan_match(p->text, f->function) || lsan_match(p->text, f->file) ||
               lsan_match(p->text, f->module);
    }
    return false;
}

/* Names valgrind gives the function called (frame 0 of a Free error): the
 * name alloc8 reports, then valgrind's (mangled, unsized form first). */
static const char *const k_call_fun[][4] = {
    {"free", "free", NULL, NULL},
    {"realloc", "realloc", NULL, NULL},
    {"operator delete", "_ZdlPv", "_ZdlPvm", "operator delete(void*)"},
    {"operator delete[]", "_ZdaPv", "_ZdaPvm", "operator delete[](void*)"},
    {"aligned operator delete", "_ZdlPvSt11align_val_t", "_ZdlPvmSt11align_val_t",
     "operator delete(void*, std::align_val_t)"},
    {"aligned operator delete[]", "_ZdaPvSt11align_val_t", "_ZdaPvmSt11align_val_t",
     "operator delete[](void*, std::align_val_t)"},
};

static const char *const *call_names(const char *call)
{
    for (size_t i = 0; i < A8_ARRAY_LEN(k_call_fun); i++)
        if (a8_strcmp(k_call_fun[i][0], call) == 0)
            return k_call_fun[i];
    return NULL;
}

static bool call_fun_match(const char *pat, const char *call)
{
    if (!call)
        return false;
    if (glob(pat, call))
        return true;
    const char *const *names = call_names(call);
    for (int k = 1; names && k < 4; k++)
        if (names[k] && glob(pat, names[k]))
            return true;
    return false;
}

/* What valgrind has as frame 0, before the stack alloc8 recorded: the
 * allocation function of a leak, the function called for an error found in
 * a call (NULL: none). */
struct frame0 {
    unsigned alloc_call;
    const char *call;
};

/* valgrind: patterns[pi..] against frames[fi..nf); frame -1 is f0. */
static bool vg_match(const struct supp *s, int pi, int fi, int nf, const struct frame0 *f0)
{
    if (pi == s->npat)
        return true;
    const struct pat *p = &s->pat[pi];
    if (p->kind == P_DOTS) {
        for (int k = fi; k <= nf; k++)
            if (vg_match(s, pi + 1, k, nf, f0))
                return true;
        return false;
    }
    if (fi >= nf)
        return false;
    bool ok;
    if (fi == -1)
        ok = p->kind == P_FUN && (f0->call ? call_fun_match(p->text, f0->call)
                                           : alloc_fun_match(p->text, f0->alloc_call));
    else
        ok = frame_match(p, &g_supp.frames[fi]);
    return ok && vg_match(s, pi + 1, fi + 1, nf, f0);
}

static int match_leak(const struct a8_leak_rec *r);

int a8_supp_match(const struct a8_leak_rec *r)
{
    if (!g_supp.nsupp)
        return -1;
    a8_lock(&g_supp.lock);
    int i = match_leak(r);
    a8_unlock(&g_supp.lock);
    return i;
}

/* A loss record's allocation stack symbolized into g_supp.frames (inline
 * frames too); returns how many. */
static int leak_frames(const struct a8_leak_rec *r)
{
    const uintptr_t *pcs;
    int n = r->stack ? a8_depot_get(r->stack, &pcs) : 0;
    int nf = 0;
    a8_sym_stack_id(r->stack);
    for (int i = 0; i < n && nf < MAX_FRAMES - A8_SYM_MAX_INLINE; i++)
        nf += a8_sym_resolve(pcs[i], true, &g_supp.frames[nf], A8_SYM_MAX_INLINE);
    a8_sym_stack_id(0);
    return nf;
}

static int match_leak(const struct a8_leak_rec *r)
{
    int nf = leak_frames(r);
    for (size_t i = 0; i < g_supp.nsupp; i++) {
        const struct supp *s = &g_supp.s[i];
        if (!(s->classes & (1u << r->cls)))
            continue;
        if (s->kind == S_VALGRIND) {
            /* frame 0 may be the allocation function, as valgrind has it */
            struct frame0 f0 = {r->alloc_call, NULL};
            if (vg_match(s, 0, -1, nf, &f0) || vg_match(s, 0, 0, nf, &f0))
                return (int)i;
            continue;
        }
        for (int f = 0; f < nf; f++)
            if (frame_match(&s->pat[0], &g_supp.frames[f]))
                return (int)i;
        if (s->pat[0].kind == P_FUN && alloc_fun_match(s->pat[0].text, r->alloc_call))
            return (int)i;
    }
    return -1;
}

/* ---- error reports ---------------------------------------------------------------- */

/* Symbolizes a report's stack into g_supp.frames from *nf on, alloc8's own
 * frames left out as the report leaves them out.  first_is_pc: frame 0 is
 * the faulting instruction, not a return address. */
static void resolve_stack(const struct a8_rstack *st, bool first_is_pc, int *nf)
{
    a8_sym_stack_id(st->id);
    for (int i = 0; i < st->n && i < A8_REPORT_MAX_FRAMES; i++) {
        if (*nf >= MAX_FRAMES - A8_SYM_MAX_INLINE)
            break;
        if (a8_report_own_frame(st->pcs[i]))
            continue;
        *nf += a8_sym_resolve(st->pcs[i], i > 0 || !first_is_pc, &g_supp.frames[*nf],
                              A8_SYM_MAX_INLINE);
    }
    a8_sym_stack_id(0);
}

static const char *match_error(const struct a8_error *e)
{
    uint32_t bit = 1u << e->kind;
    bool any = false;
    for (size_t i = 0; i < g_supp.nsupp; i++)
        any |= (g_supp.s[i].errors & bit) != 0;
    if (!any)
        return NULL; /* no symbolizing for a kind nothing names */
    int nhere = 0;
    resolve_stack(&e->here, e->access != NULL, &nhere);
    int nall = nhere;
    if (e->has_block)
        resolve_stack(&e->alloc, false, &nall);
    for (size_t i = 0; i < g_supp.nsupp; i++) {
        struct supp *s = &g_supp.s[i];
        if (!(s->errors & bit))
            continue;
        bool hit = false;
        if (s->kind == S_VALGRIND) {
            /* the stack where it was found (damage the exit check found
             * has none: the allocation stack), from the top; frame 0 may be
             * the function called, as valgrind has it */
            int nf = nhere ? nhere : nall;
            struct frame0 f0 = {0, e->call ? e->call : ""};
            if (s->param) {
                /* valgrind's stack starts at the system call, inside the C
                 * library (fopen's: open, _IO_file_open, ...), alloc8's at
                 * the call the program made: the block's leading frames
                 * are passed over until the rest matches from that call or
                 * from the program's own frame. */
                for (int pi = 0; pi < s->npat && !hit && e->call; pi++)
                    hit = vg_match(s, pi, -1, nf, &f0) || vg_match(s, pi, 0, nf, &f0);
            } else {
                hit = vg_match(s, 0, -1, nf, &f0) || vg_match(s, 0, 0, nf, &f0);
            }
        } else {
            for (int f = 0; f < nall && !hit; f++)
                hit = frame_match(&s->pat[0], &g_supp.frames[f]);
        }
        if (hit)
            return s->name;
    }
    return NULL;
}

const char *a8_supp_error(const struct a8_error *e)
{
    if (!a8_opt.suppressions[0] || (unsigned)e->kind >= A8_ERR_COUNT_)
        return NULL;
    a8_lock(&g_supp.lock);
    load_locked();
    const char *name = g_supp.nsupp ? match_error(e) : NULL;
    a8_unlock(&g_supp.lock);
    return name;
}

/* ---- writing entries (gen_suppressions=1) ----------------------------------------- */

static void put_str(const char *s) { a8_report_put(s, a8_strlen(s)); }

/* An entry's frame lines for frames [0, nf) of g_supp.frames, after
 * `used` lines already: what the matching will see, from the top, down to
 * main (the frames below it belong to libc's start-up, and valgrind folds
 * them into one "(below main)"). */
static void put_frames(int nf, int used)
{
    for (int i = 0; i < nf && used < MAX_PAT; i++, used++) {
        const struct a8_sym_frame *f = &g_supp.frames[i];
        if (i > 0 && f[-1].function && a8_strcmp(f[-1].function, "main") == 0)
            break;
        if (f->function && f->function[0]) {
            put_str("   fun:"); /* C++ names mangled, as valgrind writes them */
            put_str(f->raw_name ? f->raw_name : f->function);
        } else if (f->module && f->module[0]) {
            put_str("   obj:");
            put_str(f->module);
        } else {
            put_str("   ..."); /* nothing to name it by */
        }
        put_str("\n");
    }
}

/* The lines before the frames: what it is for, "{", a name, the kind. */
static void put_head(const char *what, const char *name, const char *fn, const char *tool)
{
    a8_report_printf("alloc8: a suppression for this %s (gen_suppressions=1):\n{\n   %s", what,
                     name);
    if (fn && fn[0]) {
        put_str(" in ");
        put_str(fn);
    }
    a8_report_printf("\n   %s\n", tool);
}

/* Called by a8_report_error, under the report lock (the order: report,
 * suppressions, symbolizer), after a report it printed: the { } entry
 * that hides it, as match_error reads it: the stack where it was found
 * (or, for damage found by a whole-heap check, the allocation stack) from
 * the top, the function called first. */
static void gen_error(const struct a8_error *e)
{
    a8_lock(&g_supp.lock);
    int nf = 0;
    resolve_stack(&e->here, e->access != NULL, &nf);
    if (!nf && e->has_block)
        resolve_stack(&e->alloc, false, &nf);
    char tool[64];
    a8_snprintf(tool, sizeof(tool), "alloc8:%s", a8_error_name(e->kind));
    put_head("report", a8_error_name(e->kind), nf ? g_supp.frames[0].function : NULL, tool);
    int used = 0;
    if (e->call && e->call[0]) {
        const char *const *names = call_names(e->call);
        a8_report_printf("   fun:%s\n", names ? names[1] : e->call);
        used++;
    }
    put_frames(nf, used);
    put_str("}\n");
    a8_unlock(&g_supp.lock);
}

/* After a loss record's stack, under the report lock: a Memcheck:Leak
 * entry for its class, valgrind's name of the allocation function first,
 * which valgrind reads too where the names are C names. */
void a8_supp_print_leak(const struct a8_leak_rec *r)
{
    if (!a8_opt.gen_suppressions)
        return;
    a8_lock(&g_supp.lock);
    int nf = leak_frames(r);
    put_head("loss record", "leak", nf ? g_supp.frames[0].function : NULL, "Memcheck:Leak");
    a8_report_printf("   match-leak-kinds: %s\n", a8_leak_class_key((enum a8_leak_class)r->cls));
    int used = 0;
    if (r->alloc_call < A8_ARRAY_LEN(k_alloc_fun) && k_alloc_fun[r->alloc_call][0]) {
        a8_report_printf("   fun:%s\n", k_alloc_fun[r->alloc_call][0]);
        used++;
    }
    put_frames(nf, used);
    put_str("}\n");
    a8_unlock(&g_supp.lock);
}

void a8_supp_gen_init(void)
{
    if (a8_opt.gen_suppressions)
        a8_report_gen_supp = gen_error;
}

void a8_supp_fork_prepare(void) { a8_lock(&g_supp.lock); }
void a8_supp_fork_parent(void) { a8_unlock(&g_supp.lock); }
void a8_supp_fork_child(void) { a8_lock_reinit(&g_supp.lock); }
