/* leak_report.c — a finished leak check (checker/leak.c) as text or JSON.
 *
 * Text (valgrind's sentences, LSan's order: largest record first):
 *
 *   =================================================================
 *   alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
 *
 *   48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost in loss record 1 of 3
 *       #0 0x… in make_list list.c:12:15 (prog)
 *   …
 *   LEAK SUMMARY:
 *      definitely lost: 16 bytes in 1 blocks
 *      indirectly lost: 32 bytes in 2 blocks
 *        possibly lost: 0 bytes in 0 blocks
 *      still reachable: 100 bytes in 3 blocks
 *           suppressed: 0 bytes in 0 blocks
 *   SUMMARY: alloc8: 48 byte(s) leaked in 3 allocation(s).
 *
 * Without leaks: one line, "alloc8: leak check (on demand): no leaks; B
 * bytes in K blocks still reachable, …" — at exit only with verbosity=1
 * (a clean exit is quiet, as with LSan); show_reachable=1 lists them.
 * Still-reachable records are listed only with show_reachable=1; suppressed
 * records never, but each suppression that matched gets a line under
 * "Suppressions used:".  "leaked" (SUMMARY, exit status) counts definitely
 * and indirectly lost blocks: possibly lost ones are listed and counted in
 * their class but, as LSan treats interior pointers, are not called leaks.
 *
 * JSON: one object per listed loss record
 *   {"alloc8": "leak", "check": "exit", "class": "definitely lost",
 *    "kind": "definite", "record": 1, "records": 3, "bytes": 48,
 *    "direct_bytes": 16, "indirect_bytes": 32, "blocks": 1,
 *    "indirect_blocks": 2, "thread": 0, "stack": [FRAME…]}
 * then {"alloc8": "leak_summary", "check": "exit", "definitely_lost":
 *    {"bytes": 16, "blocks": 1}, "indirectly_lost": {…}, "possibly_lost": {…},
 *    "still_reachable": {…}, "suppressed": {…}, "suppressions": [{"name": …,
 *    "blocks": N, "bytes": N}…], "records_not_listed": 0 (max_leaks),
 *    "leaked_bytes": 48, "leaked_blocks": 3,
 *    "threads_not_stopped": 0, "threads_scanned_running": 0,
 *    "threads_stack_unknown": 0}
 *
 * Runs with the guard raised, no heap lock held, under the leak lock; the
 * report lock serialises the output.
 */
#include "reports.h"

#include "../checker/leak.h"
#include "../checker/stack.h"

#define BANNER "================================================================="

static const char *const k_class[] = {"definitely lost", "indirectly lost", "possibly lost",
                                      "still reachable"};
static const char *const k_key[] = {"definite", "indirect", "possible", "reachable"};
static const char *const k_json[] = {"definitely_lost", "indirectly_lost", "possibly_lost",
                                     "still_reachable"};

const char *a8_leak_class_name(enum a8_leak_class c)
{
    return (unsigned)c < A8_LEAK_NCLASS ? k_class[c] : "unknown";
}
const char *a8_leak_class_key(enum a8_leak_class c)
{
    return (unsigned)c < A8_LEAK_NCLASS ? k_key[c] : "unknown";
}

static bool listed(const struct a8_leak_rec *r)
{
    return r->supp < 0 && (r->cls != A8_LEAK_REACHABLE || a8_opt.show_reachable);
}

static uint64_t total(const struct a8_leak_rec *r) { return r->bytes + r->ind_bytes; }

/* Largest first; then class order, then stack id (stable output). */
static bool before(const struct a8_leak_rec *a, const struct a8_leak_rec *b)
{
    if (total(a) != total(b))
        return total(a) > total(b);
    if (a->cls != b->cls)
        return a->cls < b->cls;
    return a->stack < b->stack;
}

/* Heapsort of the records in place (qsort may allocate). */
static void sift(struct a8_leak_rec *v, size_t i, size_t n)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && before(&v[c], &v[c + 1]))
            c++;
        if (!before(&v[i], &v[c]))
            return;
        struct a8_leak_rec t = v[i];
        v[i] = v[c];
        v[c] = t;
        i = c;
    }
}

static void sort_recs(struct a8_leak_rec *v, size_t n)
{
    /* "before" is the order relation: the array ends ascending in it */
    for (size_t i = n / 2; i-- > 0;)
        sift(v, i, n);
    for (size_t e = n; e > 1; e--) {
        struct a8_leak_rec t = v[0];
        v[0] = v[e - 1];
        v[e - 1] = t;
        sift(v, 0, e - 1);
    }
}

static void stack_of(const struct a8_leak_rec *r, struct a8_rstack *s)
{
    const uintptr_t *pcs;
    int n = r->stack ? a8_depot_get(r->stack, &pcs) : 0;
    s->n = 0;
    s->tid = r->tid;
    s->id = r->stack;
    for (int i = 0; i < n && i < A8_REPORT_MAX_FRAMES; i++)
        s->pcs[s->n++] = pcs[i];
    s->valid = s->n > 0;
}

static void text_record(const struct a8_leak_rec *r, size_t i, size_t n)
{
    static struct a8_rstack s; /* under the report lock */
    if (r->cls == A8_LEAK_DEFINITE && r->ind_bytes)
        a8_report_printf("%llu (%llu direct, %llu indirect) bytes in %llu blocks are %s in loss "
                         "record %zu of %zu\n",
                         (unsigned long long)total(r), (unsigned long long)r->bytes,
                         (unsigned long long)r->ind_bytes, (unsigned long long)r->blocks,
                         k_class[r->cls], i, n);
    else
        a8_report_printf("%llu bytes in %llu blocks are %s in loss record %zu of %zu\n",
                         (unsigned long long)r->bytes, (unsigned long long)r->blocks,
                         k_class[r->cls], i, n);
    stack_of(r, &s);
    a8_report_printf("  allocated by thread T%u (%s) here:\n", r->tid, a8_call_name(r->alloc_call));
    a8_report_print_stack(&s);
    a8_supp_print_leak(r);
    a8_report_put("\n", 1);
}

static void json_record(const struct a8_leak_result *res, const struct a8_leak_rec *r, size_t i,
                        size_t n)
{
    struct a8_json j = {0};
    const uintptr_t *pcs;
    int np = r->stack ? a8_depot_get(r->stack, &pcs) : 0;
    a8_json_open(&j, NULL, '{');
    a8_json_str(&j, "alloc8", "leak");
    a8_json_str(&j, "check", res->why);
    a8_json_str(&j, "class", k_class[r->cls]);
    a8_json_str(&j, "kind", k_key[r->cls]);
    a8_json_uint(&j, "record", i);
    a8_json_uint(&j, "records", n);
    a8_json_uint(&j, "bytes", total(r));
    a8_json_uint(&j, "direct_bytes", r->bytes);
    a8_json_uint(&j, "indirect_bytes", r->ind_bytes);
    a8_json_uint(&j, "blocks", r->blocks);
    a8_json_uint(&j, "indirect_blocks", r->ind_blocks);
    a8_json_uint(&j, "thread", r->tid);
    a8_json_str(&j, "allocated_by", a8_call_name(r->alloc_call));
    a8_json_stack(&j, "stack", np > 0 ? pcs : NULL, np > 0 ? np : 0, r->stack);
    a8_json_close(&j, '}');
    a8_report_put("\n", 1);
}

static void json_summary(const struct a8_leak_result *res, size_t unlisted)
{
    struct a8_json j = {0};
    a8_json_open(&j, NULL, '{');
    a8_json_str(&j, "alloc8", "leak_summary");
    a8_json_str(&j, "check", res->why);
    for (int c = 0; c < A8_LEAK_NCLASS; c++) {
        a8_json_open(&j, k_json[c], '{');
        a8_json_uint(&j, "bytes", res->bytes[c]);
        a8_json_uint(&j, "blocks", res->blocks[c]);
        a8_json_close(&j, '}');
    }
    a8_json_open(&j, "suppressed", '{');
    a8_json_uint(&j, "bytes", res->supp_bytes);
    a8_json_uint(&j, "blocks", res->supp_blocks);
    a8_json_close(&j, '}');
    a8_json_open(&j, "suppressions", '[');
    for (size_t i = 0; i < a8_supp_count(); i++) {
        uint64_t b, n;
        a8_supp_hits(i, &n, &b);
        a8_json_open(&j, NULL, '{');
        a8_json_str(&j, "name", a8_supp_name(i));
        a8_json_uint(&j, "blocks", n);
        a8_json_uint(&j, "bytes", b);
        a8_json_close(&j, '}');
    }
    a8_json_close(&j, ']');
    a8_json_uint(&j, "records_not_listed", unlisted);
    a8_json_uint(&j, "leaked_bytes", res->leaked_bytes);
    a8_json_uint(&j, "leaked_blocks", res->leaked_blocks);
    a8_json_uint(&j, "threads_not_stopped", res->threads_missed);
    a8_json_uint(&j, "threads_scanned_running", res->threads_waiting + res->threads_whole);
    a8_json_uint(&j, "threads_stack_unknown", res->threads_whole);
    a8_json_close(&j, '}');
    a8_report_put("\n", 1);
}

static const char *when(const struct a8_leak_result *res)
{
    if (a8_strcmp(res->why, "exit") == 0)
        return "at exit";
    if (a8_strcmp(res->why, "signal") == 0)
        return "on signal";
    if (a8_strcmp(res->why, "since mark") == 0)
        return "since mark";
    return "on demand";
}

void a8_report_leaks(const struct a8_leak_result *res)
{
    struct a8_leak_rec *v = res->recs;
    sort_recs(v, res->nrecs);
    size_t n = 0;
    for (size_t i = 0; i < res->nrecs; i++)
        n += listed(&v[i]);
    bool json = a8_strcmp(a8_opt.report_format, "json") == 0;

    /* A clean exit stays quiet (as LSan's): only the exit summary line.
     * Checks the program asked for always answer. */
    if (!res->leaked_blocks && !res->threads_missed && !res->threads_whole && !res->supp_blocks &&
        a8_strcmp(res->why, "exit") == 0 && !a8_opt.show_reachable && a8_opt.verbosity < 1 && !json)
        return;
    a8_report_begin();
    /* max_leaks: the largest records only (v is in size order). */
    size_t shown = a8_opt.max_leaks && (size_t)a8_opt.max_leaks < n ? (size_t)a8_opt.max_leaks : n;
    if (json) {
        size_t k = 0;
        for (size_t i = 0; i < res->nrecs && k < shown; i++)
            if (listed(&v[i]))
                json_record(res, &v[i], ++k, n);
        json_summary(res, n - shown);
        a8_report_end();
        return;
    }
    if (res->threads_missed)
        a8_report_printf("alloc8: leak check: %u threads did not stop (no answer to the stop "
                         "signal in 2 s); their stacks were not scanned\n",
                         res->threads_missed);
    if (res->threads_whole)
        a8_report_printf("alloc8: leak check: %u threads block the stop signal and ran on; every "
                         "thread stack was scanned whole (stale pointers there may hide leaks)\n",
                         res->threads_whole);
    if (res->threads_waiting && a8_opt.verbosity >= 1)
        a8_report_printf("alloc8: leak check: %u threads block the stop signal: not stopped, "
                         "scanned from where they wait in a system call\n",
                         res->threads_waiting);
    if (!res->leaked_blocks && !n) {
        a8_report_printf("alloc8: leak check (%s): no leaks; %llu bytes in %llu blocks still "
                         "reachable, %llu bytes in %llu blocks possibly lost",
                         when(res), (unsigned long long)res->bytes[A8_LEAK_REACHABLE],
                         (unsigned long long)res->blocks[A8_LEAK_REACHABLE],
                         (unsigned long long)res->bytes[A8_LEAK_POSSIBLE],
                         (unsigned long long)res->blocks[A8_LEAK_POSSIBLE]);
        if (res->supp_blocks)
            a8_report_printf(", %llu bytes in %llu blocks suppressed",
                             (unsigned long long)res->supp_bytes,
                             (unsigned long long)res->supp_blocks);
        a8_report_put("\n", 1);
    } else {
        a8_report_printf("%s\n", BANNER);
        if (res->leaked_blocks)
            a8_report_printf("alloc8: ERROR: LeakCheck: detected memory leaks (check %s, thread "
                             "T%u)\n\n",
                             when(res), res->tid);
        else
            a8_report_printf("alloc8: leak check (%s, thread T%u)\n\n", when(res), res->tid);
        size_t k = 0;
        for (size_t i = 0; i < res->nrecs && k < shown; i++)
            if (listed(&v[i]))
                text_record(&v[i], ++k, n);
        if (shown < n)
            a8_report_printf("%zu more loss records, the smallest, not listed (max_leaks=%lld)\n\n",
                             n - shown, (long long)a8_opt.max_leaks);
        a8_report_printf("LEAK SUMMARY:\n");
        static const char *const pad[] = {"   ", "   ", "     ", "   "};
        for (int c = 0; c < A8_LEAK_NCLASS; c++)
            a8_report_printf("%s%s: %llu bytes in %llu blocks\n", pad[c], k_class[c],
                             (unsigned long long)res->bytes[c], (unsigned long long)res->blocks[c]);
        a8_report_printf("        suppressed: %llu bytes in %llu blocks\n",
                         (unsigned long long)res->supp_bytes, (unsigned long long)res->supp_blocks);
    }
    bool used = false;
    for (size_t i = 0; i < a8_supp_count(); i++) {
        uint64_t b, nb;
        a8_supp_hits(i, &nb, &b);
        if (!nb)
            continue;
        if (!used)
            a8_report_printf("Suppressions used:\n");
        used = true;
        a8_report_printf("  %llu blocks (%llu bytes) matched by %s\n", (unsigned long long)nb,
                         (unsigned long long)b, a8_supp_name(i));
    }
    if (res->leaked_blocks)
        a8_report_printf("SUMMARY: alloc8: %llu byte(s) leaked in %llu allocation(s).\n",
                         (unsigned long long)res->leaked_bytes,
                         (unsigned long long)res->leaked_blocks);
    a8_report_end();
}
