/* diskcache.c — symbolized frames kept across runs, one file per module.
 *
 * Opening a module's debug info is most of a report's cost: libdw
 * decompresses the whole of a compressed debug file when it opens it, and
 * Debian's libc6-dbg is one, so the first report that shows a libc frame
 * (every stack ends in __libc_start_main) took ~50 ms in every process.  A
 * build or test suite whose many short processes each report a leak paid
 * it each time.  So the frames of each pc resolved with debug info are
 * written to <dir>/<build-id>, and a later process reads them from there
 * instead of opening the module.
 *
 * The build-id names the exact file contents, so an entry never goes
 * stale; only modules whose debug info was found are written (one without
 * may get it installed later).  The file: a first line FILE_MAGIC, then one
 * line per pc, appended by whichever process resolved it (one write() of
 * the whole line, O_APPEND):
 *
 *   <module offset, hex> <c|r> <frames>  then per frame, each after a TAB:
 *   function US raw name US function offset (hex) US file US line US column
 *   US inlined (0/1)          (US: \x1f; an empty field: unknown)
 *
 * A line that does not parse (cut short by a crash, say) is skipped; a
 * file with another first line is neither read nor added to.  A new file is
 * written whole under a temporary name and linked into place, so no
 * reader sees one without its first line.  The preloaded checker turns the
 * cache on (sym_cache); the offline tool and the test harness leave it
 * off.  Under a seccomp filter nothing is opened or written.  Called with
 * the symbolizer lock held (sym.c); allocates from the internal arena.
 */
#include "symbolize.h"

#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_MAGIC "alloc8 frames 1\n"
#define FILE_MAX (64u << 20) /* a bigger file is not read */
#define LINE_MAX_BYTES (64u << 10)
#define US '\x1f'

struct dent {
    uintptr_t off;
    uint32_t at, len; /* the line's frames part within text */
    bool ret;
};

struct dfile {
    struct dfile *next;
    const char *build_id; /* interned: compared by pointer */
    char *text;
    struct dent *ents; /* sorted by (off, ret) */
    size_t n;
    bool usable; /* its first line is ours, or there is no file yet */
};

static struct {
    char dir[512];      /* "" : off */
    size_t private_len; /* dir's prefix that must be a private directory */
    struct dfile *files;
    bool dir_made;
    bool checked; /* private_len's directory made and checked */
} g_dc;

void a8_sym_disk_cache(const char *dir, size_t private_len)
{
    if (dir && a8_strlen(dir) < sizeof g_dc.dir && private_len <= a8_strlen(dir)) {
        a8_strlcpy(g_dc.dir, dir, sizeof g_dc.dir);
        g_dc.private_len = private_len;
    }
}

/* Before the first file is opened: the private directory (private_len) is
 * made if missing and must then be a directory, not a symbolic link, owned
 * by this user and closed to others; else the cache is off (with a note:
 * someone else's directory there would feed this user's reports).  One that
 * cannot be made (no such parent, a read-only /tmp) turns it off quietly. */
static bool dir_ready(void)
{
    if (!g_dc.checked) {
        g_dc.checked = true;
        size_t n = g_dc.private_len;
        char top[sizeof g_dc.dir];
        struct stat st;
        if (n) {
            memcpy(top, g_dc.dir, n);
            top[n] = '\0';
            int saved = errno;
            bool made = mkdir(top, 0700) == 0 || errno == EEXIST;
            bool there = made && lstat(top, &st) == 0;
            errno = saved;
            if (!there) {
                g_dc.dir[0] = '\0';
            } else if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
                a8_note("frames cache: %s is not a private directory of this user (owner %u, "
                        "mode %o%s); frames are not cached",
                        top, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777),
                        S_ISLNK(st.st_mode) ? ", a symbolic link" : "");
                g_dc.dir[0] = '\0';
            }
        }
    }
    return g_dc.dir[0] != '\0';
}

static bool path_of(const char *build_id, char *buf, size_t size)
{
    int n = a8_snprintf(buf, size, "%s/%s", g_dc.dir, build_id);
    return n > 0 && (size_t)n < size;
}

static bool dec_u32(const char *s, size_t n, unsigned *out)
{
    uint64_t v;
    if (a8_parse_u64(s, n, &v) != 0 || v > 0xffffffffu)
        return false;
    *out = (unsigned)v;
    return true;
}

/* The key of a line: "<off> <c|r> " (the frames follow). */
static bool parse_key(const char *s, size_t len, struct dent *e)
{
    const char *sp = memchr(s, ' ', len);
    uintptr_t off;
    if (!sp || !a8_parse_hex(s, sp, &off) || (size_t)(sp - s) + 3 > len ||
        (sp[1] != 'c' && sp[1] != 'r') || sp[2] != ' ')
        return false;
    e->off = off;
    e->ret = sp[1] == 'r';
    e->at = (uint32_t)(sp + 3 - s);
    return true;
}

static int dent_cmp(const struct dent *a, const struct dent *b)
{
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    return (int)a->ret - (int)b->ret;
}

static void sort_ents(struct dent *e, size_t n)
{
    /* Shell sort: no allocation, n up to a few thousand. */
    for (size_t gap = n / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < n; i++) {
            struct dent t = e[i];
            size_t j = i;
            for (; j >= gap && dent_cmp(&e[j - gap], &t) > 0; j -= gap)
                e[j] = e[j - gap];
            e[j] = t;
        }
}

/* Reads and indexes the file of build_id (absent: an empty, usable one). */
static void load(struct dfile *df)
{
    char path[600];
    df->usable = false;
    if (!path_of(df->build_id, path, sizeof path))
        return;
    int fd = a8_open_room(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        df->usable = errno == ENOENT;
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > FILE_MAX || !S_ISREG(st.st_mode)) {
        close(fd);
        return;
    }
    size_t size = (size_t)st.st_size;
    df->text = a8_int_alloc(size + 1, 1);
    if (!df->text) {
        close(fd);
        return;
    }
    size = a8_read_all(fd, df->text, size + 1); /* it keeps a byte for the NUL */
    close(fd);
    size_t magic = sizeof FILE_MAGIC - 1;
    if (size < magic || memcmp(df->text, FILE_MAGIC, magic) != 0)
        return; /* not ours, or another version: leave it alone */
    df->usable = true;
    size_t lines = 0;
    for (size_t i = magic; i < size; i++)
        lines += df->text[i] == '\n';
    df->ents = lines ? a8_int_alloc(lines * sizeof *df->ents, _Alignof(struct dent)) : NULL;
    if (!df->ents)
        return;
    for (size_t at = magic; at < size;) {
        const char *s = df->text + at;
        const char *nl = memchr(s, '\n', size - at);
        if (!nl)
            break; /* cut short */
        size_t len = (size_t)(nl - s);
        struct dent e;
        if (len < LINE_MAX_BYTES && parse_key(s, len, &e)) {
            e.len = (uint32_t)(len - e.at);
            e.at += (uint32_t)at;
            df->ents[df->n++] = e;
        }
        at += len + 1;
    }
    sort_ents(df->ents, df->n);
}

static struct dfile *dfile_of(const char *build_id)
{
    struct dfile *df;
    for (df = g_dc.files; df; df = df->next)
        if (df->build_id == build_id)
            return df;
    if (a8_sandboxed())
        return NULL; /* opening a file may kill the process now */
    if (!dir_ready())
        return NULL;
    df = a8_int_calloc(1, sizeof *df);
    if (!df)
        return NULL;
    df->build_id = build_id;
    load(df);
    df->next = g_dc.files;
    g_dc.files = df;
    return df;
}

/* Field i (0-based) of a frame's US-separated fields; false if missing. */
static bool field(const char *s, size_t len, int i, const char **f, size_t *flen)
{
    const char *p = s, *end = s + len;
    for (; i > 0; i--) {
        const char *us = memchr(p, US, (size_t)(end - p));
        if (!us)
            return false;
        p = us + 1;
    }
    const char *us = memchr(p, US, (size_t)(end - p));
    *f = p;
    *flen = (size_t)((us ? us : end) - p);
    return true;
}

static const char *str_or_null(const char *s, size_t n) { return n ? a8_sym_intern(s, n) : NULL; }

/* One frame's fields into f (its pc and module fields already set). */
static bool parse_frame(const char *s, size_t len, struct a8_sym_frame *f)
{
    const char *v[7];
    size_t n[7];
    for (int i = 0; i < 7; i++)
        if (!field(s, len, i, &v[i], &n[i]))
            return false;
    uintptr_t foff = 0;
    if ((n[2] && !a8_parse_hex(v[2], v[2] + n[2], &foff)) || !dec_u32(v[4], n[4], &f->line) ||
        !dec_u32(v[5], n[5], &f->column) || n[6] != 1 || (v[6][0] != '0' && v[6][0] != '1'))
        return false;
    f->function = str_or_null(v[0], n[0]);
    f->raw_name = str_or_null(v[1], n[1]);
    f->function_off = foff;
    f->file = str_or_null(v[3], n[3]);
    f->inlined = v[6][0] == '1';
    return !(n[0] && !f->function) && !(n[3] && !f->file);
}

int a8_sym_disk_get_locked(const char *build_id, const struct a8_sym_frame *base, bool is_ret,
                           struct a8_sym_frame *out, int max)
{
    if (!g_dc.dir[0] || !build_id)
        return 0;
    struct dfile *df = dfile_of(build_id);
    if (!df || !df->n)
        return 0;
    struct dent key = {.off = base->module_off, .ret = is_ret};
    size_t lo = 0, hi = df->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dent_cmp(&df->ents[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == df->n || dent_cmp(&df->ents[lo], &key) != 0)
        return 0;
    const char *s = df->text + df->ents[lo].at;
    size_t len = df->ents[lo].len;
    int n = 0;
    while (len && s[0] == '\t' && n < max) {
        const char *tab = memchr(s + 1, '\t', len - 1);
        size_t flen = (size_t)((tab ? tab : s + len) - (s + 1));
        out[n] = *base;
        if (!parse_frame(s + 1, flen, &out[n]))
            return 0;
        n++;
        len -= flen + 1;
        s += flen + 1;
    }
    return len == 0 && n > 0 ? n : 0;
}

/* Appends "s" (up to its NUL) to the line being built; false when full. */
static bool put_str(char *buf, size_t size, size_t *at, const char *s)
{
    size_t n = s ? a8_strlen(s) : 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\t' || s[i] == US)
            return false; /* would break the line's form: not cached */
    if (*at + n >= size)
        return false;
    memcpy(buf + *at, s, n);
    *at += n;
    return true;
}

static bool put_fmt(char *buf, size_t size, size_t *at, const char *fmt, unsigned long v)
{
    int n = a8_snprintf(buf + *at, size - *at, fmt, v);
    if (n < 0 || (size_t)n >= size - *at)
        return false;
    *at += (size_t)n;
    return true;
}

/* Makes dir and its parents (0700); true if it is there after. */
static bool make_dir(void)
{
    char p[sizeof g_dc.dir];
    a8_strlcpy(p, g_dc.dir, sizeof p);
    for (char *c = p + 1;; c++) {
        if (*c != '/' && *c != '\0')
            continue;
        char keep = *c;
        *c = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            return false;
        *c = keep;
        if (!keep)
            return true;
    }
}

/* Creates the file of build_id with its first line (and `line` after it),
 * all at once: written under a temporary name, then linked into place. */
static void create(const char *path, const char *line, size_t len)
{
    char tmp[640];
    int n = a8_snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)a8_getpid());
    if (n < 0 || (size_t)n >= sizeof tmp)
        return;
    int fd = a8_open_room(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    a8_write_all(fd, FILE_MAGIC, sizeof FILE_MAGIC - 1);
    a8_write_all(fd, line, len);
    bool ok = close(fd) == 0 && link(tmp, path) == 0;
    int err = errno;
    unlink(tmp);
    if (!ok && err == EEXIST) { /* another process made it first: append */
        fd = a8_open_room(path, O_WRONLY | O_APPEND | O_CLOEXEC, 0);
        if (fd >= 0) {
            a8_write_all(fd, line, len);
            close(fd);
        }
    }
}

void a8_sym_disk_put_locked(const char *build_id, bool is_ret, const struct a8_sym_frame *f, int n)
{
    if (!g_dc.dir[0] || !build_id || n <= 0)
        return;
    struct dfile *df = dfile_of(build_id);
    if (!df || !df->usable)
        return;
    char *buf = a8_int_alloc(LINE_MAX_BYTES, 1);
    if (!buf)
        return;
    size_t at = 0;
    bool ok = put_fmt(buf, LINE_MAX_BYTES, &at, is_ret ? "%lx r " : "%lx c ",
                      (unsigned long)f[0].module_off);
    for (int i = 0; ok && i < n; i++) {
        const struct a8_sym_frame *g = &f[i];
        ok = put_fmt(buf, LINE_MAX_BYTES, &at, "\t", 0) &&
             put_str(buf, LINE_MAX_BYTES, &at, g->function) &&
             put_fmt(buf, LINE_MAX_BYTES, &at, "\x1f", 0) &&
             put_str(buf, LINE_MAX_BYTES, &at, g->raw_name) &&
             put_fmt(buf, LINE_MAX_BYTES, &at, g->function ? "\x1f%lx\x1f" : "\x1f\x1f",
                     g->function_off) &&
             put_str(buf, LINE_MAX_BYTES, &at, g->file) &&
             put_fmt(buf, LINE_MAX_BYTES, &at, "\x1f%lu", g->line) &&
             put_fmt(buf, LINE_MAX_BYTES, &at, "\x1f%lu", g->column) &&
             put_fmt(buf, LINE_MAX_BYTES, &at, "\x1f%lu", g->inlined);
    }
    ok = ok && put_fmt(buf, LINE_MAX_BYTES, &at, "\n", 0);
    char path[600];
    if (ok && path_of(build_id, path, sizeof path) && !a8_sandboxed()) {
        int fd = a8_open_room(path, O_WRONLY | O_APPEND | O_CLOEXEC, 0);
        if (fd >= 0) {
            a8_write_all(fd, buf, at);
            close(fd);
        } else if (errno == ENOENT && (g_dc.dir_made || (g_dc.dir_made = make_dir()))) {
            create(path, buf, at);
        }
    }
    a8_int_free(buf);
}
