/* json.c — an allocation-free JSON writer and the JSON form of a record.
 *
 * report_format=json writes every report as ONE line (one object), so CI
 * and tools/ read them with any JSON library, line by line.  The schema
 * (every key always present unless marked "optional"):
 *
 *   {"alloc8": "error" | "warning",
 *    "kind": "heap-buffer-overflow",         the vocabulary of reports.h
 *    "address": "0x602000000015",            hex strings: JSON numbers lose
 *    "thread": 0,                            bits past 2^53
 *    "call": "free" | null,                  the entry point called
 *    "message": "3 bytes written past …",    the text report's detail line
 *    "location": "0x… is located …" | "",    the text report's location line
 *    "block": {"address": "0x…", "size": 16, "offset": 21,        optional:
 *              "allocated_by": "malloc", "freed_by": "free"|null,  records
 *              "seq": 7},                                          with a block
 *    "corruption": {"length": 3, "found": "41 41 41",             optional
 *                   "expected": "0xfb", "checked_at": "free"},
 *    "access": {"type": "WRITE", "size": 49, "address": "0x…"},  optional:
 *              the access a guard page or a checked call (memcpy, …)
 *              caught, size and address for a call
 *    "source": {"size": 10, "address": "0x…"},  optional: param-overlap,
 *              the copy's source (its destination is "access")
 *    "rerun_options": "guard_size=16",       optional: damage found by a
 *                   check; the options that catch the access itself
 *    "foreign": {"class": "stack"|"global"|"mmap"|"file-mapping"|"heap-unused"
 *                         |"wild"|"heap-block",
 *                "thread": 1, "symbol": "g"|null, "module": "…"|null,
 *                "map": ["0x…", "0x…"]},                           optional
 *    "args": {"size": N, "nmemb": N, "alignment": N},  optional: size,
 *                                       alignment and out-of-memory reports
 *    "signal": {"interrupted": "malloc", "calls": N, "frees_dropped": N},
 *              optional: signal-unsafe-call
 *    "deadly_signal": {"number": 11, "name": "SIGSEGV", "code": 1,
 *                      "code_name": "SEGV_MAPERR"|null, "sender_pid": N|null,
 *                      "sender_uid": N|null, "syscall": N (SIGSYS only)},
 *              optional: deadly-signal and killed-by-signal
 *    "hint": "register rax holds …",        optional: deadly-signal
 *    "registers": {"rax": "0x…", …, "rip": "0x…", "eflags": "0x…"},
 *              optional: deadly-signal, the faulting instruction's
 *    "stacks": {"here": [FRAME…], "alloc": [FRAME…], "freed": [FRAME…],
 *               "interrupted": [FRAME…]},
 *              alloc and freed only when recorded, interrupted only for
 *              a signal-unsafe-call
 *    "stack_threads": {"here": 0, "alloc": 0, "freed": 1},  same keys
 *    "threads": [{"thread": 1, "parent": 0, "created": [FRAME…]}…],
 *    "summary": "heap-buffer-overflow demo.c:12 in main",
 *    "count": 1}                          times this report was seen so far
 *
 *   FRAME, symbolized (one per function, inline frames first, innermost
 *   first, as in the text): {"pc": "0x…", "function": "main"|null,
 *     "file": "/abs/demo.c"|null, "line": 12, "column": 5, "module":
 *     "/path/demo"|null, "module_offset": "0x…", "inlined": false}
 *   FRAME with symbolize=0: {"pc": "0x…", "module": "…"|null,
 *     "module_offset": "0x…", "build_id": "hex"|null}
 *
 *   At exit (a8_report_exit_summary) one more line:
 *   {"alloc8": "summary", "errors": 3, "warnings": 0, "by_kind":
 *    {"heap-buffer-overflow": 2, …}, "repeats": [{"kind": "…", "site":
 *    "demo.c:30", "count": 2}…], "suppressed": 0, "suppressions": [{"name":
 *    "…", "kind": "…", "count": N}…], "live_bytes": 1234, "live_blocks": 5}
 *   (leak records and the leak summary: reports/leak_report.c)
 *
 * Strings are escaped per RFC 8259; bytes that are not valid UTF-8 become
 * U+FFFD, so the line always parses.  Runs inside malloc, under the report
 * lock: no stdio, no allocation, output through a8_report_put.
 */
#include "reports.h"

#include "../symbolize/symbolize.h"

static void put(const char *s, size_t n) { a8_report_put(s, n); }
static void puts_(const char *s) { put(s, a8_strlen(s)); }

static void escape(const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    const unsigned char *run = p; /* bytes copied as they are */
    while (p < e) {
        unsigned c = *p;
        const char *rep = NULL;
        char u[7];
        size_t len = 0; /* bytes of a valid UTF-8 sequence */
        if (c == '"')
            rep = "\\\"";
        else if (c == '\\')
            rep = "\\\\";
        else if (c == '\n')
            rep = "\\n";
        else if (c == '\t')
            rep = "\\t";
        else if (c == '\r')
            rep = "\\r";
        else if (c < 0x20 || c == 0x7f) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
            u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = 0;
            rep = u;
        } else if (c < 0x80) {
            len = 1;
        } else {
            /* UTF-8: lead byte, continuation bytes, no overlongs/surrogates */
            size_t need = c >= 0xc2 && c <= 0xdf   ? 2
                          : c >= 0xe0 && c <= 0xef ? 3
                          : c >= 0xf0 && c <= 0xf4 ? 4
                                                   : 0;
            if (need && (size_t)(e - p) >= need) {
                len = need;
                for (size_t i = 1; i < need; i++)
                    if ((p[i] & 0xc0) != 0x80)
                        len = 0;
                if (len == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f)))
                    len = 0;
                if (len == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f)))
                    len = 0;
            }
            if (!len)
                rep = "\\ufffd";
        }
        if (rep) {
            put((const char *)run, (size_t)(p - run));
            puts_(rep);
            p++;
            run = p;
        } else {
            p += len;
        }
    }
    put((const char *)run, (size_t)(p - run));
}

/* The comma (if a value came before at this level) and the key. */
static void lead(struct a8_json *j, const char *key)
{
    if (j->depth > 0 && j->depth <= A8_JSON_MAX_DEPTH) {
        if (j->need_comma[j->depth - 1])
            put(",", 1);
        j->need_comma[j->depth - 1] = true;
    }
    if (key) {
        put("\"", 1);
        escape(key, a8_strlen(key));
        put("\":", 2);
    }
}

void a8_json_open(struct a8_json *j, const char *key, char bracket)
{
    lead(j, key);
    put(&bracket, 1);
    if (j->depth < A8_JSON_MAX_DEPTH)
        j->need_comma[j->depth] = false;
    j->depth++;
}

void a8_json_close(struct a8_json *j, char bracket)
{
    put(&bracket, 1);
    if (j->depth > 0)
        j->depth--;
}

void a8_json_strn(struct a8_json *j, const char *key, const char *s, size_t n)
{
    lead(j, key);
    if (!s) {
        put("null", 4);
        return;
    }
    put("\"", 1);
    escape(s, n);
    put("\"", 1);
}

void a8_json_str(struct a8_json *j, const char *key, const char *s)
{
    a8_json_strn(j, key, s, s ? a8_strlen(s) : 0);
}

void a8_json_int(struct a8_json *j, const char *key, long long v)
{
    char b[24];
    int n = a8_snprintf(b, sizeof(b), "%lld", v);
    lead(j, key);
    put(b, (size_t)n);
}

void a8_json_uint(struct a8_json *j, const char *key, unsigned long long v)
{
    char b[24];
    int n = a8_snprintf(b, sizeof(b), "%llu", v);
    lead(j, key);
    put(b, (size_t)n);
}

void a8_json_hex(struct a8_json *j, const char *key, uintptr_t v)
{
    char b[24];
    int n = a8_snprintf(b, sizeof(b), "\"0x%lx\"", (unsigned long)v);
    lead(j, key);
    put(b, (size_t)n);
}

void a8_json_bool(struct a8_json *j, const char *key, bool v)
{
    lead(j, key);
    puts_(v ? "true" : "false");
}

void a8_json_stack(struct a8_json *j, const char *key, const uintptr_t *pcs, int n, uint32_t id)
{
    a8_sym_stack_id(id);
    /* alloc8's own frames are left out, as in the text (unless they are all
     * there is) */
    bool all_own = true;
    for (int i = 0; i < n && all_own; i++)
        all_own = a8_report_own_frame(pcs[i]);
    a8_json_open(j, key, '[');
    for (int i = 0; i < n; i++) {
        if (!all_own && a8_report_own_frame(pcs[i]))
            continue;
        if (!a8_opt.symbolize) {
            struct a8_sym_frame f;
            a8_sym_module_frame(pcs[i], &f);
            a8_json_open(j, NULL, '{');
            a8_json_hex(j, "pc", pcs[i]);
            a8_json_str(j, "module", f.module);
            a8_json_hex(j, "module_offset", f.module_off);
            a8_json_str(j, "build_id", f.build_id);
            a8_json_close(j, '}');
            continue;
        }
        struct a8_sym_frame fr[A8_SYM_MAX_INLINE];
        int k = a8_sym_resolve(pcs[i], true, fr, A8_SYM_MAX_INLINE);
        for (int m = 0; m < k; m++) {
            a8_json_open(j, NULL, '{');
            a8_json_hex(j, "pc", pcs[i]);
            a8_json_str(j, "function", fr[m].function);
            a8_json_str(j, "file", fr[m].file);
            a8_json_uint(j, "line", fr[m].line);
            a8_json_uint(j, "column", fr[m].column);
            a8_json_str(j, "module", fr[m].module);
            a8_json_hex(j, "module_offset", fr[m].module_off);
            a8_json_bool(j, "inlined", fr[m].inlined);
            a8_json_close(j, '}');
        }
    }
    a8_json_close(j, ']');
    a8_sym_stack_id(0);
}

static const char *class_name(enum a8_addr_class c)
{
    switch (c) {
    case A8_ADDR_HEAP_BLOCK:
        return "heap-block";
    case A8_ADDR_HEAP_UNUSED:
        return "heap-unused";
    case A8_ADDR_STACK:
        return "stack";
    case A8_ADDR_GLOBAL:
        return "global";
    case A8_ADDR_MMAP:
        return "mmap";
    case A8_ADDR_FILE_MAP:
        return "file-mapping";
    case A8_ADDR_WILD:
        return "wild";
    case A8_ADDR_NONE:
        break;
    }
    return NULL;
}

static bool has_args(enum a8_error_kind k)
{
    return k == A8_ERR_SIZE_TOO_BIG || k == A8_ERR_CALLOC_OVERFLOW ||
           k == A8_ERR_REALLOCARRAY_OVERFLOW || k == A8_ERR_BAD_ALIGNMENT ||
           k == A8_ERR_OUT_OF_MEMORY || k == A8_ERR_SIZE_MISMATCH;
}

static bool stack_present(const struct a8_rstack *s) { return s->valid || s->n > 0; }

void a8_report_json(const struct a8_error *e, const struct a8_report_ctx *c)
{
    struct a8_json j = {0};
    a8_json_open(&j, NULL, '{');
    a8_json_str(&j, "alloc8", a8_error_is_warning(e->kind) ? "warning" : "error");
    a8_json_str(&j, "kind", a8_error_name(e->kind));
    a8_json_hex(&j, "address", e->addr);
    a8_json_uint(&j, "thread", e->tid);
    a8_json_str(&j, "call", e->call);
    a8_json_str(&j, "message", c->message);
    a8_json_str(&j, "location", c->location);

    if (e->has_block) {
        a8_json_open(&j, "block", '{');
        a8_json_hex(&j, "address", e->block);
        a8_json_uint(&j, "size", e->block_size);
        a8_json_int(&j, "offset", (long long)e->offset);
        a8_json_str(&j, "allocated_by", e->alloc_call);
        a8_json_str(&j, "freed_by", e->free_call);
        a8_json_uint(&j, "seq", e->seq);
        if (e->block_before)
            a8_json_bool(&j, "before_header", true);
        a8_json_close(&j, '}');
    }
    if (e->corrupt_len || e->nfound > 0) {
        char found[3 * sizeof(e->found) + 1];
        size_t n = 0;
        int nf = e->nfound < (int)sizeof(e->found) ? e->nfound : (int)sizeof(e->found);
        for (int i = 0; i < nf; i++)
            n += (size_t)a8_snprintf(found + n, sizeof(found) - n, i ? " %02x" : "%02x",
                                     e->found[i]);
        a8_json_open(&j, "corruption", '{');
        a8_json_uint(&j, "length", e->corrupt_len);
        a8_json_strn(&j, "found", found, n);
        a8_json_hex(&j, "expected", e->expected);
        a8_json_str(&j, "checked_at", e->checked_at);
        if (e->into_next_header)
            a8_json_bool(&j, "into_next_header", true);
        a8_json_close(&j, '}');
    }
    if (e->access) {
        a8_json_open(&j, "access", '{');
        a8_json_str(&j, "type", e->access);
        if (e->access_len) {
            a8_json_uint(&j, "size", e->access_len);
            a8_json_hex(&j, "address", e->access_addr);
        }
        a8_json_close(&j, '}');
    }
    if (e->kind == A8_ERR_PARAM_OVERLAP) {
        a8_json_open(&j, "source", '{');
        a8_json_uint(&j, "size", e->src_len);
        a8_json_hex(&j, "address", e->src_addr);
        a8_json_close(&j, '}');
    }
    if (e->rerun[0])
        a8_json_str(&j, "rerun_options", e->rerun);
    if (class_name(e->addr_class)) {
        a8_json_open(&j, "foreign", '{');
        a8_json_str(&j, "class", class_name(e->addr_class));
        if (e->addr_class == A8_ADDR_STACK)
            a8_json_uint(&j, "thread", e->addr_thread);
        a8_json_str(&j, "symbol", e->symbol[0] ? e->symbol : NULL);
        a8_json_str(&j, "module", e->module[0] ? e->module : NULL);
        if (e->map_lo || e->map_hi) {
            a8_json_open(&j, "map", '[');
            a8_json_hex(&j, NULL, e->map_lo);
            a8_json_hex(&j, NULL, e->map_hi);
            a8_json_close(&j, ']');
        }
        a8_json_close(&j, '}');
    }
    if (has_args(e->kind)) {
        a8_json_open(&j, "args", '{');
        a8_json_uint(&j, "size", e->size_arg);
        a8_json_uint(&j, "nmemb", e->nmemb_arg);
        a8_json_uint(&j, "alignment", e->align_arg);
        a8_json_close(&j, '}');
    }

    if (e->kind == A8_ERR_DEADLY_SIGNAL || e->kind == A8_ERR_KILLED) {
        char name[24];
        a8_json_open(&j, "deadly_signal", '{');
        a8_json_int(&j, "number", e->sig);
        a8_json_str(&j, "name", a8_signal_name(e->sig, name, sizeof name));
        a8_json_int(&j, "code", e->sig_code);
        a8_json_str(&j, "code_name", a8_signal_code_name(e->sig, e->sig_code));
        if (e->sender_pid) {
            a8_json_int(&j, "sender_pid", e->sender_pid);
            a8_json_uint(&j, "sender_uid", e->sender_uid);
        } else {
            a8_json_str(&j, "sender_pid", NULL);
            a8_json_str(&j, "sender_uid", NULL);
        }
        if (e->sig_syscall)
            a8_json_int(&j, "syscall", e->sig_syscall);
        a8_json_close(&j, '}');
    }
    if (e->hint[0])
        a8_json_str(&j, "hint", e->hint);
    if (e->nregs > 0) {
        a8_json_open(&j, "registers", '{');
        for (int i = 0; i < e->nregs && i < (int)A8_ARRAY_LEN(e->regs); i++)
            a8_json_hex(&j, a8_reg_names[i], e->regs[i]);
        a8_json_close(&j, '}');
    }

    bool sig = e->kind == A8_ERR_SIGNAL_UNSAFE; /* alloc: the interrupted call's stack */
    if (sig) {
        a8_json_open(&j, "signal", '{');
        a8_json_str(&j, "interrupted", e->interrupted);
        a8_json_uint(&j, "calls", e->sig_calls);
        a8_json_uint(&j, "frees_dropped", e->sig_dropped);
        a8_json_close(&j, '}');
    }
    a8_json_open(&j, "stacks", '{');
    a8_json_stack(&j, "here", e->here.pcs, e->here.n, e->here.id);
    if (stack_present(&e->alloc))
        a8_json_stack(&j, sig ? "interrupted" : "alloc", e->alloc.pcs, e->alloc.n, e->alloc.id);
    if (stack_present(&e->freed))
        a8_json_stack(&j, "freed", e->freed.pcs, e->freed.n, e->freed.id);
    a8_json_close(&j, '}');
    a8_json_open(&j, "stack_threads", '{');
    a8_json_uint(&j, "here", e->tid);
    if (stack_present(&e->alloc))
        a8_json_uint(&j, sig ? "interrupted" : "alloc", e->alloc.tid);
    if (stack_present(&e->freed))
        a8_json_uint(&j, "freed", e->freed.tid);
    a8_json_close(&j, '}');

    uint32_t tids[8];
    int nt = a8_report_threads(e, tids, (int)A8_ARRAY_LEN(tids));
    a8_json_open(&j, "threads", '[');
    for (int i = 0; i < nt; i++) {
        static struct a8_rstack created; /* under the report lock; 2 KiB off the stack */
        uint32_t parent = 0;
        created.n = 0;
        if (!a8_thread_info(tids[i], &parent, &created))
            continue;
        a8_json_open(&j, NULL, '{');
        a8_json_uint(&j, "thread", tids[i]);
        a8_json_uint(&j, "parent", parent);
        a8_json_stack(&j, "created", created.pcs, created.n, created.id);
        a8_json_close(&j, '}');
    }
    a8_json_close(&j, ']');

    a8_json_str(&j, "summary", c->summary);
    a8_json_uint(&j, "count", c->count);
    a8_json_close(&j, '}');
    put("\n", 1);
}
