#!/usr/bin/env python3
"""checker_compare.py — the checker against native, valgrind memcheck and heaptrack.

Driven by bench/checker_bench.sh.  The runs are made by compare.py's engine
(bench_workload: one interleaved sequence per workload, rotating order, output
checked against native's); this script adds the per-mode options, peak RSS and
the checker's targets (issue 4, "Benchmark"):

  speed vs memcheck   memcheck time / checker time >= 10        every workload
  vs heaptrack        checker time <= heaptrack time            synth workloads
  vs native           checker time <= 3x native                 real programs
  peak RSS            checker RSS <= 2x native RSS + quarantine every workload

An "asan" mode (AddressSanitizer, the workload rebuilt: synth only) and a
"floor" mode (bench/qfloor.c: a heap with the checker's quarantine and fills
and no checks) are shown as references beside them, not as targets.

A MISS is printed, never an error; exit status is non-zero only if a native
run fails.

Workload spec (--workload, repeatable):  NAME|KIND|CMD
    KIND    synth (allocation-heavy synthetic) or real (a real program)
    CMD     as in compare.py (shlex; leading VAR=value words are environment)
Modes: --mode NAME=/abs/lib.so | NAME= (native, first), --mode-cmd NAME=PREFIX
(compare.py), then per mode --mode-runs NAME=N (at most N rounds) and
--mode-filter NAME=REGEX (output lines dropped before the comparison with
native's, for tools that print on stdout).  --checker/--memcheck/--heaptrack
name the modes the targets refer to.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the one interleaving engine)


def kv(text):
    k, _, v = text.partition("=")
    return k, v


def mib(kib):
    return kib / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", action="append", dest="modes", type=compare.parse_mode, default=[])
    ap.add_argument("--mode-cmd", action="append", dest="modes", type=compare.parse_mode_cmd)
    ap.add_argument("--mode-runs", action="append", type=kv, default=[])
    ap.add_argument("--mode-filter", action="append", type=kv, default=[])
    ap.add_argument("--workload", action="append", default=[])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--checker", default="checker")
    ap.add_argument("--memcheck", default="memcheck")
    ap.add_argument("--heaptrack", default="heaptrack")
    ap.add_argument("--asan", default="asan")
    ap.add_argument("--floor", default="floor")
    ap.add_argument("--quarantine-mb", type=float, default=256.0)
    ap.add_argument("--timeout-min", type=float, default=30.0)
    ap.add_argument("--timeout-factor", type=float, default=400.0)
    a = ap.parse_args()

    modes = a.modes
    byname = {m.name: m for m in modes}
    for name, n in a.mode_runs:
        if name in byname:
            byname[name].runs = int(n)
    for name, rx in a.mode_filter:
        if name in byname:
            byname[name] = compare.Mode(name, byname[name].preload, byname[name].prefix,
                                        byname[name].env, rx, byname[name].runs)
    modes = [byname[m.name] for m in modes]
    names = [m.name for m in modes]
    runs = max(a.runs, 3)

    results = []
    for w in a.workload:
        name, kind, cmd = w.split("|", 2)
        print("  running %s (%s, %d interleaved rounds) ..." % (name, kind, runs),
              file=sys.stderr, flush=True)
        r = compare.bench_workload(name, None, cmd, modes, runs, a.timeout_min, a.timeout_factor,
                                   rss=True)
        if r is None:
            print("bench: native %s failed" % name, file=sys.stderr)
            return 1
        r["kind"] = kind
        results.append(r)

    width = max([len("workload")] + [len(r["name"]) for r in results])
    print()
    print("Wall time (median of interleaved runs) and peak RSS (median), as ratios to native")
    head = "%-*s %-5s  %17s" % (width, "workload", "kind", "native time   RSS")
    for n in names[1:]:
        head += "  %19s" % ("%s time/RSS" % n)
    print(head)
    print("-" * len(head))
    notes = []
    for r in results:
        n0 = names[0]
        t0, m0 = r["med"][n0], r["rss"][n0]
        line = "%-*s %-5s  %7.3fs %6.1fM" % (width, r["name"], r["kind"], t0, mib(m0))
        for n in names[1:]:
            if n in r["med"]:
                cell = "%7.2fx%s %6.2fx" % (r["med"][n] / t0,
                                           "*" if len(r["times"][n]) < runs else " ",
                                           r["rss"][n] / m0)
            else:
                cell = "n/a"
                notes.append("%s under %s: %s" % (r["name"], n, r["failed"].get(n, "not run")))
            line += "  %19s" % cell
        print(line)
    print("(rounds: %d; * = fewer for that mode: %s)" % (
        runs, ", ".join("%s %d" % (m.name, min(runs, m.runs or runs)) for m in modes
                        if m.runs and m.runs < runs) or "slow modes %d" % compare.MIN_RUNS))
    print("(peak RSS by GNU time: a process tree's is its largest process's; "
          "valgrind's and heaptrack's include the tool)")
    for r in results:
        spread = []
        for n in names:
            t = r["times"][n]
            if len(t) >= 2 and n not in r["failed"]:
                spread.append("%s %.0f%%" % (n, 100.0 * (max(t) - min(t)) /
                                             compare.statistics.median(t)))
        print("  spread (max-min)/median, %s: %s" % (r["name"], ", ".join(spread)))
    line = "  CPU-time ratios (median user+sys):"
    for r in results:
        c0 = r["cmed"].get(names[0])
        cells = ["%s %.2fx" % (n, r["cmed"][n] / c0) for n in names[1:] if n in r["cmed"] and c0]
        print("%s %s: %s" % (line, r["name"], ", ".join(cells)))
        line = " " * len(line)
    for n in notes:
        print("  n/a: " + n)

    ck, mc, ht = a.checker, a.memcheck, a.heaptrack
    q = a.quarantine_mb
    print()
    print("Checker targets (wall-time medians; PASS/MISS is a figure, not a test)")
    cols = ["memcheck/checker >=10x", "checker/heaptrack <=1x (synth)",
            "checker/native <=3x (real)", "checker RSS <= 2*native+%gM" % q]
    head = "%-*s %-5s  %s" % (width, "workload", "kind", "  ".join("%-31s" % c for c in cols))
    print(head.rstrip())
    print("-" * len(head.rstrip()))

    def cell(ok, text):
        return "%-31s" % ("%s %s" % (text, "PASS" if ok else "MISS"))
    for r in results:
        med, rss = r["med"], r["rss"]
        have = ck in med
        cells = []
        if have and mc in med:
            x = med[mc] / med[ck]
            cells.append(cell(x >= 10.0, "%.2fx" % x))
        else:
            cells.append("%-31s" % "n/a")
        if r["kind"] != "synth":
            cells.append("%-31s" % "-")
        elif have and ht in med:
            x = med[ck] / med[ht]
            cells.append(cell(x <= 1.0, "%.2fx" % x))
        else:
            cells.append("%-31s" % "n/a")
        if r["kind"] != "real":
            cells.append("%-31s" % "-")
        elif have:
            x = med[ck] / med[names[0]]
            cells.append(cell(x <= 3.0, "%.2fx" % x))
        else:
            cells.append("%-31s" % "n/a")
        if have:
            bound = 2 * mib(rss[names[0]]) + q
            cells.append(cell(mib(rss[ck]) <= bound, "%.1fM vs %.1fM" % (mib(rss[ck]), bound)))
        else:
            cells.append("%-31s" % "n/a")
        print(("%-*s %-5s  %s" % (width, r["name"], r["kind"], "  ".join(cells))).rstrip())
    # AddressSanitizer needs a rebuild: only the synth workloads have one.
    # A reference for the targets above, not a target itself.
    refs = [r for r in results if a.asan in r["med"] and ck in r["med"]]
    if refs:
        print("Reference: AddressSanitizer on the rebuilt synth workloads (same medians)")
        for r in refs:
            med, rss = r["med"], r["rss"]
            line = "  %-*s checker/asan time %.2fx, RSS %.2fx" % (
                width, r["name"], med[ck] / med[a.asan], rss[ck] / rss[a.asan])
            if mc in med:
                line += "; memcheck/asan %.2fx" % (med[mc] / med[a.asan])
            print(line)
    # The quarantine floor: the checker's quarantine and fills, nothing
    # checked (bench/qfloor.c).  What memcheck/floor says is the most any
    # heap that keeps freed memory out of reuse so can be faster than
    # memcheck here; checker/floor is what the checking costs on top.
    refs = [r for r in results if a.floor in r["med"] and ck in r["med"]]
    if refs:
        print("Reference: the quarantine floor, bench/qfloor.c (quarantine and fills, "
              "no checks; same medians)")
        for r in refs:
            med, rss = r["med"], r["rss"]
            line = "  %-*s floor/native %.2fx; checker/floor time %.2fx, RSS %.2fx" % (
                width, r["name"], med[a.floor] / med[names[0]], med[ck] / med[a.floor],
                rss[ck] / rss[a.floor])
            if mc in med:
                line += "; memcheck/floor %.2fx" % (med[mc] / med[a.floor])
            print(line)
    try:
        print("  load average at the end: %.2f (%d CPUs)" % (os.getloadavg()[0], os.cpu_count()))
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
