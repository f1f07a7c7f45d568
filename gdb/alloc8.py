# alloc8.py — inspect alloc8's checker heap from gdb (DESIGN.md §2: "gdb/
# Python over the same in-memory layout").
#
#   (gdb) source /path/to/alloc8/gdb/alloc8.py
#   (gdb) alloc8 block ADDR | alloc8 heap | alloc8 blocks | alloc8 options | alloc8 leaks
#
# Everything but `alloc8 leaks` reads memory only, through the debug info of
# liballoc8.so (built -g): g_heap (checker/heap.c), g_depot (checker/depot.c),
# a8_opt (core/options.c), g_names (core/calls.c), g_int (core/intalloc.c).
# So it works on a live process, on one stopped anywhere, and on a core file.
#
# What is mirrored from the C code, and where (grep the tag to find every
# reader when the C side changes):
#   - the span table encoding SP_* and slot_of()          checker/heap.c
#   - bh_checksum() and the bh_* header fields             checker/heap.c, checker.h
#   - the depot's id → node arithmetic (a8_depot_get)      checker/depot.c
# Field offsets, array lengths (ARENAS, NCLASS) and option names come from the
# debug info, so those may change freely; the macros below may not (macros
# are not in -g debug info).
import re
import struct

import gdb

# ---- constants mirrored from C (macros: not in the debug info) ----------------
SPAN_SHIFT = 16               # heap.c SPAN_SHIFT
SPAN_BYTES = 1 << SPAN_SHIFT
PAGE = 4096                   # heap.c PAGE
SP_LARGE = 0xFF               # heap.c SP_LARGE
SP_CONT = 0x80000000          # heap.c SP_CONT
A8_BH_SIZE = 80               # checker.h A8_BH_SIZE
A8_BH_MAGIC = 0xA110C8B1      # checker.h A8_BH_MAGIC
ALLOC8_F_ALIGNED = 0x2        # alloc8.h
BF_LARGE, BF_TAILPROT, BF_GUARDED = 0x01, 0x08, 0x10  # checker.h A8_BF_*
BF_PROTECTED, BF_OPENED, BF_REPORTED = 0x20, 0x40, 0x80
REDZONE_BYTE = 0xFB           # checker.h A8_REDZONE_BYTE
BH_FLAGS = ((0x02, "aligned"), (0x04, "free-ok"), (0x10, "guarded"), (0x20, "protected"),
            (0x40, "guard-opened"), (0x80, "uaf-reported"))
STATES = {0: "none", 1: "live", 2: "quarantined", 3: "free"}
DEPOT_CHUNK_SHIFT = 20        # depot.c CHUNK_SHIFT
DEPOT_UNIT_SHIFT = 3          # depot.c UNIT_SHIFT
DEPOT_READY = 2               # depot.c STATE_READY
STACK_MAX_DEPTH = 256         # stack.h A8_STACK_MAX_DEPTH
# Runtime modules skipped when naming a block's "site" (as reports/report.c).
RUNTIME_MODULES = ("libc.so", "libc-", "ld-linux", "libstdc++.so", "libgcc_s.so",
                   "libm.so", "libpthread.so", "liballoc8")


class Alloc8Error(gdb.GdbError):
    pass


# ---- finding alloc8's state ------------------------------------------------------

def _static(name, file_suffix):
    """The value of static `name` defined in a file ending with file_suffix,
    preferring one in an alloc8 library."""
    cands = []
    finder = getattr(gdb, "lookup_static_symbols", None)
    if finder:
        cands = [s for s in finder(name)
                 if s.symtab and s.symtab.filename.endswith(file_suffix)]
    else:  # gdb < 10
        s = gdb.lookup_static_symbol(name)
        if s:
            cands = [s]
    if not cands:
        return None
    cands.sort(key=lambda s: "alloc8" not in (s.symtab.objfile.filename or ""))
    return cands[0].value()


def _global(name):
    s = gdb.lookup_global_symbol(name)
    if s is not None:
        return s.value()
    try:
        return gdb.parse_and_eval(name)
    except gdb.error:
        return None


def _need(name, file_suffix):
    v = _static(name, file_suffix)
    if v is None:
        raise Alloc8Error(
            "alloc8: cannot find %s (%s) in the debug info: is liballoc8.so (built with -g) "
            "loaded in this process?  (`info sharedlibrary`)" % (name, file_suffix))
    return v


def _inferior():
    inf = gdb.selected_inferior()
    if inf is None or inf.pid == 0 and not _is_core():
        raise Alloc8Error("alloc8: no process or core file")
    return inf


def _is_core():
    inf = gdb.selected_inferior()
    conn = getattr(inf, "connection", None)
    if conn is not None:
        return conn.type == "core"
    try:
        return "core dump" in gdb.execute("info target", to_string=True)
    except gdb.error:
        return False


def _is_live():
    inf = gdb.selected_inferior()
    return inf is not None and inf.pid != 0 and not _is_core()


def _read(addr, n):
    try:
        return bytes(_inferior().read_memory(addr, n))
    except gdb.MemoryError:
        return None


def _u(v):
    return int(v) & 0xFFFFFFFFFFFFFFFF


_restore_noted = [False]


def _call(expr):
    """Run the inferior call expr and return its value as an int; None when
    the call ran but gdb could not put the thread's registers back after it
    ("Couldn't write extended state status": gdb 13 on a CPU with AMX tiles
    cannot write the kernel's extended state back, for any call), so its
    value is lost.  The general registers are back; the vector registers
    may hold what the call left there: say so once."""
    try:
        return int(gdb.parse_and_eval(expr))
    except gdb.error as e:
        if "extended state" not in str(e):
            raise
        if not _restore_noted[0]:
            _restore_noted[0] = True
            gdb.write("alloc8: gdb could not restore the thread's registers after calling "
                      "into the process (%s); the call ran, its return value is lost, and "
                      "its vector registers may hold what the call left\n" % str(e).rstrip("."))
        return None


# ---- the block header ---------------------------------------------------------------

class Header(object):
    """One struct a8_bh, decoded from raw bytes with offsets from the debug
    info (so fields may move without touching this file)."""
    _layout = None

    @classmethod
    def layout(cls):
        if cls._layout is None:
            t = gdb.lookup_type("struct a8_bh")
            fields = []
            for f in t.fields():
                size = f.type.strip_typedefs().sizeof
                code = {1: "B", 2: "H", 4: "I", 8: "Q"}.get(size)
                if code:
                    fields.append((f.name, f.bitpos // 8, code))
            cls._layout = (fields, t.sizeof)
        return cls._layout

    def __init__(self, addr, raw):
        self.addr = addr
        self.raw = raw
        fields, _ = self.layout()
        for name, off, code in fields:
            setattr(self, name, struct.unpack_from("<" + code, raw, off)[0])

    @classmethod
    def at(cls, addr):
        _, size = cls.layout()
        raw = _read(addr, size)
        return cls(addr, raw) if raw is not None else None

    @property
    def ok_magic(self):
        return self.bh_magic == A8_BH_MAGIC

    def checksum(self):
        """heap.c bh_checksum(): four multiplicative lanes over the 32-bit
        words before bh_csum (word i to lane i % 4), xored at rotations
        0, 8, 16, 24."""
        fields, _ = self.layout()
        end = dict((n, o) for n, o, _ in fields)["bh_csum"]
        lanes = [0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344]
        for i, (w,) in enumerate(struct.iter_unpack("<I", self.raw[:end - end % 16])):
            lanes[i % 4] = ((lanes[i % 4] ^ w) * 0x9E3779B1) & 0xFFFFFFFF
        c = 0
        for i, x in enumerate(lanes):
            r = 8 * i
            c ^= ((x << r) | (x >> (32 - r))) & 0xFFFFFFFF
        return c

    @property
    def intact(self):
        return self.ok_magic and self.checksum() == self.bh_csum

    @property
    def user(self):
        return self.bh_base + self.bh_user_off

    @property
    def state(self):
        return STATES.get(self.bh_state, "state %d" % self.bh_state)

    def flag_names(self):
        return [n for bit, n in BH_FLAGS if self.bh_flags & bit]

    def alloc_call(self):
        return call_name(self.bh_alloc_call, self.bh_flags)

    def free_call(self):
        return call_name(self.bh_free_call, 0) if self.bh_state >= 2 else None


_call_names = None


def call_name(call, flags):
    """core/calls.c a8_call_name() + heap.c call_name() ("aligned " prefix)."""
    global _call_names
    if _call_names is None:
        names = []
        tab = _static("g_names", "calls.c")
        if tab is not None:
            lo, hi = tab.type.range()
            for i in range(lo, hi + 1):
                p = tab[i]
                names.append(p.string() if int(p) else None)
        else:  # no calls.c debug info: the enumerator names will do
            try:
                for f in gdb.lookup_type("enum alloc8_call").fields():
                    names.append(f.name[len("ALLOC8_CALL_"):].lower())
            except gdb.error:
                pass
        _call_names = names
    name = _call_names[call] if call < len(_call_names) and _call_names[call] else "?"
    if flags & ALLOC8_F_ALIGNED and name.startswith("operator "):
        name = "aligned " + name
    return name


# ---- the heap: g_heap and slot_of() -------------------------------------------------

class Heap(object):
    """A snapshot of g_heap's geometry, read once per command."""

    def __init__(self):
        g = _need("g_heap", "heap.c")
        self.g = g
        self.region = _u(g["region"])
        if not self.region:
            raise Alloc8Error("alloc8: the checker heap is not initialised (g_heap.region is "
                              "NULL): fast mode, or stopped before alloc8's constructor ran")
        self.region_bytes = int(g["region_bytes"])
        self.span_next = int(g["span_next"])
        ss = g["slot_size"]
        lo, hi = ss.type.range()
        self.slot_size = [int(ss[i]) for i in range(lo, hi + 1)]
        self.nclass = int(g["nclass"])
        self.gfirst = int(g["gfirst"])
        self.gbelow = bool(int(g["gbelow"]))  # guard_below: the guard page first
        self.narenas = g["arenas"].type.range()[1] + 1
        raw = _read(_u(g["span_tab"]), 4 * self.span_next) if self.span_next else b""
        if raw is None:
            raise Alloc8Error("alloc8: cannot read the span table at 0x%x" % _u(g["span_tab"]))
        self.span_tab = list(struct.unpack("<%dI" % self.span_next, raw))

    # heap.c cls_guarded / gslot_bytes / gnslots
    def guarded(self, c):
        return bool(self.gfirst) and c != SP_LARGE and c >= self.gfirst

    def gslot_bytes(self, c):
        return self.slot_size[c] + PAGE

    def gnslots(self, c):
        return (SPAN_BYTES - PAGE) // self.gslot_bytes(c)

    def gslot_guard(self, span, c, i):
        """heap.c gslot_guard: slot i's guard page, after its rw pages or before."""
        start = span + PAGE + i * self.gslot_bytes(c)
        return start if self.gbelow else start + self.slot_size[c]

    def bh_guard(self, h):
        """heap.c bh_guard: a guarded block's guard page."""
        return h.bh_base - PAGE if self.gbelow else h.bh_base + h.bh_slot_size

    def in_region(self, p):
        return 0 <= p - self.region < self.region_bytes

    def span_entry(self, p):
        """(head span index, its entry) for p, or (None, 0)."""
        if not self.in_region(p):
            return None, 0
        idx = (p - self.region) >> SPAN_SHIFT
        if idx >= self.span_next:
            return None, 0
        e = self.span_tab[idx]
        if e & SP_CONT:
            idx -= e & ~SP_CONT & 0xFFFFFFFF
            e = self.span_tab[idx]
        return (idx, e) if e else (None, 0)

    def slot_of(self, p):
        """heap.c slot_of(): (header address, span entry) or (None, entry)."""
        idx, e = self.span_entry(p)
        if idx is None:
            return None, 0
        span = self.region + (idx << SPAN_SHIFT)
        c = e & 0xFF
        if c == SP_LARGE:
            return span, e
        if self.guarded(c):
            if p < span + PAGE:
                return None, e  # the header page
            i = (p - span - PAGE) // self.gslot_bytes(c)
            return (span + i * A8_BH_SIZE if i < self.gnslots(c) else None), e
        sz = self.slot_size[c]
        slot = span + ((p - span) // sz) * sz
        if slot + sz > span + SPAN_BYTES:
            return None, e  # the unused tail of the span
        return slot, e

    def class_desc(self, e):
        c = e & 0xFF
        if c == SP_LARGE:
            return "large run"
        if self.guarded(c):
            if self.gbelow:
                return "guarded class %d (guard page + %d rw pages)" % (c, self.slot_size[c] // PAGE)
            return "guarded class %d (%d rw pages + guard page)" % (c, self.slot_size[c] // PAGE)
        return "class %d (%d-byte slots)" % (c, self.slot_size[c])

    def each_block(self):
        """Every header with the magic, in every used span (like
        a8_checker_each_live, any state).  Yields Header objects."""
        hsize = Header.layout()[1]
        for idx in range(self.span_next):
            e = self.span_tab[idx]
            if not e or e & SP_CONT:
                continue
            span = self.region + (idx << SPAN_SHIFT)
            c = e & 0xFF
            if c == SP_LARGE:
                step, n, nbytes = 0, 1, hsize
            elif self.guarded(c):
                step, n = A8_BH_SIZE, self.gnslots(c)
                nbytes = n * A8_BH_SIZE
            else:
                step = self.slot_size[c]
                n = SPAN_BYTES // step
                nbytes = SPAN_BYTES
            raw = _read(span, nbytes)
            if raw is None:  # e.g. a core file without this span
                continue
            for s in range(n):
                off = s * step
                if struct.unpack_from("<I", raw, off)[0] != A8_BH_MAGIC:
                    continue
                yield Header(span + off, raw[off:off + hsize])


# ---- stacks: the depot and gdb's own symbolization ------------------------------------

def depot_get(sid):
    """checker/depot.c a8_depot_get(), from memory: a list of pcs.  Needs
    depot.c's debug info (it is in liballoc8.so); without it no stacks."""
    if not sid:
        return []
    d = _static("g_depot", "depot.c")
    if d is None or int(d["state"]) != DEPOT_READY:
        return []
    off = (sid - 1) << DEPOT_UNIT_SHIFT
    ci = off >> DEPOT_CHUNK_SHIFT
    node_t = d["buckets"].type.target().target()  # struct node (depot.c's own)
    if ci >= int(d["nchunks"]) or off + node_t.sizeof > int(d["cursor"]):
        return []
    try:
        chunk = _u(d["chunks"][ci])
        if not chunk:
            return []
        addr = chunk + (off & ((1 << DEPOT_CHUNK_SHIFT) - 1))
        nd = gdb.Value(addr).cast(node_t.pointer()).dereference()
        n = int(nd["n"])
        if int(nd["id"]) != sid or n == 0 or n > STACK_MAX_DEPTH:
            return []  # a made-up id (smashed header): the node names itself
        raw = _read(addr + node_t.sizeof, 8 * n)
    except gdb.MemoryError:
        return []
    return list(struct.unpack("<%dQ" % n, raw)) if raw else []


def _module_of(pc):
    name = gdb.solib_name(pc)
    if name:
        return name
    return gdb.current_progspace().filename


def symbolize(pc):
    """(function, file, line, module) for a return address (looked up at pc-1)."""
    look = pc - 1 if pc else pc
    func = fname = None
    line = 0
    try:
        sal = gdb.find_pc_line(look)
        if sal.symtab is not None and sal.line:
            fname = sal.symtab.fullname() or sal.symtab.filename
            line = sal.line
    except gdb.error:
        pass
    try:
        b = gdb.block_for_pc(look)
        while b is not None and b.function is None:
            b = b.superblock
        if b is not None:
            func = b.function.print_name
    except (gdb.error, RuntimeError):
        pass
    if func is None:  # no debug info: the minimal symbol
        try:
            out = gdb.execute("info symbol 0x%x" % look, to_string=True)
            m = re.match(r"(\S+)(?: \+ \d+)? in section", out)
            if m:
                func = m.group(1)
        except gdb.error:
            pass
    return func, fname, line, _module_of(look)


def format_frame(i, pc):
    func, fname, line, mod = symbolize(pc)
    s = "    #%d 0x%x in %s" % (i, pc, func or "??")
    if fname:
        s += " %s:%d" % (fname, line)
    if mod:
        s += " (%s)" % mod
    return s


def stack_lines(sid):
    pcs = depot_get(sid)
    if not pcs:
        return ["    <no stack recorded (id %d)>" % sid]
    return [format_frame(i, pc) for i, pc in enumerate(pcs)]


def stack_site(sid):
    """'file.c:12 in func' of the first frame outside the runtime libraries."""
    pcs = depot_get(sid)
    first = None
    for pc in pcs:
        func, fname, line, mod = symbolize(pc)
        if not fname:
            continue
        site = "%s:%d in %s" % (fname.rsplit("/", 1)[-1], line, func or "??")
        base = (mod or "").rsplit("/", 1)[-1]
        if not any(base.startswith(r) for r in RUNTIME_MODULES):
            return site
        first = first or site
    return first or ("0x%x" % pcs[0] if pcs else "-")


# ---- describing an address -------------------------------------------------------------

def where_in_block(addr, h):
    """The report's vocabulary: N bytes inside/after/before the M-byte block."""
    lo, hi = h.user, h.user + h.bh_size
    if lo <= addr < hi:
        rel = "%d bytes inside" % (addr - lo)
    elif addr >= hi:
        rel = "%d bytes after" % (addr - hi)
    else:
        rel = "%d bytes before" % (lo - addr)
    return "0x%x is located %s the %d-byte block [0x%x,0x%x)" % (addr, rel, h.bh_size, lo, hi)


def _first_diff(raw, pat):
    for i, b in enumerate(raw):
        if b != pat:
            return i
    return None


def _zone_line(name, lo, hi, pat, h):
    """heap.c zone_bad() as text: intact, or where the first changed byte
    is (relative to the block, as the reports say) and what is there."""
    if hi <= lo:
        return None
    raw = _read(lo, hi - lo)
    if raw is None:
        return "  %-11s unreadable [0x%x,0x%x)" % (name + ":", lo, hi)
    off = _first_diff(raw, pat)
    if off is None:
        return "  %-11s intact (%d bytes of 0x%02x)" % (name + ":", hi - lo, pat)
    run = off
    while run < len(raw) and raw[run] != pat:
        run += 1
    at = lo + off - h.user
    rel = ("%d bytes before the start" % -at if at < 0 else
           "%d bytes after the end" % (at - h.bh_size) if at >= h.bh_size else
           "offset %d" % at)
    return "  %-11s %d bytes CHANGED at %s: %s (expected %02x)" % (
        name + ":", run - off, rel, " ".join("%02x" % b for b in raw[off:min(run, off + 16)])
        + (" …" if run - off > 16 else ""), pat)


def zone_lines(heap, h):
    """heap.c verify_block(): the redzones and, quarantined, the free fill."""
    if h.bh_flags & BF_PROTECTED:
        return ["  zones:     not readable (its pages are protected while in quarantine)"]
    rz = int(heap.g["rz"])
    lz = h.bh_base if h.bh_flags & BF_GUARDED else h.bh_base + A8_BH_SIZE
    end = h.bh_base + h.bh_slot_size
    if h.bh_flags & BF_LARGE:  # heap.c bh_end(): the page after the redzone
        end = min(end, (h.user + h.bh_size + rz + PAGE - 1) & ~(PAGE - 1))
    out = [_zone_line("left zone", lz, h.user, REDZONE_BYTE, h)]
    if not (h.bh_flags & BF_TAILPROT and h.bh_state != 1):  # heap.c right_zone_closed
        out.append(_zone_line("right zone", h.user + h.bh_size, end, REDZONE_BYTE, h))
    if h.bh_state == 2 and not h.bh_flags & BF_REPORTED:
        o = _global("a8_opt")
        fill_max = int(o["free_fill_max"]) if o is not None else h.bh_size
        out.append(_zone_line("free fill", h.user, h.user + min(h.bh_size, fill_max),
                              int(heap.g["free_fill"]), h))
    return [l for l in out if l]


def describe_smashed(heap, addr, hp, entry, out):
    """A slot whose header has no magic (heap.c header_smashed() and
    overrun_from_before()): never used, or overwritten."""
    rz = int(heap.g["rz"])
    raw = _read(hp, A8_BH_SIZE + rz) or b""
    if not any(raw):
        out.append("0x%x is in a slot that was never used (header 0x%x, %s)"
                   % (addr, hp, heap.class_desc(entry)))
        return
    out.append("0x%x is in a slot whose header at 0x%x was OVERWRITTEN (%s, first bytes %s): "
               "its fields cannot be trusted" % (addr, hp, heap.class_desc(entry),
                                                 " ".join("%02x" % b for b in raw[:8])))
    c = entry & 0xFF
    if c == SP_LARGE or heap.guarded(c):
        return
    span = heap.region + (((hp - heap.region) >> SPAN_SHIFT) << SPAN_SHIFT)
    prev = hp - heap.slot_size[c]
    if prev < span:
        return
    ph = Header.at(prev)
    last = _read(hp - 1, 1)
    if (ph is None or not ph.intact or ph.bh_state not in (1, 2)
            or ph.bh_base + ph.bh_slot_size != hp or last is None or last[0] == REDZONE_BYTE):
        return
    out.append("the bytes after the %d-byte block before it are overwritten right up to the "
               "header, most likely an overflow of that block:" % ph.bh_size)
    describe_block(heap, ph.user, ph, entry, out)


def describe_block(heap, addr, h, entry, out):
    out.append(where_in_block(addr, h))
    if h.addr <= addr < h.addr + A8_BH_SIZE:
        out.append("  (the address is inside the block's header)")
    out.append("  state:     %s" % h.state)
    out.append("  allocated: %s(%d) by thread T%d, seq %d"
               % (h.alloc_call(), h.bh_size, h.bh_alloc_tid, h.bh_seq))
    if h.bh_state >= 2:
        out.append("  freed:     %s by thread T%d" % (h.free_call(), h.bh_free_tid))
    out.append("  slot:      header 0x%x, slot [0x%x,0x%x), %s, arena %d%s"
               % (h.addr, h.bh_base, h.bh_base + h.bh_slot_size, heap.class_desc(entry),
                  (entry >> 8) & 0xFF,
                  ", alignment %d" % h.bh_align if h.bh_align else ""))
    if h.flag_names():
        out.append("  flags:     %s" % " ".join(h.flag_names()))
    csum = h.checksum()
    out.append("  header:    %s (bh_csum 0x%08x, recomputed 0x%08x)"
               % ("checksum intact" if csum == h.bh_csum else "CHECKSUM BAD: header corrupted",
                  h.bh_csum, csum))
    out.extend(zone_lines(heap, h))
    out.append("allocated by thread T%d here:" % h.bh_alloc_tid)
    out.extend(stack_lines(h.bh_alloc_stack))
    if h.bh_state >= 2:
        out.append("freed by thread T%d here:" % h.bh_free_tid)
        out.extend(stack_lines(h.bh_free_stack))


def describe(addr):
    heap = Heap()
    out = []
    if not heap.in_region(addr):
        out.append("0x%x is not in alloc8's heap region [0x%x,0x%x)"
                   % (addr, heap.region, heap.region + heap.region_bytes))
        gi = _static("g_int", "intalloc.c")
        if gi is not None and _u(gi["base"]) <= addr < _u(gi["end"]):
            out.append("  it is in alloc8's internal arena [0x%x,0x%x) (alloc8's own memory)"
                       % (_u(gi["base"]), _u(gi["end"])))
        else:
            try:
                sym = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
                out.append("  gdb: " + sym)
            except gdb.error:
                pass
        return out
    hp, entry = heap.slot_of(addr)
    if hp is None:
        idx, e = heap.span_entry(addr)
        if idx is None:
            out.append("0x%x is in alloc8's heap region but in no span in use" % addr)
            return out
        span = heap.region + (idx << SPAN_SHIFT)
        c = e & 0xFF
        if heap.guarded(c) and addr < span + PAGE:
            i = (addr - span) // A8_BH_SIZE
            if i < heap.gnslots(c):
                h = Header.at(span + i * A8_BH_SIZE)
                if h is not None and h.ok_magic:
                    out.append("0x%x is inside the header (offset %d) of a guarded block"
                               % (addr, addr - h.addr))
                    describe_block(heap, h.user, h, e, out)
                    return out
            out.append("0x%x is in the header page of a guarded span (%s), no block there"
                       % (addr, heap.class_desc(e)))
        else:
            out.append("0x%x is in the unused tail of a span (%s)" % (addr, heap.class_desc(e)))
        return out
    h = Header.at(hp)
    if h is None:
        out.append("0x%x: cannot read the header at 0x%x (not in the core file?)" % (addr, hp))
        return out
    if not h.ok_magic:
        describe_smashed(heap, addr, hp, entry, out)
        return out
    describe_block(heap, addr, h, entry, out)
    return out


# ---- commands ------------------------------------------------------------------------

def _parse_addr(arg):
    if not arg.strip():
        raise Alloc8Error("usage: alloc8 block ADDR  (any expression: 0x…, p, &buf[3])")
    v = gdb.parse_and_eval(arg)
    if v.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
        v = v.address
    return _u(v)


class Alloc8Prefix(gdb.Command):
    """alloc8: inspect alloc8's checker heap (gdb/README.md).

alloc8 block ADDR       which block contains ADDR: state, size, offset, calls, stacks
alloc8 heap             per-arena live and quarantined totals, spans, guard pages
alloc8 blocks [--live|--quarantined] [--min-size N] [--limit N]
                        list blocks, largest first
alloc8 options          every option's current value
alloc8 leaks            run alloc8_leak_check() in the live process
alloc8 gcore [FILE]     generate-core-file without alloc8's empty reservations"""

    def __init__(self):
        super(Alloc8Prefix, self).__init__("alloc8", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class Alloc8Block(gdb.Command):
    """alloc8 block ADDR: which alloc8 block contains ADDR (like libumem's ::whatis).

Prints where ADDR lies relative to the block (N bytes inside/after/before the
M-byte block), the block's state (live, quarantined, free), how and by which
thread it was allocated and freed, its sequence number, whether the header's
checksum is intact, whether its redzones (and, quarantined, its free fill)
are intact or where they were changed, and the allocation and free stacks.
On a slot whose header an overflow overwrote, it says so and describes the
block before it.  Reads memory only."""

    def __init__(self):
        super(Alloc8Block, self).__init__("alloc8 block", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        gdb.write("\n".join(describe(_parse_addr(arg))) + "\n")


class Alloc8Heap(gdb.Command):
    """alloc8 heap: live and quarantined totals per arena, spans, guard pages."""

    def __init__(self):
        super(Alloc8Heap, self).__init__("alloc8 heap", gdb.COMMAND_DATA, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        heap = Heap()
        g = heap.g
        out = ["alloc8 checker heap: region [0x%x,0x%x) %d MiB, %d spans used (%d KiB)"
               % (heap.region, heap.region + heap.region_bytes, heap.region_bytes >> 20,
                  heap.span_next, (heap.span_next * SPAN_BYTES) >> 10)]
        out.append("%-6s %12s %8s %14s %8s %14s %8s" % ("arena", "live bytes", "blocks",
                                                       "quar bytes", "blocks",
                                                       "quar-guarded", "blocks"))
        tot = [0] * 6
        for i in range(heap.narenas):
            a = g["arenas"][i]
            row = [int(a["live_bytes"]), int(a["live_blocks"]),
                   int(a["q"][0]["bytes"]), int(a["q"][0]["blocks"]),
                   int(a["q"][1]["bytes"]), int(a["q"][1]["blocks"])]
            if any(row):
                out.append("%-6d %12d %8d %14d %8d %14d %8d" % tuple([i] + row))
            tot = [x + y for x, y in zip(tot, row)]
        out.append("%-6s %12d %8d %14d %8d %14d %8d" % tuple(["total"] + tot))
        out.append("live: %d bytes in %d blocks" % (tot[0], tot[1]))
        # heap.c essay §6: budgets for the whole process; plain blocks count
        # their slots, guarded ones count one each.
        # Each arena's own count is exact (g_heap.q_held lags by the arenas'
        # pending steps).
        held = [0, 0]
        for i in range(heap.narenas):
            for qi in (0, 1):
                held[qi] += int(g["arenas"][i]["q"][qi]["held"])
        out.append("quarantine: %d bytes in %d blocks; plain ones hold %d bytes of slots "
                   "(budget %d), guarded %d blocks (budget %d)"
                   % (tot[2] + tot[4], tot[3] + tot[5], held[0], int(g["q_budget"]), held[1],
                      int(g["q_guard_budget"])))
        out.append("guarded blocks (live or quarantined): %d; guard grants so far: %d"
                   % (int(g["guard_live"]), int(g["guard_grants"])))
        kinds = {}
        for idx in range(heap.span_next):
            e = heap.span_tab[idx]
            if not e:
                k = "unused"
            elif e & SP_CONT:
                k = "large"
            else:
                c = e & 0xFF
                k = "large" if c == SP_LARGE else ("guarded" if heap.guarded(c) else "small")
            kinds[k] = kinds.get(k, 0) + 1
        out.append("spans: " + ", ".join("%s %d" % (k, kinds[k]) for k in
                                         ("small", "guarded", "large", "unused") if k in kinds)
                   + "; large-run cache: %d; emptied small spans kept: %d; free ranges: %d"
                   % (int(g["nruns"]), int(g["npool"]), int(g["nfree_rng"])))
        # The caches of freed memory count against the plain budget too.
        cap = int(g["q_cache_cap"])
        out.append("caches of freed memory (runs, emptied spans): %d bytes (at most %s)"
                   % (int(g["q_cache"]), "no limit" if cap >= (1 << 63) else "%d" % cap))
        out.append("allocations so far (seq): %d; redzone %d bytes; fills malloc 0x%02x free 0x%02x"
                   % (int(g["seq"]), int(g["rz"]), int(g["malloc_fill"]), int(g["free_fill"])))
        d = _static("g_depot", "depot.c")
        if d is not None and int(d["state"]) == DEPOT_READY:
            out.append("stack depot: %d stacks, %d KiB of %d MiB"
                       % (int(d["stacks"]), (int(d["table_bytes"]) + int(d["chunks_bytes"])
                                             + int(d["cursor"])) >> 10, int(d["limit"]) >> 20))
        gdb.write("\n".join(out) + "\n")


class Alloc8Blocks(gdb.Command):
    """alloc8 blocks [--live|--quarantined] [--min-size N] [--limit N]: list blocks.

Walks every span (as a8_checker_each_live does) and lists live and
quarantined blocks (or only one state), largest first, with the site that
allocated each.  --limit defaults to 50 (0: all)."""

    def __init__(self):
        super(Alloc8Blocks, self).__init__("alloc8 blocks", gdb.COMMAND_DATA, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        states, min_size, limit = (1, 2), 0, 50
        args = gdb.string_to_argv(arg)
        while args:
            a = args.pop(0)
            if a == "--live":
                states = (1,)
            elif a == "--quarantined":
                states = (2,)
            elif a == "--free":
                states = (3,)
            elif a in ("--min-size", "--limit") and args:
                try:
                    v = int(args.pop(0), 0)
                except ValueError:
                    raise Alloc8Error("alloc8 blocks: %s needs a number" % a)
                if a == "--min-size":
                    min_size = v
                else:
                    limit = v
            else:
                raise Alloc8Error("usage: alloc8 blocks [--live|--quarantined] "
                                  "[--min-size N] [--limit N]")
        heap = Heap()
        blocks = [h for h in heap.each_block()
                  if h.bh_state in states and h.bh_size >= min_size]
        blocks.sort(key=lambda h: (-h.bh_size, h.bh_seq))
        total = sum(h.bh_size for h in blocks)
        shown = blocks if limit <= 0 else blocks[:limit]
        out = ["%-18s %10s %-11s %-18s %6s %4s  %s" % ("address", "size", "state", "call",
                                                       "seq", "thr", "allocated at")]
        for h in shown:
            out.append("0x%-16x %10d %-11s %-18s %6d T%-3d %s%s"
                       % (h.user, h.bh_size, h.state, h.alloc_call(), h.bh_seq, h.bh_alloc_tid,
                          stack_site(h.bh_alloc_stack), "" if h.intact else "  [HEADER CORRUPT]"))
        out.append("%d blocks, %d bytes%s" % (len(blocks), total,
                                             "" if len(shown) == len(blocks)
                                             else " (%d shown: --limit)" % len(shown)))
        gdb.write("\n".join(out) + "\n")


_opt_defaults = None


def option_defaults():
    """{name: (default text, help)} from core/options.def next to the sources,
    when gdb can find them (optional: only marks changed values)."""
    global _opt_defaults
    if _opt_defaults is not None:
        return _opt_defaults
    _opt_defaults = {}
    s = gdb.lookup_global_symbol("a8_opt")
    try:
        import os
        path = os.path.join(os.path.dirname(s.symtab.fullname()), "options.def")
        with open(path) as f:
            text = f.read()
    except (AttributeError, OSError, gdb.error):
        return _opt_defaults
    for m in re.finditer(r'^A8_OPT_(bool|int|str)\((\w+),\s*("(?:[^"\\]|\\.)*"|[^,]+),(.*)"'
                         r'((?:[^"\\]|\\.)*)"\)\s*$', text, re.M):
        _opt_defaults[m.group(2)] = (m.group(1), m.group(3).strip(), m.group(5))
    return _opt_defaults


def _opt_value(v):
    t = v.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_ARRAY:
        return '"%s"' % v.string(length=t.sizeof).split("\0", 1)[0]
    if t.code == gdb.TYPE_CODE_BOOL:
        return "1" if bool(v) else "0"
    return str(int(v))


def _same_default(kind, text, default):
    if kind == "str":
        return text == default
    try:
        return int(text.strip('"')) == int(default, 0)
    except ValueError:
        return False


class Alloc8Options(gdb.Command):
    """alloc8 options: every ALLOC8_OPTIONS option's current value (from a8_opt).

Field names come from the struct's type, so new options appear by
themselves; '*' marks a value that differs from options.def's default (when
gdb finds the sources)."""

    def __init__(self):
        super(Alloc8Options, self).__init__("alloc8 options", gdb.COMMAND_DATA, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        o = _global("a8_opt")
        if o is None:
            raise Alloc8Error("alloc8: cannot find a8_opt: is liballoc8.so loaded?")
        defaults = option_defaults()
        out = []
        for f in o.type.strip_typedefs().fields():
            text = _opt_value(o[f.name])
            mark, note = " ", ""
            if f.name in defaults:
                kind, dflt, help_ = defaults[f.name]
                if not _same_default(kind, text, dflt):
                    mark, note = "*", "   (default %s)" % dflt
            out.append("%s %-18s = %s%s" % (mark, f.name, text, note))
        gdb.write("\n".join(out) + "\n")


class Alloc8Leaks(gdb.Command):
    """alloc8 leaks: run a leak check now (calls alloc8_leak_check() in the live process).

The report goes where the program's reports go (stderr or log_path); the
command prints the number of leaked blocks it returned.  Not on a core file.
Calling into the process while one of its threads holds an alloc8 lock (a
thread stopped inside malloc) can hang: stop it elsewhere first (e.g. at
alloc8_report_hook, which holds no lock)."""

    def __init__(self):
        super(Alloc8Leaks, self).__init__("alloc8 leaks", gdb.COMMAND_DATA, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        if not _is_live():
            raise Alloc8Error("alloc8 leaks: needs a live process (it calls "
                              "alloc8_leak_check()); a core file cannot run code")
        if gdb.lookup_global_symbol("alloc8_leak_check") is None:
            try:
                gdb.parse_and_eval("alloc8_leak_check")
            except gdb.error:
                raise Alloc8Error("alloc8 leaks: this liballoc8.so has no alloc8_leak_check() "
                                  "(built before the leak checker)")
        n = _call("((unsigned long (*)(void))alloc8_leak_check)()")
        if n is None:
            gdb.write("alloc8_leak_check() ran (its count of leaked blocks is lost); the report "
                      "went to the program's stderr or log_path\n")
            return
        gdb.write("alloc8_leak_check() returned %d (leaked blocks); the report went to the "
                  "program's stderr or log_path\n" % n)


MADV_DONTDUMP, MADV_DODUMP = 16, 17  # <sys/mman.h>, Linux


def _madvise(lo, hi, advice):
    lo = (lo + PAGE - 1) & ~(PAGE - 1)
    if hi <= lo:
        return 0
    r = _call("((int (*)(void *, unsigned long, int))madvise)"
              "((void *)0x%x, 0x%x, %d)" % (lo, hi - lo, advice))
    if r is None:  # ran, result lost: the kernel's flags of the range tell
        r = 0 if _dontdump(lo) == (advice == MADV_DONTDUMP) else -1
    return r


def _dontdump(addr):
    """Whether the live process's mapping at addr has MADV_DONTDUMP set
    (VmFlags "dd" in /proc/PID/smaps); None when that cannot be read."""
    try:
        with open("/proc/%d/smaps" % gdb.selected_inferior().pid) as f:
            inside = False
            for line in f:
                head = line.split(None, 1)[0]
                if "-" in head and ":" not in head:
                    lo, hi = (int(x, 16) for x in head.split("-"))
                    inside = lo <= addr < hi
                elif inside and head == "VmFlags:":
                    return "dd" in line.split()[1:]
    except (OSError, ValueError):
        pass
    return None


def reserved_tails():
    """alloc8's reserved but never committed address ranges (PROT_NONE):
    the heap region past the last span used, the internal arena past its
    commit mark.  Hundreds of GiB that gdb's gcore would otherwise write."""
    heap = Heap()
    out = [(heap.region + (heap.span_next << SPAN_SHIFT), heap.region + heap.region_bytes)]
    gi = _static("g_int", "intalloc.c")
    if gi is not None and _u(gi["base"]):
        out.append((_u(gi["committed"]), _u(gi["end"])))
    return out


def closed_ranges(heap):
    """The heap's pages closed with guard markers (heap.c pages_close):
    guard pages, quarantined guarded blocks, big blocks' tails.
    A marker page cannot be read even by a debugger, and generate-core-file
    gives up on a whole 1 MiB piece of a mapping around one, so gcore leaves
    them out of the core (MADV_DONTDUMP): they hold nothing anyway.  Sorted,
    adjacent ones merged."""
    g = heap.g
    if not int(g["closed_marker"]):
        return []
    ffmax = int(gdb.parse_and_eval("a8_opt.free_fill_max"))
    out = []
    for h in heap.each_block():
        flags = h.bh_flags
        if flags & BF_GUARDED and flags & BF_PROTECTED:
            out.append((h.bh_base, h.bh_base + h.bh_slot_size))
        if flags & BF_LARGE and flags & BF_TAILPROT:  # heap.c tail_range
            if h.bh_state == 1:  # live: past the redzone's page (heap.c bh_end)
                lo = (h.user + h.bh_size + int(g["rz"]) + PAGE - 1) & ~(PAGE - 1)
            else:  # quarantined: past the filled prefix
                lo = (h.user + min(h.bh_size, ffmax) + PAGE - 1) & ~(PAGE - 1)
            if lo < h.bh_base + h.bh_slot_size:
                out.append((lo, h.bh_base + h.bh_slot_size))
    # Every guard page of a guarded span, used slot or not, unless opened.
    opened = set(heap.bh_guard(h) for h in heap.each_block()
                 if h.bh_flags & BF_GUARDED and h.bh_flags & BF_OPENED)
    for idx, e in enumerate(heap.span_tab):
        c = e & 0xFF
        if not e or e & SP_CONT or not heap.guarded(c):
            continue
        span = heap.region + (idx << SPAN_SHIFT)
        for i in range(heap.gnslots(c)):
            guard = heap.gslot_guard(span, c, i)
            if guard not in opened:
                out.append((guard, guard + PAGE))
    out.sort()
    merged = []
    for lo, hi in out:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


class Alloc8Gcore(gdb.Command):
    """alloc8 gcore [FILE]: generate-core-file without alloc8's empty reservations.

alloc8 reserves a large PROT_NONE address range (up to 256 GiB for the heap,
64 GiB for its internal arena) and commits it piece by piece; gdb's
generate-core-file would write all of it.  This command (live process only)
calls madvise(MADV_DONTDUMP) in the process on the parts never committed,
and on the pages it closed with guard markers (Linux 6.13+: guard pages,
quarantined guarded blocks, big freed blocks' tails; no process can read
those, gdb included, and they hold nothing), runs generate-core-file, and
calls madvise(MADV_DODUMP) to put them back.  The core keeps every span in
use, the depot, a8_opt: all that the other alloc8 commands read."""

    def __init__(self):
        super(Alloc8Gcore, self).__init__("alloc8 gcore", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        if not _is_live():
            raise Alloc8Error("alloc8 gcore: needs a live process (it calls madvise in it)")
        tails = reserved_tails() + closed_ranges(Heap())
        done = []
        try:
            for lo, hi in tails:
                if _madvise(lo, hi, MADV_DONTDUMP) == 0:
                    done.append((lo, hi))
            gdb.execute("generate-core-file %s" % arg.strip(), from_tty)
        finally:
            for lo, hi in done:
                _madvise(lo, hi, MADV_DODUMP)


# ---- pretty-printer for struct a8_bh ------------------------------------------------

class A8BhPrinter(object):
    def __init__(self, val):
        self.val = val

    def _header(self):
        addr = self.val.address
        if addr is not None:
            h = Header.at(_u(addr))
            if h is not None:
                return h
        raw = _read(_u(self.val.address), Header.layout()[1]) if addr is not None else None
        return Header(0, raw) if raw else None

    def to_string(self):
        v = self.val
        try:
            state = STATES.get(int(v["bh_state"]), "state %d" % int(v["bh_state"]))
            magic = _u(v["bh_magic"]) == A8_BH_MAGIC
            user = _u(v["bh_base"]) + int(v["bh_user_off"])
            size = int(v["bh_size"])
            s = "a8_bh %s%s %s(%d) user [0x%x,0x%x) seq %d T%d" % (
                "" if magic else "BAD MAGIC ", state,
                call_name(int(v["bh_alloc_call"]), int(v["bh_flags"])), size, user, user + size,
                int(v["bh_seq"]), int(v["bh_alloc_tid"]))
            if int(v["bh_state"]) >= 2:
                s += ", freed by %s T%d" % (call_name(int(v["bh_free_call"]), 0),
                                            int(v["bh_free_tid"]))
            h = self._header()
            if h is not None:
                s += ", checksum %s" % ("ok" if h.checksum() == h.bh_csum else "BAD")
            return s
        except (gdb.error, gdb.MemoryError) as e:
            return "a8_bh <unreadable: %s>" % e

    def children(self):
        v = self.val
        for f in v.type.strip_typedefs().fields():
            x = v[f.name]
            if f.name == "bh_state":
                yield f.name, "%d (%s)" % (int(x), STATES.get(int(x), "?"))
            elif f.name in ("bh_alloc_call", "bh_free_call"):
                yield f.name, "%d (%s)" % (int(x), call_name(int(x), 0))
            elif f.name == "bh_flags":
                names = [n for bit, n in BH_FLAGS if int(x) & bit]
                yield f.name, "0x%x (%s)" % (int(x), " ".join(names) or "-")
            elif f.name in ("bh_magic", "bh_csum", "bh_base"):
                yield f.name, "0x%x" % _u(x)
            else:
                yield f.name, x


def _lookup_printer(val):
    t = val.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT and t.tag == "a8_bh":
        return A8BhPrinter(val)
    return None


def register(objfile=None):
    """Commands (global) and the a8_bh printer (on objfile, or globally)."""
    Alloc8Prefix()
    Alloc8Block()
    Alloc8Heap()
    Alloc8Blocks()
    Alloc8Options()
    Alloc8Leaks()
    Alloc8Gcore()
    target = objfile if objfile is not None else gdb
    target.pretty_printers[:] = [p for p in target.pretty_printers
                                 if getattr(p, "__name__", "") != "_lookup_printer"]
    target.pretty_printers.append(_lookup_printer)


def _reset_caches(event=None):
    global _call_names, _opt_defaults
    _call_names = None
    _opt_defaults = None
    Header._layout = None


if not getattr(gdb, "_alloc8_events", False):
    gdb.events.new_objfile.connect(lambda ev: _reset_caches())
    gdb._alloc8_events = True
register(None)
