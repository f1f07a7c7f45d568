/* format.c — the one frame format, the raw (offline) form and its parser.
 *
 *     #N 0xADDR in FUNCTION FILE:LINE:COL (MODULE)        [ [inlined]]
 *     #N 0xADDR in FUNCTION+0xOFF (MODULE)                no file
 *     #N 0xADDR (MODULE+0xOFF)                            no function
 *     #N 0xADDR (<unknown module>)                        no module
 *  raw:
 *     #N 0xADDR (MODULE+0xOFF) BuildId: HEX
 *
 * The in-process printer and tools/alloc8_symbolize.c both format through
 * a8_sym_format_frame, so their output is byte-identical.
 * No stdio, no allocation: a8_snprintf into stack buffers; lines go to the
 * caller's sink with the symbolizer lock released.
 */
#include "symbolize.h"

#include "core.h"

#define LINE_MAX_BYTES 8192 /* longer lines are cut, still '\n'-terminated */

static size_t finish(char *buf, size_t size, int n)
{
    if (n < 0 || size == 0)
        return 0;
    if ((size_t)n >= size) { /* cut: keep the newline */
        n = (int)size - 1;
        buf[n - 1] = '\n';
        buf[n] = '\0';
    }
    return (size_t)n;
}

const char *a8_sym_strip_prefix;

/* p past the first occurrence of a8_sym_strip_prefix, and a "./" after it;
 * p itself when the prefix is not in it, or nothing would be left. */
static const char *stripped(const char *p)
{
    const char *pre = a8_sym_strip_prefix;
    if (!p || !pre || !*pre)
        return p;
    size_t n = a8_strlen(pre);
    for (const char *at = p; *at; at++) {
        if (a8_strncmp(at, pre, n) != 0)
            continue;
        at += n;
        if (at[0] == '.' && at[1] == '/')
            at += 2;
        return *at ? at : p;
    }
    return p;
}

size_t a8_sym_format_frame(char *buf, size_t size, int num, const struct a8_sym_frame *f0)
{
    struct a8_sym_frame fs = *f0;
    const struct a8_sym_frame *f = &fs;
    fs.file = stripped(fs.file);
    fs.module = stripped(fs.module);
    const char *tag = f->inlined ? " [inlined]" : "";
    unsigned long pc = f->pc, off = f->module_off;
    int n;
    if (!f->module) {
        n = a8_snprintf(buf, size, "    #%d 0x%012lx (<unknown module>)\n", num, pc);
    } else if (!f->function && !f->file) {
        n = a8_snprintf(buf, size, "    #%d 0x%012lx (%s+0x%lx)\n", num, pc, f->module, off);
    } else {
        const char *fn = f->function ? f->function : "??";
        if (f->file) {
            char loc[32] = "";
            if (f->line && f->column)
                a8_snprintf(loc, sizeof(loc), ":%u:%u", f->line, f->column);
            else if (f->line)
                a8_snprintf(loc, sizeof(loc), ":%u", f->line);
            n = a8_snprintf(buf, size, "    #%d 0x%012lx in %s %s%s (%s)%s\n", num, pc, fn, f->file,
                            loc, f->module, tag);
        } else if (f->inlined) {
            n = a8_snprintf(buf, size, "    #%d 0x%012lx in %s (%s)%s\n", num, pc, fn, f->module,
                            tag);
        } else {
            n = a8_snprintf(buf, size, "    #%d 0x%012lx in %s+0x%lx (%s)\n", num, pc, fn,
                            (unsigned long)f->function_off, f->module);
        }
    }
    return finish(buf, size, n);
}

void a8_sym_print_stack(const uintptr_t *pcs, int n, a8_sym_sink sink, void *ctx)
{
    struct a8_sym_frame fr[A8_SYM_MAX_INLINE];
    char line[LINE_MAX_BYTES];
    const char *mods[8]; /* the modules shown, for the no-debug-info note */
    int nmods = 0, num = 0;
    for (int i = 0; i < n; i++) {
        int k = a8_sym_resolve(pcs[i], true, fr, A8_SYM_MAX_INLINE);
        for (int j = 0; j < k; j++) {
            size_t len = a8_sym_format_frame(line, sizeof(line), num++, &fr[j]);
            sink(ctx, line, len);
        }
        bool seen = !fr[0].module;
        for (int m = 0; m < nmods && !seen; m++)
            seen = mods[m] == fr[0].module;
        if (!seen && nmods < (int)(sizeof mods / sizeof mods[0]))
            mods[nmods++] = fr[0].module;
    }
    for (int m = 0; m < nmods; m++)
        a8_sym_note_nodebug(mods[m]);
}

void a8_sym_print_stack_raw(const uintptr_t *pcs, int n, a8_sym_sink sink, void *ctx)
{
    char line[LINE_MAX_BYTES];
    for (int i = 0; i < n; i++) {
        struct a8_sym_frame f;
        int len;
        if (a8_sym_module_frame(pcs[i], &f) != 0)
            len = a8_snprintf(line, sizeof(line), "    #%d 0x%012lx (<unknown module>)\n", i,
                              (unsigned long)f.pc);
        else if (f.build_id)
            len =
                a8_snprintf(line, sizeof(line), "    #%d 0x%012lx (%s+0x%lx) BuildId: %s\n", i,
                            (unsigned long)f.pc, f.module, (unsigned long)f.module_off, f.build_id);
        else
            len = a8_snprintf(line, sizeof(line), "    #%d 0x%012lx (%s+0x%lx)\n", i,
                              (unsigned long)f.pc, f.module, (unsigned long)f.module_off);
        sink(ctx, line, finish(line, sizeof(line), len));
    }
}

void a8_sym_sink_fd(void *ctx, const char *s, size_t n) { a8_write_all((int)(intptr_t)ctx, s, n); }

/* ---- parsing the raw form ----------------------------------------------- */

static const char *find_last(const char *s, const char *e, const char *needle)
{
    size_t nl = a8_strlen(needle);
    for (const char *p = e - nl; p >= s; p--)
        if (a8_strncmp(p, needle, nl) == 0)
            return p;
    return NULL;
}

bool a8_sym_parse_raw(const char *line, size_t len, int *num, uintptr_t *pc, char *modbuf,
                      size_t modsize, const char **module, uintptr_t *module_off, char *bidbuf,
                      size_t bidsize, const char **build_id)
{
    const char *p = line, *e = line + len;
    while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
        e--;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    if (p >= e || *p++ != '#')
        return false;
    int n = 0;
    const char *d = p;
    while (p < e && *p >= '0' && *p <= '9' && n < 1000000)
        n = n * 10 + (*p++ - '0');
    if (p == d || e - p < 4 || a8_strncmp(p, " 0x", 3) != 0)
        return false;
    p += 3;
    const char *h = p;
    while (p < e && a8_hex_digit(*p) >= 0)
        p++;
    if (!a8_parse_hex(h, p, pc) || e - p < 3 || a8_strncmp(p, " (", 2) != 0)
        return false;
    p += 2;
    /* the parenthesised part ends at the last ')' before an optional BuildId */
    *build_id = NULL;
    const char *b = find_last(p, e, ") BuildId: ");
    const char *close = b ? b : e - 1;
    if (close < p || *close != ')')
        return false;
    if (b) {
        const char *bs = b + 11;
        size_t bl = (size_t)(e - bs);
        if (bl == 0 || bl >= bidsize)
            return false;
        for (size_t i = 0; i < bl; i++)
            if (a8_hex_digit(bs[i]) < 0)
                return false;
        for (size_t i = 0; i < bl; i++)
            bidbuf[i] = bs[i];
        bidbuf[bl] = '\0';
        *build_id = bidbuf;
    }
    *num = n;
    if (close - p == 16 && a8_strncmp(p, "<unknown module>", 16) == 0 && !b) {
        *module = NULL;
        *module_off = 0;
        return true;
    }
    const char *plus = find_last(p, close, "+0x");
    if (!plus || plus == p || !a8_parse_hex(plus + 3, close, module_off))
        return false;
    size_t ml = (size_t)(plus - p);
    if (ml >= modsize)
        return false;
    for (size_t i = 0; i < ml; i++)
        modbuf[i] = p[i];
    modbuf[ml] = '\0';
    *module = modbuf;
    return true;
}
