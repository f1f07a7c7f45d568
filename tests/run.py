#!/usr/bin/env python3
"""alloc8's one test runner (`make check` calls it).

Kinds of test, found by where they live:

  tests/sh/NAME.sh        a bash script; exit 0 pass, 77 skip (reason = last
                          stdout line), anything else fails.
  tests/api/NAME.c|.cc    a program that checks its own results (exit 0 and
                          prints "OK").  Built -O0 -g -fno-builtin and run in
                          every mode: native, fast, checker, the simple_heap
                          example heap.  Header lines may narrow it:
                            // MODES: native fast        (only these modes)
                            // ARGS: a b                 (program arguments)
                            // LIBS: -lpthread -ldl      (extra link flags)
  tests/bugs/NAME.c|.cc   one heap bug per program, run under the checker;
                          the report must contain each `// CHECK: text` line
                          in order (`// CHECK-NOT: text` must not appear).
                          In CHECK text, `@BUG` stands for `FILE:LINE` of the
                          source line carrying the marker `// BUG`, `@LINE:tag`
                          for the line marked `// LINE:tag`, and `{{re}}` is a
                          regular expression.  Also honoured: `// OPTIONS: k=v`
                          (ALLOC8_OPTIONS), `// EXIT: N`, `// CFLAGS: -O2`,
                          `// ULIMIT_V: KiB` (address-space limit).

Environment given to every test: A8_ROOT, A8_BUILD, A8_LIB (checker),
A8_FAST, A8_SIMPLE (example heap), A8_TMP (fresh directory), CC, CXX, and
XDG_RUNTIME_DIR (one directory for the run: the frames cache, sym_cache).

Usage: tests/run.py [-j N | -jN] [-v] [SUBSTRING ...]   (run the matching tests)
The last line is `N passed, N failed` (`, N skipped` may follow).
"""
import concurrent.futures as cf
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
LIB = os.path.join(BUILD, "liballoc8.so")
FAST = os.path.join(BUILD, "liballoc8-fast.so")
SIMPLE = os.path.join(BUILD, "examples", "libsimpleheap.so")
CC = os.environ.get("CC", "gcc")
CXX = os.environ.get("CXX", "g++")
TIMEOUT = int(os.environ.get("A8_TEST_TIMEOUT", "600"))
TEST_CFLAGS = ["-O0", "-g", "-fno-builtin", "-Wall", "-I" + os.path.join(ROOT, "include")]

MODES = {
    "native": None,
    "fast": FAST,
    "checker": LIB,
    "simple": SIMPLE,
}


class Result:
    def __init__(self, name, status, detail=""):
        self.name, self.status, self.detail = name, status, detail


# One frames cache (option sym_cache) for the whole run, shared by every
# test: later tests' reports read frames the earlier ones wrote, so both
# ways of symbolizing meet the same CHECK lines; the user's own cache is
# left alone.
CACHE = tempfile.mkdtemp(prefix="a8cache-")


def base_env(tmp):
    env = dict(os.environ)
    env.update(A8_ROOT=ROOT, A8_BUILD=BUILD, A8_LIB=LIB, A8_FAST=FAST,
               A8_SIMPLE=SIMPLE, A8_TMP=tmp, CC=CC, CXX=CXX, XDG_RUNTIME_DIR=CACHE)
    env.pop("ALLOC8_OPTIONS", None)
    env.pop("LD_PRELOAD", None)
    return env


def run(cmd, env, cwd=None, timeout=TIMEOUT):
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace")
        return -999, out, err + "\n[timed out after %ds]" % timeout


def headers(src):
    h = {}
    with open(src, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*//\s*(MODES|ARGS|LIBS|OPTIONS|EXIT|CFLAGS|ULIMIT_V):\s*(.*)$", line)
            if m:
                h[m.group(1)] = m.group(2).strip()
    return h


def compile_prog(src, out, extra_cflags, libs, env):
    cxx = src.endswith(".cc") or src.endswith(".cpp")
    cmd = [CXX if cxx else CC] + TEST_CFLAGS + extra_cflags + [src, "-o", out] + libs
    rc, so, se = run(cmd, env, timeout=300)
    return rc, so + se


def tail(text, n=40):
    lines = text.splitlines()
    return "\n".join(lines[-n:])


# ---- tests/sh -------------------------------------------------------------------

def sh_test(path):
    name = "sh/" + os.path.basename(path)
    tmp = tempfile.mkdtemp(prefix="a8t-")
    try:
        rc, out, err = run(["bash", path], base_env(tmp), cwd=tmp)
        if rc == 0:
            return Result(name, "pass")
        if rc == 77:
            lines = out.strip().splitlines()
            return Result(name, "skip", lines[-1] if lines else "no reason given")
        return Result(name, "fail", "exit %d\n--- stdout\n%s\n--- stderr\n%s"
                      % (rc, tail(out), tail(err)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- tests/api --------------------------------------------------------------

def api_test(path):
    h = headers(path)
    modes = h.get("MODES", "native fast checker simple").split()
    tmp = tempfile.mkdtemp(prefix="a8t-")
    env = base_env(tmp)
    results = []
    try:
        exe = os.path.join(tmp, "prog")
        rc, out = compile_prog(path, exe, h.get("CFLAGS", "").split(),
                               h.get("LIBS", "").split(), env)
        if rc != 0:
            return [Result("api/%s" % os.path.basename(path), "fail",
                           "compile failed:\n" + tail(out))]
        for mode in modes:
            name = "api/%s [%s]" % (os.path.basename(path), mode)
            e = dict(env)
            lib = MODES[mode]
            if lib:
                if not os.path.exists(lib):
                    results.append(Result(name, "fail", "library missing: " + lib))
                    continue
                e["LD_PRELOAD"] = lib
            e["A8_MODE"] = mode
            rc, so, se = run([exe] + h.get("ARGS", "").split(), e, cwd=tmp)
            if rc == 0 and "OK" in so.split():
                results.append(Result(name, "pass"))
            else:
                results.append(Result(name, "fail", "exit %d\n--- stdout\n%s\n--- stderr\n%s"
                                      % (rc, tail(so), tail(se))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return results


# ---- tests/bugs ---------------------------------------------------------------

def marker_lines(src):
    marks = {}
    with open(src, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if re.search(r"//\s*BUG\b", line) and "CHECK" not in line:
                marks.setdefault("BUG", i)
            for m in re.finditer(r"//\s*LINE:(\w+)", line):
                marks.setdefault(m.group(1), i)
    return marks


def check_pattern(text, src):
    """CHECK text → regular expression."""
    base = os.path.basename(src)
    marks = marker_lines(src)
    out, pos = [], 0
    for m in re.finditer(r"\{\{(.*?)\}\}|@BUG|@LINE:(\w+)", text):
        out.append(re.escape(text[pos:m.start()]))
        if m.group(0) == "@BUG":
            if "BUG" not in marks:
                raise ValueError("@BUG used but no line is marked // BUG")
            out.append(re.escape("%s:%d" % (base, marks["BUG"])))
        elif m.group(2):
            if m.group(2) not in marks:
                raise ValueError("no line marked // LINE:" + m.group(2))
            out.append(re.escape("%s:%d" % (base, marks[m.group(2)])))
        else:
            out.append(m.group(1))
        pos = m.end()
    out.append(re.escape(text[pos:]))
    return "".join(out)


def bug_test(path):
    name = "bugs/" + os.path.basename(path)
    h = headers(path)
    checks = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*//\s*(CHECK|CHECK-NOT):\s?(.*)$", line)
            if m:
                checks.append((m.group(1), m.group(2).rstrip()))
            elif re.match(r"\s*//.*\b(CHECK|CHECK-NOT):", line):
                # A directive run into a comment line (a reflowed header)
                # would silently check nothing.
                return Result(name, "fail", "CHECK not at the start of its line: " + line.strip())
    tmp = tempfile.mkdtemp(prefix="a8t-")
    env = base_env(tmp)
    try:
        exe = os.path.join(tmp, "prog")
        rc, out = compile_prog(path, exe, h.get("CFLAGS", "").split(),
                               h.get("LIBS", "").split(), env)
        if rc != 0:
            return Result(name, "fail", "compile failed:\n" + tail(out))
        env["LD_PRELOAD"] = LIB
        if "OPTIONS" in h:
            env["ALLOC8_OPTIONS"] = h["OPTIONS"]
        cmd = [exe] + h.get("ARGS", "").split()
        if "ULIMIT_V" in h:  # an address-space limit (KiB) for this program only
            cmd = ["bash", "-c", 'ulimit -v %d && exec "$@"' % int(h["ULIMIT_V"]), "prog"] + cmd
        rc, so, se = run(cmd, env, cwd=tmp)
        report = se
        problems = []
        if "EXIT" in h and rc != int(h["EXIT"]):
            problems.append("exit status %d, expected %s" % (rc, h["EXIT"]))
        pos = 0
        for kind, text in checks:
            try:
                rx = re.compile(check_pattern(text, path))
            except (ValueError, re.error) as e:
                problems.append("bad CHECK line %r: %s" % (text, e))
                continue
            if kind == "CHECK":
                m = rx.search(report, pos)
                if not m:
                    problems.append("not found (after offset %d): %s" % (pos, text))
                    break
                pos = m.end()
            elif rx.search(report):
                problems.append("CHECK-NOT matched: %s" % text)
        if problems:
            return Result(name, "fail", "\n".join(problems) + "\n--- report (stderr)\n"
                          + tail(report, 80) + "\n--- stdout\n" + tail(so, 10))
        return Result(name, "pass")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def discover(filters):
    jobs = []
    def want(p):
        return not filters or any(f in p for f in filters)
    for sub, fn, exts in (("sh", sh_test, (".sh",)),
                          ("api", api_test, (".c", ".cc")),
                          ("bugs", bug_test, (".c", ".cc"))):
        d = os.path.join(ROOT, "tests", sub)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            p = os.path.join(d, f)
            if f.endswith(exts) and want(sub + "/" + f):
                jobs.append((fn, p))
    return jobs


def main():
    args = sys.argv[1:]
    jobs_n = max(2, os.cpu_count() or 2)
    verbose = False
    filters = []
    while args:
        a = args.pop(0)
        if a == "-j":
            jobs_n = int(args.pop(0))
        elif re.fullmatch(r"-j\d+", a):
            jobs_n = int(a[2:])
        elif a == "-v":
            verbose = True
        elif a.startswith("-"):
            # Taken as a filter it would match nothing: 0 failed, wrongly green.
            sys.exit("tests/run.py: unknown option %s (usage: [-j N] [-v] [SUBSTRING ...])" % a)
        else:
            filters.append(a)
    try:
        return main_run(filters, jobs_n, verbose)
    finally:
        shutil.rmtree(CACHE, ignore_errors=True)


def main_run(filters, jobs_n, verbose):
    jobs = discover(filters)
    passed = failed = skipped = 0
    failures = []
    t0 = time.time()
    with cf.ThreadPoolExecutor(max_workers=jobs_n) as ex:
        futs = [ex.submit(fn, p) for fn, p in jobs]
        for fut in cf.as_completed(futs):
            try:
                res = fut.result()
            except Exception as e:  # a runner bug must fail loudly, not pass
                res = Result("runner", "fail", repr(e))
            for r in res if isinstance(res, list) else [res]:
                if r.status == "pass":
                    passed += 1
                    print("PASS  %s" % r.name, flush=True)
                elif r.status == "skip":
                    skipped += 1
                    print("SKIP  %s: %s" % (r.name, r.detail), flush=True)
                else:
                    failed += 1
                    failures.append(r)
                    print("FAIL  %s" % r.name, flush=True)
                    if verbose:
                        print(r.detail, flush=True)
    for r in failures:
        print("\n==== FAIL %s ====\n%s" % (r.name, r.detail))
    print("\n(%d tests in %.0f s)" % (passed + failed + skipped, time.time() - t0))
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed or (passed == 0) else 0


if __name__ == "__main__":
    sys.exit(main())
