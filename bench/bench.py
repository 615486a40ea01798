#!/usr/bin/env python3
"""bench.py - the scenarios, the measurements and the tables of bench/run.

Runs *inside* the namespace that bench/run built (see bench/lib.sh for the
address plan), so every wall time measured here is the tool's own and not
that of entering a namespace.  Each tool runs under /usr/bin/time (user and
system CPU, peak RSS) while this script takes the wall time with the
monotonic clock and samples the tool's thread count from /proc.

Correctness is checked per host against the known truth of the network:
check_multiping's --format=json targets[].class, fping's "addr : xmt/rcv/
%loss" summary lines, check_icmp's per-host "ADDRpl=N%" perfdata.  A tool
that gives no per-host answer for a host gets that host counted wrong.
"""

import argparse
import datetime
import ipaddress
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

TIME = "/usr/bin/time"
CHECK_ICMP = "/usr/lib/nagios/plugins/check_icmp"
FPING = "fping"
SCENARIOS = ["tutorial", "mixed2000", "scale", "concurrency", "growth"]
SAMPLE_S = 0.005  # thread sampling period: cheap enough not to disturb the tools


# ---------------------------------------------------------------- host lists


def hosts_in(prefix, count, skip=0):
    """The first COUNT usable addresses of PREFIX after SKIP of them."""
    net = ipaddress.ip_network(prefix)
    out = []
    for i, addr in enumerate(net.hosts()):
        if i < skip:
            continue
        if len(out) == count:
            break
        out.append(str(addr))
    return out


def alive(n, skip=0):
    return hosts_in("10.1.0.0/16", n, skip)


def dead(n, skip=0):
    return hosts_in("10.2.0.0/16", n, skip)


def partial(n, skip=0):
    return hosts_in("10.3.0.0/16", n, skip)


def truth_of(**classes):
    truth = {}
    for cls, addrs in classes.items():
        for a in addrs:
            truth[a] = cls
    return truth


def write_list(workdir, name, addrs):
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        f.write("\n".join(addrs))
        f.write("\n")
    return path


def mixed2000():
    """1,500 alive, 300 partial, 200 dead, in a fixed shuffled order."""
    a, p, d = alive(1500), partial(300), dead(200)
    hosts = a + p + d
    random.Random(2000).shuffle(hosts)
    return hosts, truth_of(alive=a, partial=p, dead=d)


# ---------------------------------------------------------------- parsing


def classify_loss(sent, received):
    if received == 0:
        return "dead"
    return "alive" if received >= sent else "partial"


def parse_multiping(out, _err):
    try:
        doc = json.loads(out)
    except ValueError:
        return {}
    return {t.get("address") or t.get("name"): t["class"] for t in doc.get("targets", [])}


FPING_LINE = re.compile(r"^(\S+)\s*: xmt/rcv/%loss = (\d+)/(\d+)/", re.M)


def parse_fping(out, err):
    got = {}
    for m in FPING_LINE.finditer(out + "\n" + err):
        got[m.group(1)] = classify_loss(int(m.group(2)), int(m.group(3)))
    return got


ICMP_PL = re.compile(r"(?:^|\s|\|)([0-9a-fA-F:.]+)pl=(\d+)%")


def parse_check_icmp(out, _err):
    got = {}
    for m in ICMP_PL.finditer(out):
        pl = int(m.group(2))
        got[m.group(1)] = "dead" if pl == 100 else ("alive" if pl == 0 else "partial")
    return got


PARSERS = {"check_multiping": parse_multiping, "fping": parse_fping, "check_icmp": parse_check_icmp}


def score(tool, out, err, truth):
    """(right, total, counts by class as the tool saw the truth's hosts)."""
    got = PARSERS[tool](out, err)
    right = sum(1 for addr, cls in truth.items() if got.get(addr) == cls)
    counts = {}
    for addr in truth:
        cls = got.get(addr, "missing")
        counts[cls] = counts.get(cls, 0) + 1
    return right, len(truth), counts


# ---------------------------------------------------------------- measuring


def read_file(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def child_of(pid):
    """The pid /usr/bin/time forked for the tool, once it exists."""
    kids = read_file("/proc/%d/task/%d/children" % (pid, pid)).split()
    return int(kids[0]) if kids else None


def thread_count(pid):
    m = re.search(r"^Threads:\s+(\d+)", read_file("/proc/%d/status" % pid), re.M)
    return int(m.group(1)) if m else 0


def parse_time_file(path):
    """'%e %U %S %M' is the last line; earlier ones say how the tool exited."""
    lines = [l for l in read_file(path).splitlines() if l.strip()]
    try:
        e, u, s, m = lines[-1].split()
        return float(u), float(s), int(m)
    except (IndexError, ValueError):
        return None


def run_batch(argvs, workdir, hang_limit_s):
    """Start every argv at once under /usr/bin/time, sample their threads,
    wait for all.  Returns wall time of the batch and one record each."""
    procs = []
    t0 = time.monotonic()
    for i, argv in enumerate(argvs):
        tf = os.path.join(workdir, "time.%d" % i)
        of = open(os.path.join(workdir, "out.%d" % i), "wb")
        ef = open(os.path.join(workdir, "err.%d" % i), "wb")
        p = subprocess.Popen([TIME, "-f", "%e %U %S %M", "-o", tf, "--"] + argv,
                             stdin=subprocess.DEVNULL, stdout=of, stderr=ef,
                             start_new_session=True)
        of.close()
        ef.close()
        procs.append({"p": p, "tf": tf, "child": None, "threads": 0, "end": None, "i": i,
                      "hung": False})
    running = list(procs)
    try:
        wait_sampling(running, t0, hang_limit_s)
    finally:
        for r in running:  # only when interrupted: stop what we started
            try:
                os.killpg(r["p"].pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    hung = any(r["hung"] for r in procs)
    wall = max(r["end"] for r in procs) - t0
    recs = []
    for r in procs:
        i = r["i"]
        recs.append({
            "rc": r["p"].returncode,
            "time": parse_time_file(r["tf"]),
            "threads": r["threads"],
            "out": read_file(os.path.join(workdir, "out.%d" % i)),
            "err": read_file(os.path.join(workdir, "err.%d" % i)),
        })
    return wall, recs, hung


def watch_end(r):
    """A waiter thread per process, so its end time is exact rather than a
    sampling period late."""
    def wait():
        r["p"].wait()
        r["end"] = time.monotonic()
    t = threading.Thread(target=wait, daemon=True)
    t.start()
    return t


def wait_sampling(running, t0, hang_limit_s):
    """Until every process ended (removing it from RUNNING), sample thread
    counts; kill what outlives HANG_LIMIT_S and mark it hung."""
    waiters = {id(r): watch_end(r) for r in running}
    while running:
        now = time.monotonic()
        for r in list(running):
            if not waiters[id(r)].is_alive():
                running.remove(r)
                continue
            if r["child"] is None:
                r["child"] = child_of(r["p"].pid)
            if r["child"] is not None:
                r["threads"] = max(r["threads"], thread_count(r["child"]))
            if now - t0 > hang_limit_s and not r["hung"]:
                r["hung"] = True
                os.killpg(r["p"].pid, signal.SIGKILL)
        if running:
            # Finer at first: a short run may start and end its threads
            # within one ordinary period.
            time.sleep(SAMPLE_S if now - t0 > 0.1 else SAMPLE_S / 5)


def flush_seen():
    subprocess.run(["nft", "flush", "set", "inet", "bench", "seen"], check=True)


def seen_count():
    out = subprocess.run(["nft", "-j", "list", "set", "inet", "bench", "seen"],
                         capture_output=True, text=True, check=True).stdout
    for item in json.loads(out).get("nftables", []):
        if "set" in item:
            return len(item["set"].get("elem", []))
    return 0


# ---------------------------------------------------------------- cases


class Case:
    """One table row: a tool, its flags, one or more argv run together, the
    truth per instance, and the tool's own time bound (-t) if any."""

    def __init__(self, tool, flags, argvs, truths, bound_s=None, hang_s=120, na=None,
                 hosts=None, seen_expected=None):
        self.tool, self.flags, self.argvs, self.truths = tool, flags, argvs, truths
        self.bound_s, self.hang_s, self.na, self.hosts = bound_s, hang_s, na, hosts
        self.seen_expected = seen_expected
        self.result = None


def refused(tool, recs, truths):
    """The reason, when a tool refused the job outright (it answered for no
    host and said why on stderr) rather than answering it wrongly."""
    if any(score(tool, r["out"], r["err"], t)[0] for r, t in zip(recs, truths)):
        return None
    for r in recs:
        for line in r["err"].splitlines():
            if "error" in line.lower() or "cannot" in line.lower():
                return "%s exits %s: %s" % (tool, r["rc"], line.strip())
    return None


def run_case(case, runs, workdir, log):
    if case.na:
        case.result = {"na": case.na}
        return
    walls, cpus, rss, threads, rights, wrong_counts, notes = [], [], [], [], [], 0, []
    for n in range(runs):
        flush_seen()
        wall, recs, hung = run_batch(case.argvs, workdir, case.hang_s)
        if hung:
            case.result = {"na": "killed after %d s" % case.hang_s}
            return
        if case.seen_expected is not None and seen_count() < case.seen_expected:
            # Two instances drew the same ICMP id: the fixture, not the tool,
            # then answers one of them less.  Say so rather than blame the tool.
            notes.append("run %d: ICMP id collision in fixture" % (n + 1))
        times = [r["time"] for r in recs]
        if any(t is None for t in times):
            case.result = {"na": "no /usr/bin/time result (rc %s)" % recs[0]["rc"]}
            return
        failed = refused(case.tool, recs, case.truths)
        if failed:
            case.result = {"na": failed}
            return
        walls.append(wall)
        cpus.append(sum(t[0] + t[1] for t in times))
        rss.append(max(t[2] for t in times))
        threads.append(max(r["threads"] for r in recs))
        right = total = 0
        for rec, truth in zip(recs, case.truths):
            r, t, counts = score(case.tool, rec["out"], rec["err"], truth)
            right, total = right + r, total + t
            expected = {}
            for cls in truth.values():
                expected[cls] = expected.get(cls, 0) + 1
            wrong_counts += sum(1 for cls in set(expected) | set(counts)
                                if counts.get(cls, 0) != expected.get(cls, 0))
            if r < t and len(notes) < 2:
                notes.append("run %d: rc %s, counts %s, want %s" % (n + 1, rec["rc"], counts, expected))
        rights.append((right, total))
        log("  %-16s %-44s run %d/%d: %.3f s, %d/%d right" %
            (case.tool, case.flags[:44], n + 1, runs, wall, right, total))
        if case.bound_s and wall >= 0.9 * case.bound_s:
            notes.insert(0, "1 run: ran into its own -t %g" % case.bound_s)
            break
    case.result = {
        "wall": statistics.median(walls), "cpu": statistics.median(cpus),
        "rss_kb": max(rss), "threads": max(threads), "runs": len(walls),
        "right": min(rights), "wrong_counts": wrong_counts, "notes": notes,
    }


# ---------------------------------------------------------------- scenarios

CM = None  # set from the command line: path of check_multiping


def cm(*args):
    return [CM, "--format=json"] + list(args)


def scenario_tutorial(_workdir):
    a, d = alive(1), dead(9)
    hosts, truth = a + d, truth_of(alive=a, dead=d)
    return "1. tutorial: 10 hosts, 1 alive, 9 silent; every tool at its defaults", [
        Case("check_multiping", "(defaults)", [cm(*hosts)], [truth], bound_s=10),
        Case("fping", "-q -c2 (its defaults otherwise)", [[FPING, "-q", "-c2"] + hosts], [truth]),
        Case("check_icmp", "(defaults: -n 5 -i 80 -t 10)", [[CHECK_ICMP, "-H"] + hosts], [truth],
             bound_s=10),
    ]


def scenario_mixed2000(_workdir):
    hosts, truth = mixed2000()
    same = ["-n", "2", "--interval", "200", "--packet-timeout", "1000"]
    return "2. mixed2000: 2,000 hosts: 1,500 alive, 300 partial (1 of 2), 200 dead, shuffled", [
        Case("check_multiping", "-n 2 --interval 200 --packet-timeout 1000",
             [cm(*(same + hosts))], [truth], bound_s=10),
        Case("fping", "-q -c2 -i0 -p200 -t1000",
             [[FPING, "-q", "-c2", "-i0", "-p200", "-t1000"] + hosts], [truth]),
        Case("check_icmp", "-n 2 -i 200 -t 30",
             [[CHECK_ICMP, "-n", "2", "-i", "200", "-t", "30", "-H"] + hosts], [truth], bound_s=30),
        Case("check_icmp", "(defaults: -n 5 -i 80 -t 10)", [[CHECK_ICMP, "-H"] + hosts], [truth],
             bound_s=10),
        Case("check_multiping", "(defaults)", [cm(*hosts)], [truth], bound_s=10),
    ]


def icmp_estimate_s(targets, packets=5, pkt_interval_ms=80, crit_rta_ms=500):
    """check_icmp's own minimum timeout (it prints it under -v): every packet
    paced by -i, plus the critical RTA for each packet and once more."""
    return (targets * packets * pkt_interval_ms + (targets * packets + 1) * crit_rta_ms) / 1000


def scenario_scale(workdir):
    cases = []
    for prefix, label in (("10.1.0.0/16", "/16"), ("10.4.0.0/14", "/14")):
        addrs = [str(a) for a in ipaddress.ip_network(prefix).hosts()]
        path = write_list(workdir, "scale" + label.replace("/", "_"), addrs)
        truth = truth_of(alive=addrs)
        n = len(addrs)
        cases.append(Case("check_multiping", "%s (%d): -n 1 -t 60 -f LIST" % (label, n),
                          [cm("-n", "1", "-t", "60", "-f", path)], [truth], bound_s=60, hang_s=90))
        cases.append(Case("fping", "%s (%d): -q -c1 -i0 -f LIST" % (label, n),
                          [[FPING, "-q", "-c1", "-i0", "-f", path]], [truth], hang_s=120))
        cases.append(Case("check_icmp", "%s (%d): -n 1" % (label, n), [], [], na=(
            "needs -t >= %d s|by its own -v estimate check_icmp needs -t >= %d s for %d hosts "
            "at -n 1 (and it has no host file option); at 2,000 hosts it already stops at -t "
            "with most hosts unanswered (scenario 2)" % ((icmp_estimate_s(n, packets=1),) * 2 + (n,)))))
    return "3. scale: every address of a /16 and of a /14 alive, one echo request each", cases


def scenario_concurrency(_workdir):
    hosts, truth = mixed2000()
    windows = []
    for i in range(50):
        start = i * 37 % len(hosts)  # windows of 500 that overlap their neighbours'
        w = (hosts + hosts)[start:start + 500]
        windows.append((w, {a: truth[a] for a in w}))
    same = ["-n", "2", "--interval", "200", "--packet-timeout", "1000"]
    cm_argvs = [cm(*(["--socket=raw" if i % 2 == 0 else "--socket=dgram"] + same + w))
                for i, (w, _) in enumerate(windows)]
    truths = [t for _, t in windows]
    partial_total = sum(sum(1 for c in t.values() if c == "partial") for t in truths)
    return "4. concurrency: 50 instances at once, 500 overlapping hosts each from mixed2000", [
        Case("check_multiping", "50 x (-n 2 --interval 200 --packet-timeout 1000), "
             "25 --socket=raw + 25 --socket=dgram", cm_argvs, truths, bound_s=10,
             seen_expected=partial_total),
        Case("fping", "50 x (-q -c2 -i0 -p200 -t1000)",
             [[FPING, "-q", "-c2", "-i0", "-p200", "-t1000"] + w for w, _ in windows], truths),
        Case("check_icmp", "50 x (-n 2 -i 200 -t 10)",
             [[CHECK_ICMP, "-n", "2", "-i", "200", "-t", "10", "-H"] + w for w, _ in windows],
             truths, bound_s=10),
    ]


GROWTH_SIZES = [10, 100, 1000, 10000, 65534]


def scenario_growth(workdir):
    cases = []
    for n in GROWTH_SIZES:
        addrs = alive(n)
        path = write_list(workdir, "growth_%d" % n, addrs)
        truth = truth_of(alive=addrs)
        cases.append(Case("check_multiping", "%d hosts: -n 1 -f LIST" % n,
                          [cm("-n", "1", "-f", path)], [truth], bound_s=10, hosts=n))
        cases.append(Case("fping", "%d hosts: -q -c1 -i0 -f LIST" % n,
                          [[FPING, "-q", "-c1", "-i0", "-f", path]], [truth], hosts=n))
    return "5. growth: alive hosts at -n 1, cost per host", cases


BUILDERS = {"tutorial": scenario_tutorial, "mixed2000": scenario_mixed2000,
            "scale": scenario_scale, "concurrency": scenario_concurrency,
            "growth": scenario_growth}


# ---------------------------------------------------------------- tables

COLUMNS = ["tool", "flags", "wall_median_s", "cpu_s", "peak_rss_MB", "threads", "correct"]
GROWTH_EXTRA = ["cpu_us_per_host", "rss_KB_per_host", "added_rss_B_per_added_host"]


def short_reason(reason):
    """An n/a reason is 'short|long' or one text; the table gets the short."""
    if "|" in reason:
        return reason.split("|", 1)[0]
    m = re.search(r"error: ([^(!]*)", reason)
    return (m.group(1) if m else reason).strip()[:60]


def threads_cell(tool, sampled):
    """fping and check_icmp are single-threaded programs; check_multiping's
    count is the most seen in samples every 5 ms, '?' if it ended first."""
    if tool != "check_multiping":
        return "1"
    return str(sampled) if sampled else "?"


def row_of(case, growth, prev=None):
    r = case.result
    if "na" in r:
        cells = [case.tool, case.flags, "n/a (%s)" % short_reason(r["na"]), "", "", "", ""]
        return cells + (["", "", ""] if growth else [])
    right, total = r["right"]
    correct = "%d/%d" % (right, total)
    if len(case.argvs) > 1:
        correct += ", %d wrong counts" % r["wrong_counts"]
    flags = case.flags + ("" if r["runs"] > 1 else " [1 run]")
    cells = [case.tool, flags, "%.3f" % r["wall"], "%.2f" % r["cpu"],
             "%.1f" % (r["rss_kb"] / 1024), threads_cell(case.tool, r["threads"]), correct]
    if growth:
        cells += ["%.2f" % (r["cpu"] * 1e6 / case.hosts), "%.3f" % (r["rss_kb"] / case.hosts)]
        if prev and "na" not in prev.result:
            added = (r["rss_kb"] - prev.result["rss_kb"]) * 1024 / (case.hosts - prev.hosts)
            cells.append("%.0f" % added)
        else:
            cells.append("")
    return cells


def text_table(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    lines = [fmt(header), fmt(["-" * w for w in widths])]
    return "\n".join(lines + [fmt(r) for r in rows])


def md_table(header, rows):
    esc = lambda s: str(s).replace("|", "\\|")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows])


def notes_of(cases):
    out = []
    for c in cases:
        r = c.result or {}
        if "na" in r and "|" in r["na"]:
            out.append("%s %s: %s" % (c.tool, c.flags, r["na"].split("|", 1)[1]))
        elif "na" in r and short_reason(r["na"]) != r["na"]:
            out.append("%s %s: %s" % (c.tool, c.flags, r["na"]))
        for n in r.get("notes", []):
            out.append("%s %s: %s" % (c.tool, c.flags, n))
    return out


def machine_header(runs):
    model = "?"
    for line in read_file("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    ver = lambda argv: (subprocess.run(argv, capture_output=True, text=True).stdout +
                        subprocess.run(argv, capture_output=True, text=True).stderr).strip()
    fping_v = ver([FPING, "-v"]).splitlines()
    icmp_v = ver([CHECK_ICMP, "-V"]).splitlines()
    cm_v = ver([CM, "-V"]).splitlines()
    return [
        "machine: %d CPUs (nproc), %s, kernel %s" % (os.cpu_count(), model, platform.release()),
        "date: %s" % datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "tools: %s; %s; %s" % (cm_v[0] if cm_v else "check_multiping ?",
                               fping_v[0] if fping_v else "fping ?",
                               icmp_v[0] if icmp_v else "check_icmp ?"),
        "load average at start: %s (other work on the machine widens the spread)"
        % " ".join(read_file("/proc/loadavg").split()[:3]),
        "each case run %d times (median wall and CPU; peak RSS, threads: max over runs; "
        "correct: worst run). All replies come from a namespace's loopback." % runs,
    ]


# ---------------------------------------------------------------- targets


def find(cases, tool, flags_start):
    for c in cases:
        if c.tool == tool and c.flags.startswith(flags_start) and c.result and "na" not in c.result:
            return c.result
    return None


def targets(done):
    """The project issue's targets: (text, measured, pass) for each that ran."""
    out = []
    m2 = done.get("mixed2000")
    if m2:
        cm_same, fp = find(m2, "check_multiping", "-n 2"), find(m2, "fping", "-q -c2")
        if cm_same and fp:
            out.append(("mixed2000 same flags: wall <= 1.10 x fping",
                        "%.3f s vs fping %.3f s" % (cm_same["wall"], fp["wall"]),
                        cm_same["wall"] <= 1.10 * fp["wall"]))
            out.append(("mixed2000 same flags: CPU <= fping",
                        "%.2f s vs fping %.2f s" % (cm_same["cpu"], fp["cpu"]),
                        cm_same["cpu"] <= fp["cpu"]))
        d = find(m2, "check_multiping", "(defaults)")
        if d:
            out.append(("mixed2000 defaults: wall < 2 s", "%.3f s" % d["wall"], d["wall"] < 2))
    t = done.get("tutorial")
    if t:
        d = find(t, "check_multiping", "(defaults)")
        if d:
            out.append(("tutorial defaults: wall < 1.3 s", "%.3f s" % d["wall"], d["wall"] < 1.3))
    s = done.get("scale")
    if s:
        for label, wall, mb in (("/16", 2, 32), ("/14", 6, 128)):
            r = find(s, "check_multiping", label)
            if r:
                out.append(("%s at -n 1: wall < %d s, RSS < %d MB" % (label, wall, mb),
                            "%.3f s, %.1f MB" % (r["wall"], r["rss_kb"] / 1024),
                            r["wall"] < wall and r["rss_kb"] / 1024 < mb))
    c = done.get("concurrency")
    if c:
        r = find(c, "check_multiping", "50 x")
        if r:
            out.append(("concurrency: 0 wrong counts", "%d wrong counts" % r["wrong_counts"],
                        r["wrong_counts"] == 0))
    for name, cases in done.items():
        for case in cases:
            r = case.result
            if case.tool == "check_multiping" and r and "na" not in r:
                if r["right"][0] != r["right"][1]:
                    out.append(("%s %s: every host right" % (name, case.flags),
                                "%d/%d" % r["right"], False))
    return out


# ---------------------------------------------------------------- main


def selfcheck():
    """The network behaves as designed, checked with fping, so that a wrong
    answer later is the tool's and not the fixture's."""
    want = {"10.1.0.1": "2/2", "10.2.0.1": "2/0", "10.3.0.1": "2/1", "10.4.0.1": "2/2",
            "10.7.255.254": "2/2", "fd00:1::1": "2/2"}
    flush_seen()
    p = subprocess.run([FPING, "-q", "-c2", "-p100", "-t500"] + list(want) + ["10.9.0.1"],
                       capture_output=True, text=True)
    got = {m.group(1): "%s/%s" % (m.group(2), m.group(3))
           for m in FPING_LINE.finditer(p.stdout + p.stderr)}
    bad = ["%s: %s (want %s)" % (a, got.get(a), w) for a, w in want.items() if got.get(a) != w]
    if got.get("10.9.0.1", "2/0").split("/")[1] != "0":
        bad.append("10.9.0.1 answered; the unreachable route is missing")
    flush_seen()
    if bad:
        sys.exit("bench: the namespace network is not as designed: " + "; ".join(bad))


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="bench/run", description=(
        "Benchmark check_multiping side by side with fping and check_icmp in a "
        "network namespace (root)."))
    ap.add_argument("--quick", action="store_true", help="2 runs per case instead of 5")
    ap.add_argument("--runs", type=int, help="runs per case (default 5, --quick 2)")
    ap.add_argument("--scenario", nargs="+", action="extend", choices=SCENARIOS,
                    metavar="NAME", help="only these scenarios: " + ", ".join(SCENARIOS))
    ap.add_argument("--markdown", metavar="FILE", help="also write the tables as Markdown")
    ap.add_argument("--plugin", default=os.environ.get("CHECK_MULTIPING", "build/check_multiping"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.runs is None:
        a.runs = 2 if a.quick else 5
    if a.runs < 1:
        ap.error("--runs must be at least 1")
    return a


def main(argv):
    global CM
    args = parse_args(argv)
    if not args.workdir:
        return 0  # bench/run checks the arguments before it builds the network
    CM = os.path.abspath(args.plugin)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda num, _frame: sys.exit(128 + num))
    log = lambda s: print(s, file=sys.stderr, flush=True)
    selfcheck()
    header = machine_header(args.runs)
    text = ["\n".join(header)]
    md = ["# check_multiping benchmark", "\n".join("- " + h for h in header)]
    done = {}
    for name in (args.scenario or SCENARIOS):
        title, cases = BUILDERS[name](args.workdir)
        log("== " + title)
        for case in cases:
            run_case(case, args.runs, args.workdir, log)
        done[name] = cases
        growth = name == "growth"
        head = COLUMNS + (GROWTH_EXTRA if growth else [])
        rows = []
        for c in cases:
            prev = [p for p in cases[:cases.index(c)] if p.tool == c.tool]
            rows.append(row_of(c, growth, prev[-1] if prev else None))
        notes = notes_of(cases)
        text.append(title + "\n" + text_table(head, rows) +
                    "".join("\n  note: " + n for n in notes))
        md.append("## " + title + "\n\n" + md_table(head, rows) +
                  ("\n\n" + "\n".join("- " + n for n in notes) if notes else ""))
    checks = targets(done)
    if checks:
        rows = [[t, m, "PASS" if ok else "MISS"] for t, m, ok in checks]
        text.append("targets (project issue)\n" + text_table(["target", "measured", ""], rows))
        md.append("## Targets (project issue)\n\n" + md_table(["target", "measured", ""], rows))
    print("\n\n".join(text))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
