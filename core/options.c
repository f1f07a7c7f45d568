/* options.c — ALLOC8_OPTIONS parsing ("k=v:k=v", sanitizer syntax) over the
 * table in options.def.  Runs once during initialisation, possibly inside the
 * first malloc: no allocation, no stdio.  A bad key or value gives one line
 * naming it and what was kept; parsing goes on with the next option. */
#include "core.h"

#include <stdlib.h>
#include <unistd.h>

struct a8_options a8_opt = {
#define A8_OPT_bool(name, def, help) .name = (def),
#define A8_OPT_int(name, def, min, max, help) .name = (def),
#define A8_OPT_str(name, def, help) .name = def,
#include "options.def"
#undef A8_OPT_bool
#undef A8_OPT_int
#undef A8_OPT_str
};

struct opt_desc {
    const char *name;
    enum a8_opt_type type;
    size_t offset;
    long long def_int, min, max;
    const char *def_str;
    const char *help;
};

static const struct opt_desc g_opts[] = {
#define A8_OPT_bool(n, def, h)                                                                     \
    {#n, A8_OPT_BOOL, offsetof(struct a8_options, n), (def), 0, 1, NULL, h},
#define A8_OPT_int(n, def, mn, mx, h)                                                              \
    {#n, A8_OPT_INT, offsetof(struct a8_options, n), (def), (mn), (mx), NULL, h},
#define A8_OPT_str(n, def, h) {#n, A8_OPT_STR, offsetof(struct a8_options, n), 0, 0, 0, def, h},
#include "options.def"
#undef A8_OPT_bool
#undef A8_OPT_int
#undef A8_OPT_str
};

void a8_opt_defaults(struct a8_options *o)
{
    for (size_t i = 0; i < A8_ARRAY_LEN(g_opts); i++) {
        const struct opt_desc *d = &g_opts[i];
        char *field = (char *)o + d->offset;
        switch (d->type) {
        case A8_OPT_BOOL:
            *(bool *)field = d->def_int != 0;
            break;
        case A8_OPT_INT:
            *(long long *)field = d->def_int;
            break;
        case A8_OPT_STR:
            a8_strlcpy(field, d->def_str, A8_OPT_STR_MAX);
            break;
        }
    }
}

static const struct opt_desc *find(const char *k, size_t n)
{
    for (size_t i = 0; i < A8_ARRAY_LEN(g_opts); i++)
        if (a8_strlen(g_opts[i].name) == n && !a8_strncmp(g_opts[i].name, k, n))
            return &g_opts[i];
    return NULL;
}

static bool eq(const char *v, size_t n, const char *word)
{
    return a8_strlen(word) == n && !a8_strncmp(v, word, n);
}

/* Parses one value; on failure reports and keeps the current value. */
static int set_one(struct a8_options *o, const struct opt_desc *d, const char *v, size_t n,
                   void (*note)(const char *fmt, ...))
{
    char *field = (char *)o + d->offset;
    switch (d->type) {
    case A8_OPT_BOOL: {
        bool *b = (bool *)field;
        if (eq(v, n, "1") || eq(v, n, "true") || eq(v, n, "yes"))
            *b = true;
        else if (eq(v, n, "0") || eq(v, n, "false") || eq(v, n, "no"))
            *b = false;
        else {
            note("option %s: bad value '%.*s' (expected 0 or 1), kept %d", d->name, (int)n, v,
                 (int)*b);
            return 1;
        }
        return 0;
    }
    case A8_OPT_INT: {
        long long *x = (long long *)field;
        uint64_t u;
        int r = a8_parse_u64(v, n, &u);
        if (r || u > (uint64_t)d->max || (long long)u < d->min) {
            note("option %s: bad value '%.*s' (expected an integer %lld..%lld), "
                 "kept %lld",
                 d->name, (int)n, v, d->min, d->max, *x);
            return 1;
        }
        *x = (long long)u;
        return 0;
    }
    case A8_OPT_STR:
        if (n >= A8_OPT_STR_MAX) {
            note("option %s: value too long (%d bytes max), kept '%s'", d->name, A8_OPT_STR_MAX - 1,
                 field);
            return 1;
        }
        for (size_t i = 0; i < n; i++)
            field[i] = v[i];
        field[n] = 0;
        return 0;
    }
    return 0;
}

int a8_opt_parse(struct a8_options *o, const char *s, void (*note)(const char *fmt, ...))
{
    if (!note)
        note = a8_note;
    int problems = 0;
    while (s && *s) {
        const char *end = s;
        while (*end && *end != ':')
            end++;
        if (end > s) {
            const char *eqp = s;
            while (eqp < end && *eqp != '=')
                eqp++;
            size_t klen = (size_t)(eqp - s);
            const struct opt_desc *d = find(s, klen);
            if (!d) {
                note("unknown option '%.*s' ignored (help=1 lists them)", (int)klen, s);
                problems++;
            } else if (eqp == end) {
                note("option %s: no value given ('%s=VALUE'), kept the default", d->name, d->name);
                problems++;
            } else {
                problems += set_one(o, d, eqp + 1, (size_t)(end - eqp - 1), note);
            }
        }
        s = *end ? end + 1 : end;
    }
    return problems;
}

/* The option table in one of two layouts: text for help=1, Markdown for
 * the README (build/alloc8-options --markdown). */
struct table_fmt {
    const char *head, *str, *boolean, *integer;
};

static void print_table(int fd, const struct table_fmt *f)
{
    char line[1024];
    int n = a8_snprintf(line, sizeof line, "%s", f->head);
    a8_write_all(fd, line, (size_t)n);
    for (size_t i = 0; i < A8_ARRAY_LEN(g_opts); i++) {
        const struct opt_desc *d = &g_opts[i];
        if (d->type == A8_OPT_STR)
            n = a8_snprintf(line, sizeof line, f->str, d->name, d->def_str, d->help);
        else if (d->type == A8_OPT_BOOL)
            n = a8_snprintf(line, sizeof line, f->boolean, d->name, d->def_int, d->help);
        else
            n = a8_snprintf(line, sizeof line, f->integer, d->name, d->def_int, d->min, d->max,
                            d->help);
        if ((size_t)n >= sizeof line)
            n = sizeof line - 1;
        a8_write_all(fd, line, (size_t)n);
    }
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void a8_opt_print_help(int fd)
{
    static const struct table_fmt text = {
        "alloc8 options (ALLOC8_OPTIONS=name=value:name=value):\n",
        "  %-20s default '%s'\n      %s\n",
        "  %-20s default %lld\n      %s\n",
        "  %-20s default %lld (%lld..%lld)\n      %s\n",
    };
    print_table(fd, &text);
}

void a8_opt_print_markdown(int fd)
{
    static const struct table_fmt md = {
        "| option | default | meaning |\n|---|---|---|\n",
        "| `%s` | `%s` | %s |\n",
        "| `%s` | %lld | %s |\n",
        "| `%s` | %lld (%lld..%lld) | %s |\n",
    };
    print_table(fd, &md);
}
#pragma GCC diagnostic pop

/* ALLOC8_OPTIONS's value, read from environ here: the checker exports a
 * checked getenv (checker/pathcalls.c), whose first call looks the C
 * library's up, and this runs before anything is set up. */
static const char *options_env(void)
{
    static const char name[] = "ALLOC8_OPTIONS=";
    for (char **e = environ; e && *e; e++)
        if (!a8_strncmp(*e, name, sizeof name - 1))
            return *e + sizeof name - 1;
    return NULL;
}

void a8_opt_load_env(void)
{
    const char *s = options_env();
    if (!s || !*s)
        return;
    if (a8_secure_exec()) {
        a8_note("ALLOC8_OPTIONS ignored in a secure-execution (setuid/setgid) process");
        return;
    }
    a8_opt_parse(&a8_opt, s, a8_note);
    if (a8_opt.help)
        a8_opt_print_help(2);
}
