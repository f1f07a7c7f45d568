/* reports_test.c — the reports layer on hand-made error records.
 *
 * Linked (by tests/sh/reports_unit.sh) with the reports, core and symbolize
 * objects only: no interposer, the program runs on glibc's malloc.  Stacks
 * come from glibc backtrace() in the site_* functions below; frame #0 of
 * each is the line marked SITE:<name>, which the script finds with grep -n.
 *
 *   reports_test MODE [ALLOC8_OPTIONS-string]
 *
 * Reports go to stderr (or log_path); the return values of a8_report_error
 * and the counters go to stdout as "ret=…" / "count=…" lines.
 */
#include "reports.h"

#include <execinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static A8_NOINLINE void capture(struct a8_rstack *s, uint32_t tid)
{
    void *b[64];
    int n = backtrace(b, 64);
    s->n = 0;
    for (int i = 1; i < n; i++) /* b[0] is in here */
        s->pcs[s->n++] = (uintptr_t)b[i];
    s->tid = tid;
    s->valid = true;
    __asm__ volatile("" ::: "memory");
}

/* clang-format off */
static A8_NOINLINE void site_free(struct a8_rstack *s, uint32_t t) { capture(s, t); /* SITE:free */ __asm__ volatile(""); }
static A8_NOINLINE void site_alloc(struct a8_rstack *s, uint32_t t) { capture(s, t); /* SITE:alloc */ __asm__ volatile(""); }
static A8_NOINLINE void site_first_free(struct a8_rstack *s, uint32_t t) { capture(s, t); /* SITE:first_free */ __asm__ volatile(""); }
static A8_NOINLINE void site_create(struct a8_rstack *s, uint32_t t) { capture(s, t); /* SITE:create */ __asm__ volatile(""); }
static A8_NOINLINE void site_other(struct a8_rstack *s, uint32_t t) { capture(s, t); /* SITE:other */ __asm__ volatile(""); }
/* clang-format on */

/* The checker's thread table, faked: T1 and T2 were created by T0, T3 by T1. */
bool a8_thread_info(uint32_t tid, uint32_t *parent, struct a8_rstack *created)
{
    if (tid == 0 || tid > 3)
        return false;
    *parent = tid == 3 ? 1 : 0;
    site_create(created, *parent);
    return true;
}

#define BLOCK 0x602000000000ul

static struct a8_error g_e;

static struct a8_error *fresh(enum a8_error_kind k, uintptr_t addr, const char *call)
{
    memset(&g_e, 0, sizeof(g_e));
    g_e.kind = k;
    g_e.addr = addr;
    g_e.call = call;
    site_free(&g_e.here, 0);
    return &g_e;
}

static void with_block(struct a8_error *e, size_t size, const char *alloc_call)
{
    e->has_block = true;
    e->block = BLOCK;
    e->block_size = size;
    e->offset = (int64_t)(e->addr - BLOCK);
    e->alloc_call = alloc_call;
    site_alloc(&e->alloc, 0);
}

static void report(struct a8_error *e)
{
    bool r = a8_report_error(e);
    printf("ret=%d\n", r);
    fflush(stdout);
}

static struct a8_error *overflow(void)
{
    struct a8_error *e = fresh(A8_ERR_HEAP_OVERFLOW, BLOCK + 0x15, "free");
    with_block(e, 16, "malloc");
    e->corrupt_len = 3;
    e->nfound = 3;
    memset(e->found, 0x41, 3);
    e->expected = 0xfb;
    e->checked_at = "free";
    return e;
}

static void mode_kinds(void)
{
    struct a8_error *e;

    e = fresh(A8_ERR_HEAP_UNDERFLOW, BLOCK - 3, "free");
    with_block(e, 16, "malloc");
    e->corrupt_len = 2, e->nfound = 2, e->found[0] = 0x42, e->found[1] = 0x43;
    e->expected = 0xfa, e->checked_at = "realloc";
    report(e);

    e = fresh(A8_ERR_USE_AFTER_FREE, BLOCK + 4, "malloc");
    with_block(e, 32, "calloc");
    e->free_call = "free";
    e->corrupt_len = 1, e->nfound = 1, e->found[0] = 0x7;
    e->expected = 0xdd, e->checked_at = "quarantine eviction";
    site_first_free(&e->freed, 3);
    report(e);

    e = fresh(A8_ERR_DOUBLE_FREE, BLOCK, "free");
    with_block(e, 24, "malloc");
    site_first_free(&e->freed, 1);
    report(e);

    /* invalid frees, one per address class */
    static const struct {
        enum a8_addr_class c;
        uintptr_t a;
    } cls[] = {{A8_ADDR_STACK, 0x7ffc00001000},       {A8_ADDR_GLOBAL, 0x555500004010},
               {A8_ADDR_GLOBAL, 0x555500004020},      {A8_ADDR_MMAP, 0x7f0000001010},
               {A8_ADDR_HEAP_UNUSED, 0x603000000100}, {A8_ADDR_WILD, 0x1234}};
    for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
        e = fresh(A8_ERR_INVALID_FREE, cls[i].a, "free");
        site_other(&e->here, 0);
        e->here.pcs[0] -= i; /* distinct sites (still in site_other): no dedup */
        e->addr_class = cls[i].c;
        e->addr_thread = 2;
        if (i == 1)
            strcpy(e->symbol, "g_table");
        strcpy(e->module, "/usr/bin/prog");
        e->map_lo = 0x7f0000000000, e->map_hi = 0x7f0000010000;
        report(e);
    }
    e = fresh(A8_ERR_INVALID_FREE, BLOCK + 8, "free");
    with_block(e, 16, "malloc");
    e->addr_class = A8_ADDR_HEAP_BLOCK;
    report(e);

    e = fresh(A8_ERR_MISMATCH, BLOCK, "free");
    with_block(e, 40, "operator new[]");
    report(e);

    e = fresh(A8_ERR_SIZE_MISMATCH, BLOCK, "operator delete");
    with_block(e, 40, "operator new");
    e->size_arg = 32;
    report(e);

    e = fresh(A8_ERR_SIZE_TOO_BIG, 0, "malloc");
    e->size_arg = 1ull << 40;
    report(e);
    e = fresh(A8_ERR_CALLOC_OVERFLOW, 0, "calloc");
    e->nmemb_arg = 1ull << 33, e->size_arg = 1ull << 33;
    report(e);
    e = fresh(A8_ERR_BAD_ALIGNMENT, 0, "posix_memalign");
    e->align_arg = 24, e->size_arg = 100;
    report(e);
    e = fresh(A8_ERR_OUT_OF_MEMORY, 0, "malloc");
    e->size_arg = 1ull << 35;
    report(e);
    e = fresh(A8_ERR_OUT_OF_MEMORY, 0, "calloc"); /* once per process */
    site_other(&e->here, 0);
    report(e);

    e = fresh(A8_ERR_HEAP_OVERFLOW, BLOCK + 16, "free");
    e->here.n = 0; /* no stack at all */
    report(e);

    printf("count=%llu\n", (unsigned long long)a8_report_error_count());
    a8_report_exit_summary(0, 0);
}

static void mode_dedup(void)
{
    for (int i = 0; i < 3; i++)
        report(overflow());
    struct a8_error *e = overflow();
    site_other(&e->here, 0); /* another site: printed */
    report(e);
    e = fresh(A8_ERR_DOUBLE_FREE, BLOCK, "free");
    with_block(e, 24, "malloc");
    report(e);
    report(e);
    printf("count=%llu\n", (unsigned long long)a8_report_error_count());
    a8_report_exit_summary(100, 2);
}

/* Two threads report at once: the reports must not interleave. */
static void *reporter(void *arg)
{
    static __thread struct a8_error e;
    for (int i = 0; i < 40; i++) {
        memset(&e, 0, sizeof(e));
        e.kind = A8_ERR_DOUBLE_FREE;
        e.addr = BLOCK + 64 * (uintptr_t)i;
        e.tid = (uint32_t)(uintptr_t)arg;
        e.has_block = true, e.block = e.addr, e.block_size = 64;
        site_free(&e.here, e.tid);
        site_alloc(&e.alloc, 0);
        site_first_free(&e.freed, 0);
        a8_report_error(&e);
    }
    return NULL;
}

static void mode_threads(void)
{
    pthread_t t[4];
    for (uintptr_t i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, reporter, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("count=%llu\n", (unsigned long long)a8_report_error_count());
}

/* Strings that JSON must escape: quotes, backslash, control bytes, bytes
 * that are not UTF-8 (→ U+FFFD), and valid UTF-8 kept as it is. */
static void mode_escape(void)
{
    struct a8_error *e = fresh(A8_ERR_INVALID_FREE, 0x555500004010, "free");
    e->addr_class = A8_ADDR_GLOBAL;
    strcpy(e->symbol, "a\"b\\c\n\t\x01\x7f\xff\xc3(");
    strcpy(e->module, "/tmp/caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80.so");
    report(e);
}

/* Frame #0 in libc (a memset that ran into a guard page): the SUMMARY
 * names the first frame outside the runtime libraries. */
static void mode_libc(void)
{
    struct a8_error *e = overflow();
    memmove(&e->here.pcs[1], &e->here.pcs[0], sizeof(uintptr_t) * (size_t)e->here.n);
    e->here.pcs[0] = (uintptr_t)memchr + 8; /* a pc inside libc */
    e->here.n++;
    e->corrupt_len = e->nfound = 0;
    e->checked_at = "guard page";
    report(e);
}

static void at_exit(void) { printf("atexit ran\n"); }

int main(int argc, char **argv)
{
    a8_opt_defaults(&a8_opt);
    if (argc > 2 && a8_opt_parse(&a8_opt, argv[2], NULL) != 0)
        return 2;
    const char *mode = argc > 1 ? argv[1] : "overflow";
    if (!strcmp(mode, "overflow")) {
        report(overflow());
        a8_report_exit_summary(16, 1);
    } else if (!strcmp(mode, "kinds")) {
        mode_kinds();
    } else if (!strcmp(mode, "dedup")) {
        mode_dedup();
    } else if (!strcmp(mode, "libc")) {
        mode_libc();
    } else if (!strcmp(mode, "escape")) {
        mode_escape();
    } else if (!strcmp(mode, "threads")) {
        mode_threads();
    } else if (!strcmp(mode, "halt")) { /* halt_on_error / abort_on_error */
        atexit(at_exit);
        printf("pending output"); /* no newline: exit() must flush it */
        report(overflow());
        printf("not reached\n");
    } else {
        return 2;
    }
    return 0;
}
