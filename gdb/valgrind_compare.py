#!/usr/bin/env python3
"""valgrind_compare.py — run one program under valgrind memcheck and under
alloc8, and say which heap bugs each found.

  gdb/valgrind_compare.py [--lib PATH] [--strict] [--keep DIR] [--timeout S]
                          [--alloc8-options K=V:…] [--valgrind-arg ARG]… -- PROG ARGS…

Both tools' findings are mapped to common kinds and a bug site (FILE:LINE of
the first frame that has a source file outside the runtime: libc, ld.so,
libstdc++, libgcc_s, valgrind's vgpreload, alloc8), then printed as a table:
found by both / only valgrind / only alloc8.

  valgrind (--xml=yes, --leak-check=full)        common kind      alloc8 (report_format=json)
  InvalidRead/Write, "N bytes after a block"     overflow         heap-buffer-overflow
  InvalidRead/Write, "N bytes before a block"    underflow        heap-buffer-underflow
  InvalidRead/Write, "… inside a block … free'd" use-after-free   heap-use-after-free
  SyscallParam (a buffer), classified the same way  (the checked calls: read, write, …)
  InvalidFree of a free'd block                  double-free      double-free, realloc-of-freed-pointer
  InvalidFree otherwise                          invalid-free     invalid-free, invalid-realloc
  MismatchedFree                                 mismatch         alloc-dealloc-mismatch
  Overlap (memcpy, strcpy, strncpy, …)           overlap          param-overlap
  fatal_signal, a fault (SIGSEGV, SIGFPE, …)     deadly-signal    deadly-signal
  fatal_signal, any other (SIGABRT, SIGTERM, …)  killed-by-signal killed-by-signal (a warning)
  Leak_DefinitelyLost / _PossiblyLost            leak-definite / leak-possible   leak records

A finding matches across tools on (kind, site); failing that on (kind, site
of the allocation stack): alloc8 may find an overflow at free() or at exit
(a redzone check) where valgrind saw the write itself.  Kinds only one tool
can detect (valgrind's uninitialised values, alloc8's size mismatches) are
listed apart and never count as a disagreement.

Exit status: 0 always (a report, not a test), unless --strict: then 1 when a
comparable finding is missing from either side, 2 when a tool could not run.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNTIME = ("libc.so", "libc-", "ld-linux", "libstdc++.so", "libgcc_s.so", "libm.so",
           "libpthread.so", "liballoc8", "vgpreload_", "valgrind")

A8_KINDS = {
    "heap-buffer-overflow": "overflow",
    "heap-buffer-underflow": "underflow",
    "heap-use-after-free": "use-after-free",
    "double-free": "double-free",
    "realloc-of-freed-pointer": "double-free",
    "invalid-free": "invalid-free",
    "invalid-realloc": "invalid-free",
    "alloc-dealloc-mismatch": "mismatch",
    "param-overlap": "overlap",
    "deadly-signal": "deadly-signal",
    "killed-by-signal": "killed-by-signal",
}
# Signals whose kernel-raised delivery is a fault (si_code > 0).
FAULTS = {"SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP", "SIGSYS"}
LEAK_KINDS = {"definite": "leak-definite", "possible": "leak-possible",
              "indirect": "leak-indirect", "reachable": "leak-reachable"}
VG_LEAKS = {"Leak_DefinitelyLost": "leak-definite", "Leak_PossiblyLost": "leak-possible",
            "Leak_IndirectlyLost": "leak-indirect", "Leak_StillReachable": "leak-reachable"}
# What both tools can find: only these count for --strict.
COMPARABLE = {"overflow", "underflow", "use-after-free", "double-free", "invalid-free",
              "mismatch", "overlap", "leak-definite", "leak-possible", "deadly-signal",
              "killed-by-signal"}


def runtime(module):
    base = os.path.basename(module or "")
    return any(base.startswith(r) for r in RUNTIME)


def site_of(frames):
    """frames: [(file, line, function, module)].  The first with a file
    outside the runtime; failing that the first with a file at all."""
    for pass_ in (0, 1):
        for f, line, fn, mod in frames:
            if f and line and (pass_ or not runtime(mod)):
                return "%s:%d" % (os.path.basename(f), line), fn
    return "?", None


class Finding(object):
    def __init__(self, tool, kind, site, fn, alloc_site, detail):
        self.tool, self.kind, self.site, self.fn = tool, kind, site, fn
        self.alloc_site, self.detail = alloc_site, detail


# ---- valgrind -----------------------------------------------------------------------

def vg_frames(stack):
    out = []
    for fr in stack.findall("frame") if stack is not None else []:
        f = fr.findtext("file")
        line = int(fr.findtext("line") or 0)
        out.append((f, line, fr.findtext("fn"), fr.findtext("obj")))
    return out


def vg_kind(kind, aux):
    aux = aux or ""
    if kind in ("InvalidRead", "InvalidWrite") or (kind == "SyscallParam" and " a block " in aux):
        if "not stack'd, malloc'd" in aux:
            return "invalid-access"  # a wild address (the fatal signal that follows is compared)
        if "free'd" in aux:
            return "use-after-free"
        if "bytes after a block" in aux:
            return "overflow"
        if "bytes before a block" in aux:
            return "underflow"
        if "bytes inside a block" in aux:
            return "overflow"  # inside an alloc'd block yet invalid: past a realloc'd size
        return "invalid-access"
    if kind == "InvalidFree":
        return "double-free" if "free'd" in aux else "invalid-free"
    if kind == "MismatchedFree":
        return "mismatch"
    if kind == "Overlap":
        return "overlap"
    if kind in VG_LEAKS:
        return VG_LEAKS[kind]
    return kind


def parse_valgrind(path):
    findings = []
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise RuntimeError("cannot read valgrind's XML %s: %s" % (path, e))
    for err in root.findall("error"):
        kind = err.findtext("kind")
        children = list(err)
        stacks, auxes = [], []
        for i, c in enumerate(children):
            if c.tag == "stack":
                stacks.append(c)
            elif c.tag == "auxwhat":
                auxes.append((c.text or "", children[i + 1] if i + 1 < len(children)
                              and children[i + 1].tag == "stack" else None))
        first_aux = auxes[0][0] if auxes else ""
        k = vg_kind(kind, first_aux)
        what = err.findtext("what") or err.findtext("xwhat/text") or kind
        site, fn = site_of(vg_frames(stacks[0] if stacks else None))
        alloc = None
        for text, st in auxes:
            if "alloc'd" in text and st is not None:
                alloc = site_of(vg_frames(st))[0]
        if k.startswith("leak-"):
            alloc = site
        findings.append(Finding("valgrind", k, site, fn, alloc,
                                "%s: %s" % (kind, first_aux or what)))
    for sig in root.findall("fatal_signal"):
        name = sig.findtext("signame") or "?"
        fault = name in FAULTS and int(sig.findtext("sicode") or 0) > 0
        site, fn = site_of(vg_frames(sig.find("stack")))
        findings.append(Finding("valgrind", "deadly-signal" if fault else "killed-by-signal",
                                site, fn, None, "fatal_signal: %s" % name))
    # A wild access that the fatal signal then ended the program at is that
    # one event: alloc8 reports it once, as the deadly signal.
    fatal = {f.site for f in findings if f.kind == "deadly-signal"}
    return [f for f in findings if not (f.kind == "invalid-access" and f.site in fatal)]


# ---- alloc8 ----------------------------------------------------------------------------

def a8_frames(stack):
    return [(f.get("file"), f.get("line") or 0, f.get("function"), f.get("module"))
            for f in stack or []]


def parse_alloc8(paths):
    findings = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                try:
                    o = json.loads(line)
                except ValueError:
                    continue
                what = o.get("alloc8")
                if what == "error" or (what == "warning" and o.get("kind") == "killed-by-signal"):
                    kind = o.get("kind", "?")
                    st = o.get("stacks", {})
                    site, fn = site_of(a8_frames(st.get("here")))
                    alloc = site_of(a8_frames(st.get("alloc")))[0] if st.get("alloc") else None
                    findings.append(Finding("alloc8", A8_KINDS.get(kind, kind), site, fn, alloc,
                                            "%s: %s" % (kind, o.get("message", ""))))
                elif what == "leak":
                    site, fn = site_of(a8_frames(o.get("stack")))
                    k = LEAK_KINDS.get(o.get("kind"), "leak-" + str(o.get("kind")))
                    findings.append(Finding("alloc8", k, site, fn, site,
                                            "%s: %s bytes in %s blocks" % (
                                                o.get("class"), o.get("bytes"), o.get("blocks"))))
    return findings


# ---- comparison ----------------------------------------------------------------------

def compare(vg, a8):
    """→ (both [(v, a, how)], only_vg, only_a8)"""
    both, left, right = [], list(vg), list(a8)
    for key, how in ((lambda f: (f.kind, f.site), "same site"),
                     (lambda f: (f.kind, f.alloc_site), "same allocation site")):
        for v in list(left):
            if how != "same site" and not v.alloc_site:
                continue
            for a in right:
                if key(a) == key(v) and (how == "same site" or a.alloc_site):
                    both.append((v, a, how))
                    left.remove(v)
                    right.remove(a)
                    break
    # Several valgrind records of one leak site (valgrind splits loss records
    # by full stack, alloc8 too, but their depths differ): fold repeats.
    for v in list(left):
        if v.kind.startswith("leak-") and any(b[0].kind == v.kind and b[0].site == v.site
                                              for b in both):
            left.remove(v)
    for a in list(right):
        if a.kind.startswith("leak-") and any(b[1].kind == a.kind and b[1].site == a.site
                                              for b in both):
            right.remove(a)
    return both, left, right


def table(both, only_vg, only_a8):
    rows = []
    for v, a, how in both:
        rows.append(("both", v.kind, v.site, a.site if a.site != v.site else "", how))
    for f in only_vg:
        rows.append(("only valgrind", f.kind, f.site, "", f.detail))
    for f in only_a8:
        rows.append(("only alloc8", f.kind, f.site, "", f.detail))
    w = [max([len(r[i]) for r in rows] + [len(h)]) for i, h in
         enumerate(("found by", "kind", "site", "alloc8 site"))]
    lines = ["%-*s  %-*s  %-*s  %-*s  %s" % (w[0], "found by", w[1], "kind", w[2], "site",
                                              w[3], "alloc8 site", "note")]
    for r in rows:
        lines.append("%-*s  %-*s  %-*s  %-*s  %s" % (w[0], r[0], w[1], r[1], w[2], r[2],
                                                     w[3], r[3], r[4]))
    return "\n".join(lines)


# ---- running ---------------------------------------------------------------------------

def main(argv):
    if "--" not in argv:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    cut = argv.index("--")
    ap = argparse.ArgumentParser(prog="valgrind_compare.py")
    ap.add_argument("--lib", default=os.path.join(ROOT, "build", "liballoc8.so"))
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="keep the raw outputs in DIR")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--alloc8-options", default="", help="more ALLOC8_OPTIONS")
    ap.add_argument("--valgrind-arg", action="append", default=[])
    opts = ap.parse_args(argv[:cut])
    prog = argv[cut + 1:]
    if not prog:
        ap.error("no program after --")
    lib = os.path.abspath(opts.lib)  # relative preloads break in children (DESIGN §9)
    work = os.path.abspath(opts.keep) if opts.keep else tempfile.mkdtemp(prefix="a8vg-")
    os.makedirs(work, exist_ok=True)
    problems = []
    try:
        vg_xml = os.path.join(work, "valgrind.xml")
        vg = []
        if not shutil.which("valgrind"):
            problems.append("valgrind is not installed")
        else:
            cmd = ["valgrind", "--tool=memcheck", "--xml=yes", "--xml-file=" + vg_xml,
                   "--leak-check=full", "--child-silent-after-fork=yes"] + opts.valgrind_arg + prog
            try:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=opts.timeout)
                vg = parse_valgrind(vg_xml)
            except (subprocess.TimeoutExpired, RuntimeError) as e:
                problems.append("valgrind: %s" % e)
        a8_log = os.path.join(work, "alloc8")
        env = dict(os.environ)
        extra = [o for o in (env.get("ALLOC8_OPTIONS", ""), opts.alloc8_options) if o]
        env["ALLOC8_OPTIONS"] = ":".join(extra + ["report_format=json", "log_path=" + a8_log])
        env["LD_PRELOAD"] = lib
        a8 = []
        if not os.path.exists(lib):
            problems.append("alloc8 library missing: " + lib)
        else:
            try:
                subprocess.run(prog, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=opts.timeout)
            except subprocess.TimeoutExpired as e:
                problems.append("alloc8 run: %s" % e)
            a8 = parse_alloc8(sorted(glob.glob(a8_log + ".*")))
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    both, only_vg, only_a8 = compare([f for f in vg if f.kind != "leak-reachable"],
                                     [f for f in a8 if f.kind != "leak-reachable"])
    print("program: %s" % " ".join(prog))
    print(table(both, only_vg, only_a8))
    out_of_scope = [f for f in only_vg + only_a8 if f.kind not in COMPARABLE]
    disagree = [f for f in only_vg + only_a8 if f.kind in COMPARABLE]
    print("%d found by both, %d only by valgrind, %d only by alloc8 (%d of kinds only one "
          "tool detects)" % (len(both), len(only_vg), len(only_a8), len(out_of_scope)))
    for p in problems:
        print("problem: " + p)
    if opts.keep:
        print("raw outputs kept in " + work)
    if not opts.strict:
        return 0
    if problems:
        return 2
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
