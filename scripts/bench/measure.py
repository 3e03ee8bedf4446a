"""The timing and bookkeeping side of scripts/bench.sh (standard library only). Each command
adds its figures to RESULTS (a JSON file); `table` prints them as one table.

Usage:
  measure.py wrk RESULTS NAME WRK_OUTPUT                   requests/s, p99, errors of one wrk run
  measure.py ready RESULTS BANTAY DATA_DIR TOKEN PATH...   start-to-ready and idle RSS, 5 starts
  measure.py drafts RESULTS BANTAY BOARD PERIOD FULL_DIR MONTH_DIR
  measure.py put RESULTS NAME JSON                         stores a figure as given
  measure.py written RESULTS DB_FILE TITLE                 the writes' rows and their audit entries
  measure.py table RESULTS
"""

import json
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

STARTS = 5
# The pages scripts/bench.sh measures (page_KEY and size_KEY in the results) and their rows' names.
PAGES = (
    ("desk_secretary", "desk, a board's secretary"),
    ("desk_representative", "desk, a unit's representative"),
    ("actions", "page of 50 actions"),
    ("incidents", "page of 50 incidents"),
    ("grievances", "page of 50 grievances"),
    ("past_sessions", "page of 50 past sessions"),
    ("audit", "page of 50 audit entries"),
    ("public_report", "public report page, not signed in"),
    ("public_dashboard", "public dashboard, not signed in"),
)
# The public pages' own bars (at least this share of the reference's requests/s).
PUBLIC_LEAST = {"public_report": 0.25, "public_dashboard": 0.1}
DRAFTS = 5


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save(path, **figures):
    results = load(path)
    results.update(figures)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)


def request(url, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(req, timeout=10) as res:
        return res.status, res.read()


def wrk(results, name, output):
    with open(output, encoding="utf-8") as f:
        text = f.read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    p99_ms = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    created = re.search(r"created=(\d+) other=(\d+)", text)
    figures = {
        "rps": rps,
        "p99_ms": p99_ms,
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(map(int, socket.groups())) if socket else 0,
    }
    if created:
        figures["created"], figures["other_status"] = map(int, created.groups())
    save(results, **{name: figures})


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def ready(results, bantay, data_dir, token, *paths):
    """Starts `bantay serve` STARTS times: the time from spawning it until /readyz answers 200,
    then a few requests, two idle seconds, and the resident memory."""
    env = dict(os.environ, BANTAY_LISTEN="127.0.0.1:0")
    times, rss = [], []
    for _ in range(STARTS):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [bantay, "--data-dir", data_dir, "serve"],
            stdout=subprocess.PIPE,
            stderr=open(os.path.join(os.path.dirname(results), "serve-starts.log"), "a"),
            env=env,
            text=True,
        )
        try:
            line = proc.stdout.readline()
            match = re.search(r"listening on (http://\S+)", line)
            if not match:
                sys.exit(f"bantay serve did not start: {line!r}")
            url = match.group(1)
            while True:
                try:
                    if request(f"{url}/readyz")[0] == 200:
                        break
                except (urllib.error.URLError, ConnectionError):
                    pass
                time.sleep(0.001)
            times.append((time.perf_counter() - started) * 1000)
            for path in ("/healthz", "/readyz", *paths):
                request(f"{url}{path}", token=token)
            time.sleep(2)
            rss.append(vm_rss_kib(proc.pid))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    save(results, ready_ms=times, idle_rss_kib=rss)


def drafts(results, bantay, board, period, full_dir, month_dir):
    """Drafts the month on both databases, alternating, after one unmeasured draft on each."""
    timed = {"full": [], "month": []}
    for run in range(DRAFTS + 1):
        for name, data_dir in (("full", full_dir), ("month", month_dir)):
            started = time.perf_counter()
            subprocess.run(
                [bantay, "--data-dir", data_dir, "report", "draft", "--board", board, "--period", period],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            if run > 0:
                timed[name].append((time.perf_counter() - started) * 1000)
    save(results, draft_full_ms=timed["full"], draft_month_ms=timed["month"])


def put(results, name, value):
    save(results, **{name: json.loads(value)})


def written(results, db_file, title):
    """Every action the write benchmark created has its audit entry, and the chain's last link is
    one of them (checked after the server stopped)."""
    db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    actions = db.execute("SELECT count(*) FROM actions WHERE title = ?", (title,)).fetchone()[0]
    audited = db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'action' AND entity_id IN "
        "(SELECT CAST(id AS TEXT) FROM actions WHERE title = ?)",
        (title,),
    ).fetchone()[0]
    answered = load(results)["writes"].get("created", 0)
    save(results, writes_audited=actions == audited and actions >= answered,
         writes_rows=f"{actions} actions stored (warm-up included), {audited} with their audit entry")


def table(results):
    r = load(results)
    rows = []

    def row(measure, ours, reference, ratio, target, met, fmt="{:.1f}"):
        show = lambda v: "-" if v is None else (fmt.format(v) if isinstance(v, float) else str(v))
        rows.append((measure, show(ours), show(reference), "-" if ratio is None else f"{ratio:.2f}x",
                     target, "-" if met is None else ("yes" if met else "no")))

    plain = r["plaintext"]
    ceiling = r["healthz"]
    row("no-op GET /healthz, requests/s", ceiling["rps"], plain["rps"], ceiling["rps"] / plain["rps"], "-", None, "{:,.0f}")
    for key, label, least in (("read", "single read", 0.4), ("list", "list of 50", 0.2)):
        ours = r[key]
        clean = ours["non_2xx"] == 0 and ours["socket_errors"] == 0
        ratio = ours["rps"] / plain["rps"]
        row(f"{label}, requests/s", ours["rps"], plain["rps"], ratio, f">= {least:.1f}x", ratio >= least and clean, "{:,.0f}")
        row(f"{label}, p99 latency (ms)", ours["p99_ms"], plain["p99_ms"], None, "<= 10 ms", ours["p99_ms"] <= 10, "{:.2f}")
    for key, label in PAGES:
        ours, size = r[f"page_{key}"], r[f"size_{key}"]
        clean = ours["non_2xx"] == 0 and ours["socket_errors"] == 0
        ratio = ours["rps"] / plain["rps"]
        least = PUBLIC_LEAST.get(key, 0.05)
        row(f"{label}, requests/s", ours["rps"], plain["rps"], ratio, f">= {least:.2f}x", ratio >= least and clean, "{:,.0f}")
        row(f"{label}, p99 latency (ms)", ours["p99_ms"], plain["p99_ms"], None, "<= 20 ms", ours["p99_ms"] <= 20, "{:.2f}")
        is_list = not key.startswith(("desk", "public"))
        row(f"{label}, HTML KB (gzip {size['gzip'] / 1000:.1f})", size["html"] / 1000, None, None,
            "<= 60 KB" if is_list else "-", size["html"] <= 60_000 if is_list else None)
    held = r["pdf_not_modified"]
    ratio = held["rps"] / plain["rps"]
    clean = held["non_2xx"] == 0 and held["socket_errors"] == 0
    row("signed PDF asked again (304), requests/s", held["rps"], plain["rps"], ratio, ">= 0.5x", ratio >= 0.5 and clean, "{:,.0f}")
    row("signed PDF asked again (304), p99 latency (ms)", held["p99_ms"], plain["p99_ms"], None, "<= 10 ms", held["p99_ms"] <= 10, "{:.2f}")
    writes, commits = r["writes"], r["commits"]
    ratio = writes["rps"] / commits["per_sec"]
    acknowledged = writes.get("other_status", 1) == 0 and writes["socket_errors"] == 0 and r.get("writes_audited", False)
    row("durable writes/s", writes["rps"], commits["per_sec"], ratio, ">= 0.8x", ratio >= 0.8 and acknowledged, "{:,.0f}")
    full, month = statistics.median(r["draft_full_ms"]), statistics.median(r["draft_month_ms"])
    row("report draft, median of 5 (ms)", full, month, full / month, "<= 1.5x", full / month <= 1.5)
    ours, theirs = r["recurrence"], r["dateutil"]
    ratio = ours["expand_ms"] / theirs["expand_ms"]
    same = ours["counts"] == theirs["counts"]
    row("recurrence, 200 series x 10 y (ms)", ours["expand_ms"], theirs["expand_ms"], ratio, "<= 0.2x", ratio <= 0.2 and same, "{:.2f}")
    rss = max(r["idle_rss_kib"]) / 1024
    row("idle memory, largest of 5 (MB)", rss, None, None, "<= 30 MB", rss <= 30)
    start = statistics.median(r["ready_ms"])
    row("start to ready, median of 5 (ms)", start, None, None, "<= 300 ms", start <= 300)

    head = ("measure", "bantay", "reference", "ratio", "target", "met")
    widths = [max(len(x[i]) for x in rows + [head]) for i in range(len(head))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for x in rows:
        print(line(x))
    print()
    print(f"references: reads - examples/plaintext.rs (GET /plaintext), p99 {plain['p99_ms']:.2f} ms; "
          f"GET /healthz is bantay with no sign-in and no database (security headers, metrics, request log), "
          f"the most a read could reach; "
          f"writes - examples/sqlite_commits.rs, one action-shaped INSERT per BEGIN IMMEDIATE/COMMIT, one thread, "
          f"same bundled SQLite and pragmas, no HTTP, JSON, checks, audit entry or notices; "
          f"report - the same month on a database holding only that month; "
          f"recurrence - python-dateutil {theirs.get('version', '')} rrule.between over the same spans.")
    print(f"writes: {writes['requests']} answered, {writes.get('created', '?')} with 201, "
          f"{writes.get('other_status', '?')} otherwise, {writes['socket_errors']} socket errors; "
          f"{r.get('writes_rows', '?')}; p99 {writes['p99_ms']:.1f} ms")
    print(f"report drafts (ms): full archive {', '.join(f'{t:.0f}' for t in r['draft_full_ms'])}; "
          f"one month {', '.join(f'{t:.0f}' for t in r['draft_month_ms'])}")
    print(f"start to ready (ms): {', '.join(f'{t:.0f}' for t in r['ready_ms'])}; "
          f"idle RSS (MB): {', '.join(f'{k / 1024:.1f}' for k in r['idle_rss_kib'])}")
    print(f"recurrence: {ours['occurrences']} occurrences by bantay, {theirs['occurrences']} by dateutil")
    print("pages: the desk and lists signed in through /signin with a session cookie, the public ones with no cookie; HTML KB is the page as served, gzip its size "
          "with Accept-Encoding: gzip (" + ", ".join(f"{r[f'size_{k}']['path']} {r[f'size_{k}']['encoding']}" for k, _ in PAGES) + ")")
    for key in ("plaintext", "healthz", "read", "list", "writes", "pdf_not_modified", *(f"page_{k}" for k, _ in PAGES)):
        run = r[key]
        if run["non_2xx"] or run["socket_errors"]:
            print(f"!!! {key}: {run['non_2xx']} answers other than 2xx, {run['socket_errors']} socket errors")
    if not same:
        print("!!! RECURRENCE MISMATCH: bantay and dateutil give different occurrence counts:")
        rules = r.get("recurrence_rules", [])
        for i, (a, b) in enumerate(zip(ours["counts"], theirs["counts"])):
            if a != b:
                print(f"!!!   series {i} {rules[i] if i < len(rules) else ''}: bantay {a}, dateutil {b}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"wrk": wrk, "ready": ready, "drafts": drafts, "put": put, "written": written,
     "table": table}[command](*args)
