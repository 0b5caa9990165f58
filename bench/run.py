#!/usr/bin/env python3
"""bench/run.py — runs the benchmark suite (`make bench` builds, then runs this).

Every workload exists three ways: Async C (built by acc -O2), hand-written
libuv C (-O2) and Python asyncio.  Each program runs --reps times (default 5)
in its own process, the implementations interleaved round-robin so that a
burst of machine noise hits all of them alike; the figure is the median of
the runs.  Each program prints "key=value" lines (bench/common/bench_util.h).

Prints one table and writes it with the machine and date to
BUILD/bench/RESULTS.md; with --publish (`make bench-publish`) to
bench/RESULTS.md and into the README's "Benchmarks" section instead, so a
plain `make bench` leaves the work tree unchanged.  Exits non-zero only
when a program fails to build or run, never because of a figure.

Standard library only.
"""
import argparse
import datetime
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = sys.executable or "python3"
IMPLS = ("ac", "uv", "py")
NAMES = {"ac": "Async C", "uv": "libuv by hand", "py": "asyncio"}
PENDING_IO = "n/a (I/O layer pending)"

# Sizes.  Per-item figures use the issue's sizes; in-process rounds (best
# of R, the first round pays the page faults of fresh memory) are fewer for
# Python, whose rounds take seconds.  f's asyncio runs fewer round trips
# per connection (its rate per round trip is what is compared).
SIZES = {
    "a": {"n": 200000, "rounds": {"ac": 3, "uv": 3, "py": 2}},
    "b": {"tasks": 1000, "k": 200, "rounds": {"ac": 3, "uv": 3, "py": 2}},
    "c": {"n": 1000000, "rounds": {"ac": 5, "uv": 5, "py": 2}},
    "d": {"n": 100000},
    "e": {"n": 100000, "rounds": {"ac": 3, "uv": 3, "py": 2}},
    "f": {"conns": 50, "msgs": {"ac": 2000, "uv": 2000, "py": 500}},
    "g": {"copies": 1000},
    "h": {"n": {"ac": 1000000, "uv": 1000000, "py": 100000}, "rounds": {"ac": 3, "uv": 3, "py": 2}},
    "i": {"tasks": 100, "k": {"ac": 2000, "uv": 2000, "py": 200},
          "rounds": {"ac": 3, "uv": 3, "py": 2}},
    "j": {"requests": "4000", "conns": "32", "work": "200000"},
}


def workloads(bdir):
    """(id, impl) -> argv of the program."""
    s = SIZES
    def prog(sub, name, impl, *args):
        args = [str(a) for a in args]
        if impl == "py":
            return [PY, os.path.join(HERE, sub, name + ".py")] + args
        return [os.path.join(bdir, sub, name + "_" + impl)] + args
    w = {}
    for impl in IMPLS:
        w["a", impl] = prog("a_spawn", "spawn", impl, s["a"]["n"], s["a"]["rounds"][impl])
        w["b", impl] = prog("b_switch", "switch", impl, s["b"]["tasks"], s["b"]["k"],
                            s["b"]["rounds"][impl])
        w["c", impl] = prog("c_await", "await", impl, s["c"]["n"], s["c"]["rounds"][impl])
        w["d", impl] = prog("d_memory", "memory", impl, s["d"]["n"])
        w["e", impl] = prog("e_timers", "timers", impl, s["e"]["n"],
                            s["e"]["rounds"][impl])
        w["f", impl] = prog("f_echo", "echo", impl, s["f"]["conns"], s["f"]["msgs"][impl])
        w["h", impl] = prog("h_queue", "queue", impl, s["h"]["n"][impl], s["h"]["rounds"][impl])
        w["i", impl] = prog("i_lock", "lock", impl, s["i"]["tasks"], s["i"]["k"][impl],
                            s["i"]["rounds"][impl])
    if not os.path.exists(os.path.join(HERE, "f_echo", "echo.ac")):
        del w["f", "ac"]  # the hook: see bench/f_echo/README.md
    return w


# Rows of the table: (row id, workload, key, title, unit, goal, better).
# goal: (op, value) for the Async C figure, or None.
ROWS = [
    ("a", "a", "ns_per_task", "a. spawn + gather 200,000 trivial tasks (steady state)",
     "ns/task", ("<=", 20), "lower"),
    ("a1", "a", "first_ns_per_task", "a'. the same, first round (fresh memory)",
     "ns/task", None, "lower"),
    ("b", "b", "ns_per_switch", "b. sleep(0) switch, 1,000 tasks × 200",
     "ns/switch", ("<=", 8), "lower"),
    ("c", "c", "ns_per_await", "c. await of a function that returns at once, 1,000,000",
     "ns/await", ("<=", 3), "lower"),
    ("c1", "c", "ns_per_call", "c'. plain function call in the same loop",
     "ns/call", None, "lower"),
    ("c2", "c", "ns_per_await_susp",
     "c''. await of a function that can suspend but returns at once, 1,000,000",
     "ns/await", ("ratio<=", 2), "lower"),
    ("d", "d", "bytes_per_task", "d. bytes per suspended task (100,000 awaiting own future)",
     "B/task", ("<=", 96), "lower"),
    ("e", "e", "ms_past",
     "e. 100,000 sleeps of 0–100 ms gathered: time past the longest (steady state)",
     "ms", ("<=", 10), "lower"),
    ("e1", "e", "first_ms_past", "e'. the same, first round (fresh memory)",
     "ms", None, "lower"),
    ("f", "f", "rt_per_s", "f. TCP echo 127.0.0.1, 50 conns × 2,000 × 64 B",
     "round trips/s", ("ratio>=", 0.9), "higher"),
    ("h", "h", "ns_per_item", "h. Queue(maxsize=1) handoff between two tasks, put + get",
     "ns/item", ("ratio<=", 2), "lower"),
    ("i", "i", "ns_per_acquire", "i. Lock under contention: 100 tasks, acquire + sleep(0) + release",
     "ns/acquire", ("ratio<=", 2), "lower"),
    ("f1", "f", "rt_per_s_protocols", "f'. the same, asyncio with protocols instead of streams",
     "round trips/s", None, "higher"),
]


def run_prog(argv, timeout=300, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout, env=env)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError("%s exited %d:\n%s%s" % (" ".join(argv), p.returncode,
                                                    p.stdout, p.stderr))
    vals = {}
    for line in p.stdout.splitlines():
        m = re.match(r"^(\w+)=(-?[0-9.eE+-]+)$", line.strip())
        if m:
            vals[m.group(1)] = float(m.group(2))
    return vals, dt


def fmt(v, unit=""):
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    a = abs(v)
    if unit == "round trips/s" or a >= 100000:
        return "{:,.0f}".format(v)
    if a >= 100:
        return "{:,.0f}".format(v)
    if a >= 10:
        return "{:.1f}".format(v)
    return "{:.2f}".format(v)


def ratio(x, y):
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and y:
        return x / y
    return None


def fmt_ratio(r):
    return "—" if r is None else "{:.2f}×".format(r)


def goal_text(goal, unit):
    if goal is None:
        return "—"
    op, v = goal
    if op == "ratio>=":
        return "≥ {}× by hand".format(v)
    if op == "ratio<=":
        return "≤ {}× by hand".format(v)
    return "{} {:g} {}".format("≤" if op == "<=" else "≥", v, unit)


def goal_met(goal, ac, uv):
    if goal is None or not isinstance(ac, (int, float)):
        return "—"
    op, v = goal
    if op == "<=":
        return "yes" if ac <= v else "no"
    if op == ">=":
        return "yes" if ac >= v else "no"
    if op == "ratio>=":
        r = ratio(ac, uv)
        return "—" if r is None else ("yes" if r >= v else "no")
    if op == "ratio<=":
        r = ratio(ac, uv)
        return "—" if r is None else ("yes" if r <= v else "no")
    return "—"


# ---------------------------------------------------------------------------
# g: the compiler.

def timed(argv, env=None, cwd=None):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=env, cwd=cwd)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError("%s exited %d:\n%s%s" % (" ".join(argv), p.returncode,
                                                    p.stdout, p.stderr))
    return dt


def cpu_timed(argv, env=None):
    """CPU time (user + sys) of a command and the processes it runs: unlike
    the elapsed time, it does not grow with the machine's load (the
    translation rows g, g0 and g3 use it)."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    timed(argv, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def runtime_libs(bdir):
    """The runtime's link libraries, from the build tree's acrt.pc (which
    mk/install.mk makes from the Makefile's UV_LIBS, the one list)."""
    with open(os.path.join(bdir, "lib", "pkgconfig", "acrt.pc")) as f:
        for line in f:
            if line.startswith("Libs.private:"):
                return line.split()[1:]
    raise RuntimeError("acrt.pc has no Libs.private: line")


# g3: one long list (bench/g_compiler/gen_lists.py): the translation must
# stay linear in the input, near the C compiler's own parse of it.
LIST_SHAPES = (("init", "an initializer"), ("stmts", "a function's statements"),
               ("async_stmts", "an async function's statements"))
LIST_SIZES = (10000, 100000, 1000000)


def list_rows(acc, cc, wrapper, tmp, reps, log):
    """acc's translation time (cpp replayed, as for g) ÷ `cc -fsyntax-only`
    on the same preprocessed text (for async code: on acc's output), per
    shape and size; one row per shape with the largest ratio, the figures
    in notes."""
    rows, notes = [], []
    for shape, what in LIST_SHAPES:
        worst, parts = 0.0, []
        for n in LIST_SIZES:
            src = os.path.join(tmp, "%s%d.ac" % (shape, n))
            subprocess.run([PY, os.path.join(HERE, "g_compiler", "gen_lists.py"), shape,
                            str(n), src], check=True)
            cache = os.path.join(tmp, "%s%d.i" % (shape, n))
            env = dict(os.environ, CC=wrapper, BENCH_CPP_CACHE=cache, BENCH_REAL_CC=cc)
            out_c = os.path.join(tmp, "%s%d.c" % (shape, n))
            timed([acc, "--emit-c", src, "-o", out_c], env=env)
            # C input for cc: the preprocessed unit itself when it is plain C.
            c_in = out_c if shape.startswith("async") else cache
            k = reps if n < 1000000 else max(1, reps // 3)
            t_acc, t_cc = [], []
            for _ in range(k):
                t_acc.append(cpu_timed([acc, "--emit-c", src, "-o", out_c], env=env)
                             - cpu_timed([wrapper, "-E", "x", "-o",
                                          os.path.join(tmp, "x.i")], env=env))
                t_cc.append(cpu_timed([cc, "-fsyntax-only", "-x", "cpp-output", c_in]))
            a, c = statistics.median(t_acc), statistics.median(t_cc)
            worst = max(worst, a / c)
            parts.append("%s: acc %.0f ms, cc %.0f ms (%.2f×)"
                         % ("{:,}".format(n), a * 1e3, c * 1e3, a / c))
            log("g3: %s %d: acc %.1f ms, cc -fsyntax-only %.1f ms" % (shape, n, a * 1e3,
                                                                      c * 1e3))
            os.remove(src)
        rows.append(("g3", "g3. acc translation ÷ cc -fsyntax-only: %s of 10k, 100k, "
                     "1M items (the largest ratio)" % what, "ratio",
                     worst, None, None, ("<=", 2)))
        notes.append("g3: %s: %s" % (what, "; ".join(parts)))
    return rows, notes


def bench_compiler(acc, bdir, reps, log):
    """Translation speed and acc/cc build times.  Returns (rows, notes)."""
    cc = os.environ.get("CC", "cc")
    inc = os.path.join(bdir, "include")
    lib = os.path.join(bdir, "lib", "libacrt.a")
    rt_libs = runtime_libs(bdir)
    wrapper = os.path.join(HERE, "g_compiler", "cc_cache.sh")
    tmp = tempfile.mkdtemp(prefix="acc-bench-")
    try:
        def translation(copies):
            """(lines, seconds of translation, seconds of --emit-c with cpp)."""
            src = os.path.join(tmp, "unit%d.ac" % copies)
            subprocess.run([PY, os.path.join(HERE, "g_compiler", "gen_unit.py"), src,
                            str(copies)], check=True)
            cache = os.path.join(tmp, "unit%d.i" % copies)
            env = dict(os.environ, CC=wrapper, BENCH_CPP_CACHE=cache, BENCH_REAL_CC=cc)
            out_c = os.path.join(tmp, "unit.c")
            # The first run records acc's own preprocessing (cc -E -C ...).
            timed([acc, "--emit-c", src, "-o", out_c], env=env)
            with open(cache, "rb") as f:
                lines = f.read().count(b"\n")
            full, replay, copy_only = [], [], []
            for _ in range(reps):
                full.append(timed([acc, "--emit-c", src, "-o", out_c]))
                replay.append(cpu_timed([acc, "--emit-c", src, "-o", out_c], env=env))
                copy_only.append(cpu_timed([wrapper, "-E", "x", "-o",
                                            os.path.join(tmp, "x.i")], env=env))
            t_full, t_replay, t_copy = (statistics.median(x)
                                        for x in (full, replay, copy_only))
            t_trans = max(t_replay - t_copy, 1e-6)
            log("g: %d copies: %d preprocessed lines; acc --emit-c %.1f ms elapsed; "
                "translation %.1f ms of CPU" % (copies, lines, t_full * 1e3,
                                                t_trans * 1e3))
            return lines, t_trans, t_full

        copies = SIZES["g"]["copies"]
        lines, t_trans, t_full = translation(copies)
        hlines, h_trans, _ = translation(0)
        rows = [
            ("g", "g. acc translation speed, cpp excluded: 26 system headers + %s "
             "copies of async code (%s lines)" % ("{:,}".format(copies),
                                                  "{:,}".format(lines)),
             "lines/s", lines / t_trans, None, None, (">=", 1e6)),
            ("g0", "g. the same, the 26 system headers alone (%s lines)"
             % "{:,}".format(hlines), "lines/s", hlines / h_trans, None, None,
             (">=", 1e6)),
            ("g1", "g'. acc --emit-c including its preprocessing (cc -E -C), "
             "the first unit", "lines/s", lines / t_full, None, None, None),
        ]
        list_r, list_notes = list_rows(acc, cc, wrapper, tmp, reps, log)
        rows += list_r
        # Build time: acc vs the same cc steps without the translation.
        progs = sorted(os.path.join(ROOT, "samples", f)
                       for f in os.listdir(os.path.join(ROOT, "samples"))
                       if f.endswith(".ac")) if os.path.isdir(os.path.join(ROOT, "samples")) else []
        progs.append(os.path.join(HERE, "g_compiler", "hello.ac"))
        per = []
        for src in progs:
            name = os.path.relpath(src, ROOT)
            exe = os.path.join(tmp, "prog")
            emitted = os.path.join(tmp, "prog.c")
            timed([acc, "--emit-c", "-O2", src, "-o", emitted])
            t_acc, t_cc = [], []
            for _ in range(reps):
                t_acc.append(timed([acc, "-O2", src, "-o", exe]))
                t = timed([cc, "-E", "-C", "-D__ASYNC_C__", "-I" + inc, "-include",
                           "acrt_forward.h", "-O2", "-x", "c", src, "-o",
                           os.path.join(tmp, "prog.i")])
                t += timed([cc, "-c", "-x", "cpp-output", "-O2", emitted, "-o",
                            os.path.join(tmp, "prog.o")])
                t += timed([cc, "-O2", os.path.join(tmp, "prog.o"), "-o", exe, lib]
                           + rt_libs)
                t_cc.append(t)
            a, c = statistics.median(t_acc), statistics.median(t_cc)
            per.append((name, a, c))
            log("g: %s: acc %.1f ms, cc steps %.1f ms" % (name, a * 1e3, c * 1e3))
        geo = math.exp(sum(math.log(a / c) for _, a, c in per) / len(per))
        rows.append(("g2", "g''. build time acc ÷ cc, -O2 (%d program%s: %s)"
                     % (len(per), "" if len(per) == 1 else "s",
                        ", ".join(os.path.basename(n) for n, _, _ in per)),
                     "ratio", geo, None, None, ("<=", 1.3)))
        notes = list_notes + ["g'': %s: acc %.0f ms, cc %.0f ms" % (n, a * 1e3, c * 1e3)
                              for n, a, c in per]
        return rows, notes
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# j: one loop per core.

def bench_cores(bdir, reps, log):
    """A CPU-bound TCP server on 1 and on 2 loops (bench/j_cores/cores.ac);
    the two runs alternate.  Returns rows like bench_compiler's."""
    exe = os.path.join(bdir, "bench", "j_cores", "cores_ac")
    n = SIZES["j"]
    rates = {1: [], 2: []}
    for rep in range(reps):
        for loops in (1, 2):
            vals, dt = run_prog([exe, str(loops), n["requests"], n["conns"],
                                 n["work"]])
            rates[loops].append(vals["req_per_s"])
            log("run %d/%d j/%d loop%s %5.2fs  req_per_s=%g" % (
                rep + 1, reps, loops, "" if loops == 1 else "s", dt,
                vals["req_per_s"]))
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    title = ("j. CPU-bound TCP server (%s requests, %s connections), %%s"
             % ("{:,}".format(int(n["requests"])), n["conns"]))
    return [
        ("j0", title % "1 loop", "req/s", one, None, None, None),
        ("j1", title % "2 loops (ac_run_threads, SO_REUSEPORT)", "req/s", two,
         None, None, None),
        ("j2", "j'. scaling: 2 loops ÷ 1 loop", "ratio", two / one, None, None,
         (">=", 1.6)),
    ]


# ---------------------------------------------------------------------------

def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = ["?"]
    return ("%d cores (nproc), %s, Linux %s, %s; load average at start %s"
            % (os.cpu_count() or 0, model, platform.release(),
               "Python " + platform.python_version(), " ".join(load)))


def build_table(res, runs, grows, reps, notes, when, mach):
    out = []
    out.append("Measured %s on %s." % (when, mach))
    out.append("")
    out.append("Median of %d runs, each in its own process, the three implementations "
               "interleaved. Lower is better except for round trips/s. "
               "\"AC/libuv\": Async C ÷ libuv by hand; \"asyncio/AC\": asyncio ÷ Async C "
               "(ratios of the figures as printed)." % reps)
    out.append("")
    out.append("| workload | unit | Async C | libuv by hand | asyncio | AC/libuv | asyncio/AC "
               "| goal for Async C | met |")
    out.append("|---|---|--:|--:|--:|--:|--:|---|---|")
    for rid, wid, key, title, unit, goal, better in ROWS:
        vals = {}
        for impl in IMPLS:
            v = res.get((wid, impl, key))
            if (v is None and key == "rt_per_s" and (wid, impl) in runs
                    and runs[wid, impl] == "pending"):
                v = PENDING_IO
            vals[impl] = v
        if all(v is None for v in vals.values()):
            continue
        ac, uv, py = vals["ac"], vals["uv"], vals["py"]
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            title, unit, fmt(ac, unit), fmt(uv, unit), fmt(py, unit),
            fmt_ratio(ratio(ac, uv)), fmt_ratio(ratio(py, ac)),
            goal_text(goal, unit), goal_met(goal, ac, uv)))
    for rid, title, unit, ac, uv, py, goal in grows:
        gt = ("≥ 1 M lines/s" if rid in ("g", "g0") else "≤ 1.3×" if rid == "g2"
              else "≥ 1.6×" if rid == "j2" else "≤ 2×" if rid == "g3" else "—")
        val = fmt(ac, unit) if unit != "ratio" else "{:.2f}×".format(ac)
        out.append("| %s | %s | %s | — | — | — | — | %s | %s |" % (
            title, unit, val, gt, goal_met(goal, ac, None)))
    out.append("")
    out.append("Sizes and methods: a, b, c and e report the best of several rounds inside "
               "each process (a' and e' the first round, which also pays for fresh memory); "
               "asyncio runs %s rounds of a, b and e and %s of c. "
               "d is the growth of VmRSS from before the tasks are created to when all are "
               "suspended, ÷ N (arrays of handles allocated beforehand). "
               "e: from the first spawn to the end of the gather, minus the longest sleep; "
               "its libuv version uses one uv_timer_t per task (millisecond resolution) and "
               "reads the loop's clock before starting them. "
               "f: asyncio runs 50 × %d round trips (streams; f' protocols), the C "
               "versions 50 × 2,000; Async C runs a task per server connection and per "
               "client (bench/f_echo/echo.ac). g: translation = the CPU time (user + sys, "
               "so that the machine's load does not count) of `acc --emit-c` with its "
               "preprocessing replayed from a cache (bench/g_compiler/cc_cache.sh) minus "
               "the replay's own; g' and build times are elapsed times; build time compares `acc -O2 x.ac` with the same "
               "cc steps acc runs (cc -E -C, cc -c on the translated C, link) without "
               "the translation. h: one producer and one consumer task around a queue "
               "of maxsize 1 (each side waits for the other on every item; asyncio "
               "moves 100,000 items). i: each of 100 tasks takes the lock K times and "
               "yields once while holding it (asyncio K = 200). "
               "g3: `acc --emit-c` on one long list "
               "(bench/g_compiler/gen_lists.py), CPU time with cpp replayed as for g, ÷ the "
               "CPU time of `cc -fsyntax-only` on the same preprocessed text (for the async function: on acc's output); "
               "1M-item sizes run a third as many times."
               % (SIZES["a"]["rounds"]["py"], SIZES["c"]["rounds"]["py"],
                  SIZES["f"]["msgs"]["py"]))
    if notes:
        out.append("")
        for n in notes:
            out.append("- " + n)
    return "\n".join(out) + "\n"


def update_readme(table):
    path = os.path.join(ROOT, "README.md")
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    try:
        text = open(path).read()
    except OSError:
        return
    block = begin + "\n" + table + end + "\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end) + 1:]
    else:
        if not text.endswith("\n"):
            text += "\n"
        text += ("\n## Benchmarks\n\n`make bench` runs the same workloads in Async C, "
                 "hand-written libuv C and Python asyncio (bench/, bench/RESULTS.md, "
                 "bench/PROFILE.md). The latest table, written by `make bench-publish`:"
                 "\n\n" + block)
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--acc", default=None)
    ap.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", 5)))
    ap.add_argument("--only", default="", help="comma-separated workloads (a..j)")
    ap.add_argument("--no-write", action="store_true",
                    help="print only; write no RESULTS.md")
    ap.add_argument("--publish", action="store_true",
                    help="write bench/RESULTS.md and the README's table "
                    "(default: BUILD/bench/RESULTS.md only)")
    args = ap.parse_args()
    bdir = os.path.abspath(args.build)
    acc = os.path.abspath(args.acc or os.path.join(bdir, "bin", "acc"))
    only = set(x for x in args.only.split(",") if x)
    log = lambda s: print(s, file=sys.stderr, flush=True)

    w = workloads(os.path.join(bdir, "bench"))
    runs = {}
    for impl in IMPLS:
        if ("f", impl) not in w and (not only or "f" in only):
            runs["f", impl] = "pending"
    samples = {}
    failed = []
    t_start = time.time()
    order = [k for k in sorted(w) if not only or k[0] in only]
    for rep in range(args.reps):
        for key in order:
            wid, impl = key
            try:
                vals, dt = run_prog(w[key])
            except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
                failed.append("%s/%s: %s" % (wid, impl, e))
                log("FAIL %s/%s: %s" % (wid, impl, e))
                continue
            for k, v in vals.items():
                samples.setdefault((wid, impl, k), []).append(v)
            log("run %d/%d %s/%-2s %5.2fs  %s" % (rep + 1, args.reps, wid, impl, dt,
                " ".join("%s=%g" % kv for kv in vals.items())))
    res = {k: statistics.median(v) for k, v in samples.items()}
    grows, notes = [], []
    if not only or "g" in only:
        try:
            grows, notes = bench_compiler(acc, bdir, args.reps, log)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
            failed.append("g: %s" % e)
            log("FAIL g: %s" % e)
    if not only or "j" in only:
        try:
            grows += bench_cores(bdir, args.reps, log)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            failed.append("j: %s" % e)
            log("FAIL j: %s" % e)
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    table = build_table(res, runs, grows, args.reps, notes, when, machine())
    spread = []
    for (wid, impl, k), v in sorted(samples.items()):
        if len(v) > 1 and statistics.median(v):
            spread.append("%s/%s %s: min %s, median %s, max %s" % (
                wid, impl, k, fmt(min(v)), fmt(statistics.median(v)), fmt(max(v))))
    print()
    print(table)
    print("Spread over the %d runs:" % args.reps)
    for s in spread:
        print("  " + s)
    print("(%.0f s)" % (time.time() - t_start))
    if not args.no_write and not only and not failed:
        results = (os.path.join(HERE, "RESULTS.md") if args.publish
                   else os.path.join(bdir, "bench", "RESULTS.md"))
        print("Written to %s" % os.path.relpath(results, ROOT))
        with open(results, "w") as f:
            f.write("# Benchmark results\n\nWritten by `make bench-publish` (bench/run.py); "
                    "see bench/PROFILE.md for where the time goes.\n\n" + table +
                    "\nSpread over the runs (min, median, max):\n\n" +
                    "".join("- %s\n" % s for s in spread))
        if args.publish:
            update_readme(table)
    if failed:
        print("\n%d program(s) failed:" % len(failed), file=sys.stderr)
        for f in failed:
            print("  " + f.splitlines()[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
