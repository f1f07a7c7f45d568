#!/usr/bin/env python3
"""compare.py — interleaved wall-time and callgrind comparison of alloc8 modes.

Driven by bench/alloc_bench.sh.  For each workload every mode is run in one
interleaved sequence (round 1: A B C …, round 2: B C … A, …; the order
rotates so no mode always runs right after another), and the table shows the
median wall time of each mode divided by the median of the native run.

A mode that fails — non-zero exit, a signal, a time-out, or output that differs
from the native run's (the workloads print checksums) — is shown as "n/a" with
the reason and is not run again for that workload.  A mode whose first run is
more than SLOW_RATIO times native gets only MIN_RUNS runs, to keep the bench
short.  Exit status is 0 unless the native run itself fails: a target MISS is
a figure, not a test failure.

Workload spec (--workload, repeatable):  NAME|TARGET|CMD
    TARGET  the fast-mode ratio to meet ("-" for none)
    CMD     a shell-free command line (shlex); leading VAR=value words are
            environment for the measured program only
Mode spec (--mode, repeatable):  NAME=/absolute/path/lib.so, or NAME= (native)
Command-prefix mode (--mode-cmd, repeatable, in order with --mode):
    NAME=PREFIX  leading VAR=value words are environment for the measured
            command, the rest goes in front of it (see Mode; used by
            bench/checker_compare.py for valgrind and heaptrack)
Every run's wall time, CPU time (user+sys) and peak RSS (wait4 ru_maxrss) is
kept; this script's own table shows wall and CPU time.
Callgrind spec (--callgrind, repeatable):  NAME|TOGGLE|CALLS|CMD
    TOGGLE  a function to count (--toggle-collect), or "-" for the whole run
    CALLS   allocator calls the run makes, to print the extra cost per call
            ("-" if unknown)
    counted for native and each mode in --callgrind-mode (comma-separated).
"""
import argparse
import glob
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MIN_RUNS = 5
SLOW_RATIO = 3.0


def parse_cmd(text):
    words = shlex.split(text)
    env = {}
    while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
        k, v = words.pop(0).split("=", 1)
        env[k] = v
    return env, words


class Mode:
    """How one mode runs a workload: a preload library (LD_PRELOAD=lib for the
    measured program only), or a command prefix with its own environment
    (valgrind …, heaptrack -o {tmp} …, VAR=value …); neither = native.
    {tmp} in a prefix becomes a fresh path under /tmp for each run, and every
    file starting with it is removed afterwards.  filter: a regex; lines of
    the output that match it are dropped (from this mode's and native's
    output) before the two are compared.  runs: at most this many rounds."""

    def __init__(self, name, preload=None, prefix=None, env=None, filt=None, runs=None):
        self.name, self.preload = name, preload
        self.prefix, self.env = prefix or [], env or {}
        self.filter = re.compile(filt.encode()) if filt else None
        self.runs = runs

    @property
    def native(self):
        return not (self.preload or self.prefix or self.env)


def parse_mode(text):
    """--mode NAME=/abs/lib.so, or NAME= (native)."""
    name, _, lib = text.partition("=")
    return Mode(name, preload=lib or None)


def parse_mode_cmd(text):
    """--mode-cmd NAME=PREFIX: leading VAR=value words are environment, the
    rest (possibly nothing) is put in front of the workload's command."""
    name, _, rest = text.partition("=")
    env, prefix = parse_cmd(rest)
    return Mode(name, prefix=prefix, env=env)


def filtered(out, mode):
    if mode.filter is None:
        return out
    return b"\n".join(l for l in out.split(b"\n") if not mode.filter.search(l))


_tmp_seq = [0]


TIME = "/usr/bin/time"


def run_once(argv, extra_env, mode, timeout, rss=False):
    """Run one measured command.  Returns (wall s, cpu s, stdout, err, peak RSS
    KiB).  CPU comes from wait4() on the child: user+sys of it and of the
    children it waited for.  Peak RSS (rss=True): the child's ru_maxrss would
    start from this Python process's size (Linux carries the high-water mark
    across fork and exec), so the command is run under GNU time, whose small
    process forks it, and time's %M is the figure: the largest resident set in
    the tree (under valgrind or heaptrack, the tool's).  The mode's variables
    (LD_PRELOAD …) then reach the command through env(1), not time itself.
    Without rss, or without /usr/bin/time, the RSS is wait4's."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    env.update(extra_env)
    menv = dict(mode.env)
    if mode.preload:
        menv["LD_PRELOAD"] = mode.preload
    tmp = None
    prefix = mode.prefix
    if any("{tmp}" in w for w in prefix):
        _tmp_seq[0] += 1
        tmp = "/tmp/alloc8-bench.%d.%d" % (os.getpid(), _tmp_seq[0])
        prefix = [w.replace("{tmp}", tmp) for w in prefix]
    rss_file = None
    if rss and os.access(TIME, os.X_OK):
        rss_file = "/tmp/alloc8-bench-rss.%d" % os.getpid()
        prefix = ([TIME, "-f", "%M", "-o", rss_file, "/usr/bin/env"] +
                  ["%s=%s" % kv for kv in menv.items()] + prefix)
    else:
        env.update(menv)
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    killed = []

    def kill(pid):
        killed.append(1)
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(prefix + argv, env=env, stdin=subprocess.DEVNULL, stdout=out_f,
                                 stderr=err_f, start_new_session=True)
        except OSError as e:
            return None, None, None, str(e), None
        timer = threading.Timer(timeout, kill, (p.pid,))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        if killed:
            return None, None, None, "timed out after %.0f s" % timeout, None
        cpu = ru.ru_utime + ru.ru_stime
        out_f.seek(0)
        out = out_f.read()
        if p.returncode != 0:
            err_f.seek(0)
            tail = err_f.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
            why = ("signal %d" % -p.returncode) if p.returncode < 0 else ("exit %d" % p.returncode)
            return None, None, None, (why + (": " + tail[0][:60] if tail[0] else "")), None
        maxrss = ru.ru_maxrss
        if rss_file:
            with open(rss_file) as f:
                maxrss = int(f.read().split()[-1])
        return dt, cpu, out, None, maxrss
    finally:
        out_f.close()
        err_f.close()
        if rss_file:
            try:
                os.unlink(rss_file)
            except OSError:
                pass
        if tmp:
            for f in glob.glob(tmp + "*"):
                try:
                    os.unlink(f)
                except OSError:
                    pass


def bench_workload(name, target, cmd, modes, runs, timeout_min, timeout_factor, rss=False):
    """Run every mode of one workload in interleaved rounds.  modes: Mode
    objects, native first; rss: measure peak RSS under GNU time (run_once).
    Returns medians of wall time, CPU time and peak
    RSS per mode, the raw times, and the reason of each mode that failed."""
    env, argv = parse_cmd(cmd)
    times = {m.name: [] for m in modes}
    cpus = {m.name: [] for m in modes}
    rsss = {m.name: [] for m in modes}
    failed = {}
    reference = None
    want = {m.name: min(runs, m.runs or runs) for m in modes}
    native_first = None
    for rnd in range(runs):
        order = modes[rnd % len(modes):] + modes[:rnd % len(modes)]
        for mode in order:
            mname = mode.name
            if mname in failed or len(times[mname]) >= want[mname]:
                continue
            if mode.native:
                timeout = 3600
            else:
                base = native_first if native_first is not None else timeout_min
                timeout = max(timeout_min, timeout_factor * base)
            dt, cpu, out, err, rss = run_once(argv, env, mode, timeout, rss)
            if err is None and mode.native and reference is None:
                reference = out
            elif (err is None and reference is not None
                  and filtered(out, mode) != filtered(reference, mode)):
                err = "output differs from native"
            if err:
                failed[mname] = err
                if mode.native:
                    print("  %s: native run failed: %s" % (name, err), file=sys.stderr)
                    return None
                continue
            times[mname].append(dt)
            cpus[mname].append(cpu)
            rsss[mname].append(rss)
            if mode.native and native_first is None:
                native_first = dt
            if (not mode.native and native_first and len(times[mname]) == 1
                    and dt > SLOW_RATIO * native_first):
                want[mname] = min(want[mname], MIN_RUNS)
        if rnd == 0 and reference is None:
            return None
    med = {m: statistics.median(t) for m, t in times.items() if t and m not in failed}
    cmed = {m: statistics.median(t) for m, t in cpus.items() if t and m not in failed}
    rmed = {m: statistics.median(t) for m, t in rsss.items() if t and m not in failed}
    return {"name": name, "target": target, "med": med, "cmed": cmed, "rss": rmed,
            "times": times, "failed": failed, "want": want}


def callgrind_count(argv, env_extra, preload, toggle):
    out_file = "/tmp/alloc8-bench-cg.%d" % os.getpid()
    cg = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file]
    if toggle:
        cg.append("--toggle-collect=" + toggle)
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    # The preload and the workload's own variables reach only the measured
    # program: valgrind follows the exec of env(1) and counts the program.
    inner = ["/usr/bin/env"] + ["%s=%s" % kv for kv in env_extra.items()]
    if preload:
        inner.append("LD_PRELOAD=" + preload)
    cg += ["--trace-children=yes"] + inner + argv
    try:
        p = subprocess.run(cg, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=900)
    except (subprocess.TimeoutExpired, OSError) as e:
        return None, str(e)
    finally:
        try:
            os.unlink(out_file)
        except OSError:
            pass
    counts = re.findall(rb"Collected : (\d+)", p.stderr)
    if p.returncode != 0 or not counts:
        return None, "valgrind exit %d" % p.returncode
    return int(counts[-1]), None


def fmt_ratio(r):
    return "%.3fx" % r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", action="append", dest="modes", type=parse_mode, default=[])
    ap.add_argument("--mode-cmd", action="append", dest="modes", type=parse_mode_cmd)
    ap.add_argument("--workload", action="append", default=[])
    ap.add_argument("--callgrind", action="append", default=[])
    ap.add_argument("--callgrind-mode", default="fast")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--target-mode", default="fast")
    ap.add_argument("--timeout-min", type=float, default=20.0)
    ap.add_argument("--timeout-factor", type=float, default=30.0)
    a = ap.parse_args()

    modes = a.modes
    names = [m.name for m in modes]
    runs = max(a.runs, MIN_RUNS)

    results = []
    for w in a.workload:
        name, target, cmd = w.split("|", 2)
        target = None if target == "-" else float(target)
        print("  running %s (%d interleaved rounds) ..." % (name, runs), file=sys.stderr, flush=True)
        r = bench_workload(name, target, cmd, modes, runs, a.timeout_min, a.timeout_factor)
        if r is None:
            print("bench: native %s failed" % name, file=sys.stderr)
            return 1
        results.append(r)

    width = max([len("workload")] + [len(r["name"]) for r in results] +
                [len(c.split("|", 1)[0]) for c in a.callgrind])
    print()
    print("Wall time, median of interleaved runs, as a ratio to native "
          "(target for %s in brackets)" % a.target_mode)
    head = "%-*s  %10s" % (width, "workload", "native")
    for n in names[1:]:
        head += "  %12s" % n
    head += "  %s" % "fast target"
    print(head)
    print("-" * len(head))
    notes = []
    for r in results:
        native = r["med"][names[0]]
        line = "%-*s  %9.3fs" % (width, r["name"], native)
        for n in names[1:]:
            if n in r["med"]:
                cell = fmt_ratio(r["med"][n] / native)
                if len(r["times"][n]) < runs:
                    cell += "*"
            else:
                cell = "n/a"
                notes.append("%s under %s: %s" % (r["name"], n, r["failed"].get(n, "not built")))
            line += "  %12s" % cell
        if r["target"] is not None and a.target_mode in r["med"]:
            ratio = r["med"][a.target_mode] / native
            line += "  <= %.2fx %s" % (r["target"], "PASS" if ratio <= r["target"] else "MISS")
        elif r["target"] is not None:
            line += "  <= %.2fx n/a" % r["target"]
        print(line)
    print("(runs per mode: %d; * = a slow mode, %d runs)" % (runs, MIN_RUNS))
    for r in results:
        spread = []
        for n in names:
            t = r["times"][n]
            if len(t) >= 2 and n not in r["failed"]:
                spread.append("%s %.1f%%" % (n, 100.0 * (max(t) - min(t)) / statistics.median(t)))
        print("  spread (max-min)/median, %s: %s" % (r["name"], ", ".join(spread)))
    for n in notes:
        print("  n/a: " + n)
    # CPU time (user + sys of the child) is less disturbed by other load on
    # the machine than wall time: a second opinion when the spread is large.
    line = "  CPU-time ratios (median user+sys):"
    for r in results:
        c0 = r["cmed"].get(names[0])
        cells = ["%s %s" % (n, fmt_ratio(r["cmed"][n] / c0)) for n in names[1:]
                 if n in r["cmed"] and c0]
        print("%s %s: %s" % (line, r["name"], ", ".join(cells)))
        line = " " * len(line)
    try:
        print("  load average at the end: %.2f (%d CPUs)" % (os.getloadavg()[0], os.cpu_count()))
    except OSError:
        pass

    if a.callgrind:
        cmodes = [m for m in a.callgrind_mode.split(",") if m]
        libs = {m.name: m.preload for m in modes}
        print()
        print("Instructions under callgrind (exact), as a ratio to native")
        print("%-*s  %-12s  %14s  %8s  %s" % (width, "workload", "mode", "Ir", "ratio",
                                            "extra Ir per allocator call"))
        for c in a.callgrind:
            name, toggle, calls, cmd = c.split("|", 3)
            env, argv = parse_cmd(cmd)
            toggle = None if toggle == "-" else toggle
            print("  callgrind %s ..." % name, file=sys.stderr, flush=True)
            n0, e0 = callgrind_count(argv, env, None, toggle)
            if n0 is None:
                print("%-*s  %-12s  n/a (%s)" % (width, name, "native", e0))
                continue
            print("%-*s  %-12s  %14d  %8s" % (width, name, "native", n0, "1"))
            for m in cmodes:
                if not libs.get(m):
                    continue
                n1, e1 = callgrind_count(argv, env, libs[m], toggle)
                if n1 is None:
                    print("%-*s  %-12s  n/a (%s)" % (width, "", m, e1))
                    continue
                per = "%+.1f" % ((n1 - n0) / float(calls)) if calls != "-" else "-"
                print("%-*s  %-12s  %14d  %8s  %s" % (width, "", m, n1, "%.4fx" % (n1 / n0), per))
    return 0


if __name__ == "__main__":
    sys.exit(main())
