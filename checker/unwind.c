/* unwind.c — alloc8's own x86-64 stack walker: see unwind.h for what it does
 * and when it gives up.
 *
 * How a pc's rule is found (once per pc, then cached)
 *   _dl_find_object(pc) gives the module's PT_GNU_EH_FRAME segment, i.e.
 *   .eh_frame_hdr: a table of (function start, FDE) sorted by start, binary
 *   searched.  The FDE and its CIE are parsed (DWARF 4 §6.4.1, the LSB's
 *   .eh_frame pointer encodings) and their call frame instructions run up to
 *   pc-1 — pc is a return address, the call instruction ends just before it.
 *   The resulting row is packed into one 64-bit word (struct rule below).
 *
 * The rule cache
 *   RULE_SLOTS entries {pc, rule word}, open addressing, insert-only: a slot's
 *   pc is claimed with a CAS from 0, its rule stored after with a release; a
 *   reader that finds the pc with a rule of 0 computes the rule itself.
 *   Entries carry the epoch they were computed in; entries of an older epoch
 *   are dead (skipped, never reused).  The table is never freed or cleared,
 *   so no reader can see it go away.  When it is full, or after EPOCH_MAX
 *   epochs, rules are computed each time (slower, still correct).
 *
 * Safety: every stack word read lies in [initial sp, stack_hi); .eh_frame
 * data is read where the dynamic linker says a loaded module has it. */
#include "unwind.h"

#include "core.h"

#include <dlfcn.h>
#include <string.h>

enum {
    RULE_BITS = 16,
    RULE_SLOTS = 1 << RULE_BITS,
    RULE_PROBES = 32,
    EPOCH_BITS = 10,
    EPOCH_MAX = (1 << EPOCH_BITS) - 1,
    STATE_STACK = 8,   /* DW_CFA_remember_state nesting */
    POPULATE_AT = 256, /* rules cached when the table is faulted in */
};

/* DWARF register numbers on x86-64 (System V psABI, figure 3.36). */
enum { REG_RBP = 6, REG_RSP = 7, REG_RA = 16 };

/* ---- the packed rule ---------------------------------------------------- */
/* bit 0        valid: 1 in every stored rule
 * bit 1        end: the return address is undefined (outermost frame)
 * bit 2        unsupported: this walker cannot step over the frame
 * bit 3        the CFA is rbp-based (else rsp-based)
 * bits 4..5    rbp: RBP_SAME, RBP_SAVED (at CFA + rbp_off) or RBP_UNDEF
 * bits 6..15   epoch
 * bits 16..31  rbp_off (int16)
 * bits 32..63  cfa_off (int32)
 * The return address is always at CFA-8 (other rules are unsupported). */
#define R_VALID (1ull << 0)
#define R_END (1ull << 1)
#define R_UNSUP (1ull << 2)
#define R_CFA_RBP (1ull << 3)
#define R_RBP_SHIFT 4
#define R_RBP_MASK 3ull
#define R_EPOCH_SHIFT 6
#define R_RBPOFF_SHIFT 16
#define R_CFAOFF_SHIFT 32

enum { RBP_SAME = 0, RBP_SAVED = 1, RBP_UNDEF = 2 };

static inline uint64_t rule_pack(bool end, bool unsup, bool cfa_rbp, int rbp_kind, int32_t rbp_off,
                                 int32_t cfa_off, uint32_t epoch)
{
    return R_VALID | (end ? R_END : 0) | (unsup ? R_UNSUP : 0) | (cfa_rbp ? R_CFA_RBP : 0) |
           ((uint64_t)rbp_kind << R_RBP_SHIFT) | ((uint64_t)(epoch & EPOCH_MAX) << R_EPOCH_SHIFT) |
           ((uint64_t)(uint16_t)(int16_t)rbp_off << R_RBPOFF_SHIFT) |
           ((uint64_t)(uint32_t)cfa_off << R_CFAOFF_SHIFT);
}
static inline uint32_t rule_epoch(uint64_t r) { return (uint32_t)(r >> R_EPOCH_SHIFT) & EPOCH_MAX; }
static inline int rule_rbp_kind(uint64_t r) { return (int)((r >> R_RBP_SHIFT) & R_RBP_MASK); }
static inline int32_t rule_rbp_off(uint64_t r) { return (int16_t)(uint16_t)(r >> R_RBPOFF_SHIFT); }
static inline int32_t rule_cfa_off(uint64_t r) { return (int32_t)(uint32_t)(r >> R_CFAOFF_SHIFT); }

struct rule_slot {
    uintptr_t pc;
    uint64_t rule;
};

static struct {
    struct rule_slot *tab; /* RULE_SLOTS entries, NULL before a8_unwind_init */
    uint32_t epoch;
    uint64_t rules, uncached, bailouts;
} g_unw;

void a8_unwind_init(void)
{
    if (g_unw.tab)
        return;
    struct rule_slot *t = a8_pages_map(RULE_SLOTS * sizeof(struct rule_slot));
    if (t)
        __atomic_store_n(&g_unw.tab, t, __ATOMIC_RELEASE);
}

uint32_t a8_unwind_epoch(void) { return __atomic_load_n(&g_unw.epoch, __ATOMIC_ACQUIRE); }

void a8_unwind_new_epoch(void)
{
    uint32_t e = __atomic_load_n(&g_unw.epoch, __ATOMIC_RELAXED);
    if (e < EPOCH_MAX)
        __atomic_store_n(&g_unw.epoch, e + 1, __ATOMIC_RELEASE);
}

void a8_unwind_stats(struct a8_unwind_stats *st)
{
    st->rules = __atomic_load_n(&g_unw.rules, __ATOMIC_RELAXED);
    st->uncached = __atomic_load_n(&g_unw.uncached, __ATOMIC_RELAXED);
    st->bailouts = __atomic_load_n(&g_unw.bailouts, __ATOMIC_RELAXED);
}

/* ---- .eh_frame parsing ---------------------------------------------------- */

/* Pointer encodings (LSB, "DWARF Exception Header Encoding"). */
enum {
    PE_ABSPTR = 0x00,
    PE_ULEB128 = 0x01,
    PE_UDATA2 = 0x02,
    PE_UDATA4 = 0x03,
    PE_UDATA8 = 0x04,
    PE_SLEB128 = 0x09,
    PE_SDATA2 = 0x0a,
    PE_SDATA4 = 0x0b,
    PE_SDATA8 = 0x0c,
    PE_PCREL = 0x10,
    PE_DATAREL = 0x30,
    PE_OMIT = 0xff,
};

struct cursor {
    const uint8_t *p, *end;
    bool bad;
};

static uint8_t rd_u8(struct cursor *c)
{
    if (c->p >= c->end) {
        c->bad = true;
        return 0;
    }
    return *c->p++;
}

static uint64_t rd_uleb(struct cursor *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
        uint8_t b = rd_u8(c);
        if (c->bad)
            return 0;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
            return v;
    }
}

static int64_t rd_sleb(struct cursor *c)
{
    int64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
        b = rd_u8(c);
        if (c->bad)
            return 0;
        if (shift < 64)
            v |= (int64_t)((uint64_t)(b & 0x7f) << shift);
        shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40))
        v |= -((int64_t)1 << shift);
    return v;
}

static uint64_t rd_fixed(struct cursor *c, unsigned n)
{
    if ((size_t)(c->end - c->p) < n) {
        c->bad = true;
        return 0;
    }
    uint64_t v = 0;
    memcpy(&v, c->p, n); /* little-endian */
    c->p += n;
    return v;
}

/* Reads a pointer in encoding `enc`; `datarel` is the .eh_frame_hdr base. */
static uintptr_t rd_enc(struct cursor *c, uint8_t enc, uintptr_t datarel)
{
    const uint8_t *at = c->p;
    uint64_t v;
    switch (enc & 0x0f) {
    case PE_ABSPTR:
        v = rd_fixed(c, 8);
        break;
    case PE_ULEB128:
        v = rd_uleb(c);
        break;
    case PE_UDATA2:
        v = rd_fixed(c, 2);
        break;
    case PE_UDATA4:
        v = rd_fixed(c, 4);
        break;
    case PE_UDATA8:
        v = rd_fixed(c, 8);
        break;
    case PE_SLEB128:
        v = (uint64_t)rd_sleb(c);
        break;
    case PE_SDATA2:
        v = (uint64_t)(int64_t)(int16_t)rd_fixed(c, 2);
        break;
    case PE_SDATA4:
        v = (uint64_t)(int64_t)(int32_t)rd_fixed(c, 4);
        break;
    case PE_SDATA8:
        v = rd_fixed(c, 8);
        break;
    default:
        c->bad = true;
        return 0;
    }
    switch (enc & 0x70) {
    case 0x00:
        break;
    case PE_PCREL:
        v += (uintptr_t)at;
        break;
    case PE_DATAREL:
        v += datarel;
        break;
    default:
        c->bad = true;
        return 0; /* textrel, funcrel, aligned: not on x86-64 */
    }
    if (enc & 0x80) /* indirect */
        c->bad = true;
    return (uintptr_t)v;
}

/* Length of a value in encoding `enc` without reading it (for pc_range). */
static uintptr_t rd_enc_value(struct cursor *c, uint8_t enc)
{
    return rd_enc(c, (uint8_t)(enc & 0x0f), 0);
}

struct row {
    int cfa_reg; /* REG_RSP, REG_RBP, or -1: something else (unsupported) */
    int64_t cfa_off;
    int rbp_kind; /* RBP_*, or -1: unsupported */
    int64_t rbp_off;
    int ra_kind; /* 0 offset, 1 undefined, -1 unsupported, -2 not set */
    int64_t ra_off;
};

struct cie {
    uint64_t code_align;
    int64_t data_align;
    uint64_t ra_reg;
    uint8_t fde_enc;
    bool has_z, signal;
    const uint8_t *insns, *end;
};

static bool parse_cie(const uint8_t *p, uintptr_t datarel, struct cie *ci)
{
    uint32_t len;
    memcpy(&len, p, 4);
    if (len == 0 || len == 0xffffffffu)
        return false; /* terminator, or 64-bit DWARF (not in .eh_frame here) */
    struct cursor c = {p + 4, p + 4 + len, false};
    if (rd_fixed(&c, 4) != 0)
        return false; /* not a CIE */
    uint8_t version = rd_u8(&c);
    if (version != 1 && version != 3)
        return false;
    const char *aug = (const char *)c.p;
    size_t augn = strnlen(aug, (size_t)(c.end - c.p));
    c.p += augn + 1;
    ci->code_align = rd_uleb(&c);
    ci->data_align = rd_sleb(&c);
    ci->ra_reg = version == 1 ? rd_u8(&c) : rd_uleb(&c);
    ci->fde_enc = PE_ABSPTR;
    ci->has_z = false;
    ci->signal = false;
    const uint8_t *aug_end = NULL;
    for (size_t i = 0; i < augn && !c.bad; i++) {
        switch (aug[i]) {
        case 'z': {
            ci->has_z = true;
            uint64_t n = rd_uleb(&c);
            if (n > (uint64_t)(c.end - c.p))
                return false;
            aug_end = c.p + n;
            break;
        }
        case 'R':
            ci->fde_enc = rd_u8(&c);
            break;
        case 'L':
            rd_u8(&c);
            break;
        case 'P': {
            uint8_t enc = rd_u8(&c);
            rd_enc(&c, (uint8_t)(enc & 0x7f), datarel); /* personality: skipped */
            break;
        }
        case 'S':
            ci->signal = true;
            break;
        default:
            /* Unknown augmentation: its data is skippable only with 'z'. */
            if (!aug_end)
                return false;
            c.p = aug_end;
            i = augn;
            break;
        }
    }
    if (aug_end)
        c.p = aug_end;
    if (c.bad)
        return false;
    ci->insns = c.p;
    ci->end = c.end;
    return true;
}

/* Runs call frame instructions [p, end) from location `loc`, stopping before
 * the first row that starts after `target`.  `init` is the CIE's row (for
 * DW_CFA_restore).  Returns false on malformed data. */
static bool run_cfa(const uint8_t *p, const uint8_t *end, const struct cie *ci, uintptr_t loc,
                    uintptr_t target, uintptr_t datarel, struct row *r, const struct row *init)
{
    struct row saved[STATE_STACK];
    int nsaved = 0;
    struct cursor c = {p, end, false};
    while (c.p < c.end && !c.bad) {
        uint8_t op = rd_u8(&c);
        uint64_t reg = 0, delta = 0;
        int64_t off = 0;
        switch (op & 0xc0) {
        case 0x40: /* DW_CFA_advance_loc */
            delta = (uint64_t)(op & 0x3f) * ci->code_align;
            goto advance;
        case 0x80: /* DW_CFA_offset */
            reg = op & 0x3f;
            off = (int64_t)rd_uleb(&c) * ci->data_align;
            goto set_offset;
        case 0xc0: /* DW_CFA_restore */
            reg = op & 0x3f;
            goto restore;
        default:
            break;
        }
        switch (op) {
        case 0x00:
            continue; /* nop */
        case 0x01:    /* set_loc */
        {
            uintptr_t nl = rd_enc(&c, ci->fde_enc, datarel);
            if (nl > target)
                return !c.bad;
            loc = nl;
            continue;
        }
        case 0x02:
            delta = rd_fixed(&c, 1) * ci->code_align;
            goto advance;
        case 0x03:
            delta = rd_fixed(&c, 2) * ci->code_align;
            goto advance;
        case 0x04:
            delta = rd_fixed(&c, 4) * ci->code_align;
            goto advance;
        case 0x05: /* offset_extended */
            reg = rd_uleb(&c);
            off = (int64_t)rd_uleb(&c) * ci->data_align;
            goto set_offset;
        case 0x06:
            reg = rd_uleb(&c);
            goto restore;
        case 0x07: /* undefined */
            reg = rd_uleb(&c);
            if (reg == REG_RBP)
                r->rbp_kind = RBP_UNDEF;
            else if (reg == REG_RA)
                r->ra_kind = 1;
            continue;
        case 0x08: /* same_value */
            reg = rd_uleb(&c);
            if (reg == REG_RBP)
                r->rbp_kind = RBP_SAME;
            else if (reg == REG_RA)
                r->ra_kind = -1;
            continue;
        case 0x09: /* register */
            reg = rd_uleb(&c);
            rd_uleb(&c);
            if (reg == REG_RBP)
                r->rbp_kind = -1;
            else if (reg == REG_RA)
                r->ra_kind = -1;
            continue;
        case 0x0a: /* remember_state */
            if (nsaved == STATE_STACK)
                return false;
            saved[nsaved++] = *r;
            continue;
        case 0x0b: /* restore_state: the whole row, CFA included, as libgcc */
            if (nsaved == 0)
                return false;
            *r = saved[--nsaved];
            continue;
        case 0x0c: /* def_cfa */
            reg = rd_uleb(&c);
            r->cfa_reg = (reg == REG_RSP || reg == REG_RBP) ? (int)reg : -1;
            r->cfa_off = (int64_t)rd_uleb(&c);
            continue;
        case 0x0d: /* def_cfa_register */
            reg = rd_uleb(&c);
            r->cfa_reg = (reg == REG_RSP || reg == REG_RBP) ? (int)reg : -1;
            continue;
        case 0x0e:
            r->cfa_off = (int64_t)rd_uleb(&c);
            continue;
        case 0x0f: /* def_cfa_expression */
        {
            uint64_t n = rd_uleb(&c);
            if (n > (uint64_t)(c.end - c.p))
                return false;
            c.p += n;
            r->cfa_reg = -1;
            continue;
        }
        case 0x10: /* expression */
        case 0x16: /* val_expression */
        {
            reg = rd_uleb(&c);
            uint64_t n = rd_uleb(&c);
            if (n > (uint64_t)(c.end - c.p))
                return false;
            c.p += n;
            if (reg == REG_RBP)
                r->rbp_kind = -1;
            else if (reg == REG_RA)
                r->ra_kind = -1;
            continue;
        }
        case 0x11: /* offset_extended_sf */
            reg = rd_uleb(&c);
            off = rd_sleb(&c) * ci->data_align;
            goto set_offset;
        case 0x12: /* def_cfa_sf */
            reg = rd_uleb(&c);
            r->cfa_reg = (reg == REG_RSP || reg == REG_RBP) ? (int)reg : -1;
            r->cfa_off = rd_sleb(&c) * ci->data_align;
            continue;
        case 0x13:
            r->cfa_off = rd_sleb(&c) * ci->data_align;
            continue;
        case 0x14: /* val_offset */
        case 0x15: /* val_offset_sf */
            reg = rd_uleb(&c);
            if (op == 0x14)
                rd_uleb(&c);
            else
                rd_sleb(&c);
            if (reg == REG_RBP)
                r->rbp_kind = -1;
            else if (reg == REG_RA)
                r->ra_kind = -1;
            continue;
        case 0x2e:
            rd_uleb(&c);
            continue; /* GNU_args_size */
        case 0x2f:    /* GNU_negative_offset_extended */
            reg = rd_uleb(&c);
            off = -(int64_t)rd_uleb(&c) * ci->data_align;
            goto set_offset;
        default:
            return false; /* unknown opcode: cannot go on */
        }
    advance:
        if (loc + delta > target)
            return !c.bad;
        loc += delta;
        continue;
    set_offset:
        if (reg == REG_RBP) {
            r->rbp_kind = RBP_SAVED;
            r->rbp_off = off;
        } else if (reg == REG_RA) {
            r->ra_kind = 0;
            r->ra_off = off;
        }
        continue;
    restore:
        if (reg == REG_RBP) {
            r->rbp_kind = init->rbp_kind;
            r->rbp_off = init->rbp_off;
        } else if (reg == REG_RA) {
            r->ra_kind = init->ra_kind;
            r->ra_off = init->ra_off;
        }
        continue;
    }
    return !c.bad;
}

/* Binary search of .eh_frame_hdr for the FDE covering pc.  NULL if none. */
static const uint8_t *find_fde(const uint8_t *hdr, uintptr_t pc)
{
    if (hdr[0] != 1)
        return NULL;
    uint8_t ptr_enc = hdr[1], count_enc = hdr[2], table_enc = hdr[3];
    /* The table as every linker writes it: datarel sdata4 pairs. */
    if (table_enc != (PE_DATAREL | PE_SDATA4) || count_enc == PE_OMIT)
        return NULL;
    struct cursor c = {hdr + 4, hdr + 4 + 16, false};
    rd_enc(&c, ptr_enc, (uintptr_t)hdr);
    uintptr_t count = rd_enc(&c, count_enc, (uintptr_t)hdr);
    if (c.bad || count == 0)
        return NULL;
    const int32_t *tab = (const int32_t *)(const void *)c.p;
    uintptr_t base = (uintptr_t)hdr;
    size_t lo = 0, hi = count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (base + (intptr_t)tab[2 * mid] <= pc)
            lo = mid;
        else
            hi = mid;
    }
    if (base + (intptr_t)tab[2 * lo] > pc)
        return NULL;
    return (const uint8_t *)(base + (intptr_t)tab[2 * lo + 1]);
}

/* The rule of return address `pc`, computed from .eh_frame (epoch stamped). */
static uint64_t compute_rule(uintptr_t pc, uint32_t epoch)
{
    const uint64_t unsup = rule_pack(false, true, false, 0, 0, 0, epoch);
    struct dl_find_object dlfo;
    if (_dl_find_object((void *)(pc - 1), &dlfo) != 0 || !dlfo.dlfo_eh_frame)
        return unsup;
    uintptr_t hdr = (uintptr_t)dlfo.dlfo_eh_frame;
    const uint8_t *fde = find_fde(dlfo.dlfo_eh_frame, pc - 1);
    if (!fde)
        return unsup;
    uint32_t len, cie_ptr;
    memcpy(&len, fde, 4);
    if (len == 0 || len == 0xffffffffu)
        return unsup;
    memcpy(&cie_ptr, fde + 4, 4);
    if (cie_ptr == 0)
        return unsup; /* a CIE, not an FDE */
    struct cie ci;
    if (!parse_cie(fde + 4 - cie_ptr, hdr, &ci) || ci.signal || ci.ra_reg != REG_RA)
        return unsup;
    struct cursor c = {fde + 8, fde + 4 + len, false};
    uintptr_t start = rd_enc(&c, ci.fde_enc, hdr);
    uintptr_t range = rd_enc_value(&c, ci.fde_enc);
    if (ci.has_z) {
        uint64_t n = rd_uleb(&c);
        c.p += n;
    }
    if (c.bad || c.p > c.end || pc - 1 < start || pc - 1 >= start + range)
        return unsup;
    struct row init = {REG_RSP, 8, RBP_SAME, 0, -2, 0};
    if (!run_cfa(ci.insns, ci.end, &ci, start, UINTPTR_MAX, hdr, &init, &init))
        return unsup;
    struct row r = init;
    if (!run_cfa(c.p, c.end, &ci, start, pc - 1, hdr, &r, &init))
        return unsup;
    if (r.ra_kind == 1)
        return rule_pack(true, false, false, 0, 0, 0, epoch);
    if (r.cfa_reg < 0 || r.ra_kind != 0 || r.ra_off != -8 || r.rbp_kind < 0 ||
        r.cfa_off < INT32_MIN || r.cfa_off > INT32_MAX ||
        (r.rbp_kind == RBP_SAVED && (r.rbp_off < INT16_MIN || r.rbp_off > INT16_MAX)))
        return unsup;
    return rule_pack(false, false, r.cfa_reg == REG_RBP, r.rbp_kind, (int32_t)r.rbp_off,
                     (int32_t)r.cfa_off, epoch);
}

static inline uint32_t pc_hash(uintptr_t pc)
{
    return (uint32_t)((pc * 0x9e3779b97f4a7c15ull) >> (64 - RULE_BITS));
}

static uint64_t lookup_rule(uintptr_t pc, uint32_t epoch)
{
    struct rule_slot *tab = __atomic_load_n(&g_unw.tab, __ATOMIC_ACQUIRE);
    if (tab && epoch < EPOCH_MAX) {
        uint32_t h = pc_hash(pc);
        for (int i = 0; i < RULE_PROBES; i++) {
            struct rule_slot *s = &tab[(h + (uint32_t)i) & (RULE_SLOTS - 1)];
            uintptr_t spc = __atomic_load_n(&s->pc, __ATOMIC_ACQUIRE);
            if (spc == pc) {
                uint64_t r = __atomic_load_n(&s->rule, __ATOMIC_ACQUIRE);
                if (r && rule_epoch(r) == epoch)
                    return r;
                if (r)
                    continue; /* dead: an older epoch's */
                break;        /* being filled in by another thread */
            }
            if (spc != 0)
                continue;
            uint64_t r = compute_rule(pc, epoch);
            uintptr_t expected = 0;
            if (__atomic_compare_exchange_n(&s->pc, &expected, pc, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE)) {
                __atomic_store_n(&s->rule, r, __ATOMIC_RELEASE);
                /* As the depot's buckets (depot.c): past a few rules, the
                 * table's pages are all wanted soon. */
                if (__atomic_add_fetch(&g_unw.rules, 1, __ATOMIC_RELAXED) == POPULATE_AT)
                    a8_pages_populate(tab, RULE_SLOTS * sizeof(struct rule_slot));
                return r;
            }
            if (expected == pc)
                return r; /* another thread is caching the same pc */
        }
    }
    __atomic_add_fetch(&g_unw.uncached, 1, __ATOMIC_RELAXED);
    return compute_rule(pc, epoch);
}

/* ---- the walk -------------------------------------------------------------- */

static inline bool fp_add(struct a8_unw_footprint *fp, uint32_t off, uintptr_t val)
{
    if (!fp)
        return true;
    if (fp->n < A8_UNW_MAX_READS) {
        fp->off[fp->n] = off;
        fp->val[fp->n] = val;
    }
    fp->n++;
    return true;
}

/* pc is glibc's signal return trampoline (mov $15, %rax; syscall), in a
 * loaded module's text (so its bytes may be read). */
static bool sigreturn_at(uintptr_t pc)
{
    static const uint8_t code[] = {0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05};
    struct dl_find_object dlfo;
    if (_dl_find_object((void *)pc, &dlfo) != 0 || pc + sizeof code > (uintptr_t)dlfo.dlfo_map_end)
        return false;
    return memcmp((const void *)pc, code, sizeof code) == 0;
}

static int walk(uintptr_t pc, uintptr_t sp, uintptr_t rbp, uintptr_t stack_hi, uintptr_t *pcs,
                int max, bool (*leading)(uintptr_t pc), int lead_max, struct a8_unw_footprint *fp,
                bool partial)
{
    if (fp)
        fp->n = 0;
    const uintptr_t sp0 = sp;
    const uint32_t epoch = a8_unwind_epoch();
    /* Where the current rbp came from: the initial register (rbp_src ==
     * A8_UNW_READ_RBP), a stack word (its offset from sp0), or nowhere known
     * (rbp_ok false).  It joins the footprint only when a CFA uses it. */
    uint32_t rbp_src = A8_UNW_READ_RBP;
    bool rbp_ok = true;
    int n = 0;
    if (sp < 8 || stack_hi <= sp)
        goto bail;
    while (n < max) {
        if (leading) { /* still in the leading frames: they do not count */
            if (lead_max > 0 && leading(pc)) {
                max++;
                lead_max--;
            } else {
                leading = NULL;
            }
        }
        pcs[n++] = pc;
        uint64_t r = lookup_rule(pc, epoch);
        if (r & R_UNSUP)
            goto bail;
        if (r & R_END)
            break;
        uintptr_t cfa;
        if (r & R_CFA_RBP) {
            if (!rbp_ok)
                goto bail;
            fp_add(fp, rbp_src, rbp);
            cfa = rbp + (uintptr_t)(intptr_t)rule_cfa_off(r);
        } else {
            cfa = sp + (uintptr_t)(intptr_t)rule_cfa_off(r);
        }
        /* The return address at CFA-8 must lie in [sp0, stack_hi), and the
         * stack must grow towards its top (no loops). */
        if (cfa <= sp || cfa - 8 < sp0 || cfa > stack_hi)
            goto bail;
        uintptr_t ra = *(const uintptr_t *)(cfa - 8);
        fp_add(fp, (uint32_t)(cfa - 8 - sp0), ra);
        switch (rule_rbp_kind(r)) {
        case RBP_SAVED: {
            uintptr_t at = cfa + (uintptr_t)(intptr_t)rule_rbp_off(r);
            if (at < sp0 || at + 8 > stack_hi)
                goto bail;
            rbp = *(const uintptr_t *)at;
            rbp_src = (uint32_t)(at - sp0);
            rbp_ok = true;
            break;
        }
        case RBP_UNDEF:
            rbp_ok = false;
            break;
        default:
            break;
        }
        if (cfa - sp0 >= UINT32_MAX)
            goto bail;
        sp = cfa;
        pc = ra;
        if (pc == 0)
            break;
    }
    return n;
bail:
    __atomic_add_fetch(&g_unw.bailouts, 1, __ATOMIC_RELAXED);
    /* A partial walk is for a caller with no libunwind to ask: a static
     * program (glibc's backtrace() there runs libgcc's unwinder, which takes
     * its frame-registry lock: inside a malloc or free that libgcc itself
     * makes under that lock, it would wait for ever), or a capture before
     * alloc8's constructor has loaded libunwind (stack.c early_capture).
     * The stack ends at the frame this walker cannot step past, unless that
     * is a signal frame: the guard-page handler's reports need the frames
     * under it, and run outside any malloc. */
    if (partial && n > 0 && !sigreturn_at(pc))
        return n;
    return -1;
}

int a8_unwind_walk(uintptr_t pc, uintptr_t sp, uintptr_t rbp, uintptr_t stack_hi, uintptr_t *pcs,
                   int max, bool (*leading)(uintptr_t pc), int lead_max,
                   struct a8_unw_footprint *fp)
{
    return walk(pc, sp, rbp, stack_hi, pcs, max, leading, lead_max, fp, A8_STATIC);
}

int a8_unwind_walk_partial(uintptr_t pc, uintptr_t sp, uintptr_t rbp, uintptr_t stack_hi,
                           uintptr_t *pcs, int max, bool (*leading)(uintptr_t pc), int lead_max)
{
    return walk(pc, sp, rbp, stack_hi, pcs, max, leading, lead_max, NULL, true);
}
