#!/usr/bin/env python3
"""Crash safety and a write burst, against the real binary (Python standard library only).

Usage: scripts/crash-test.py [--kills N] [--writers N] [--burst-seconds S] [--database-url URL]

1. Kills: writers create follow-up actions through the API while `bantay serve` is killed with
   SIGKILL at random moments N times (default 20) and restarted. Afterwards every action whose
   creation was acknowledged (201) must be there with its title and its audit entry, the audit
   chain must verify (`bantay audit verify`) and, on SQLite, `PRAGMA integrity_check` is `ok`.
2. Burst: 64 writers for 10 seconds against the running server: every answer must be 2xx.

Without --database-url it uses a fresh SQLite database in a temporary directory; with a
postgres:// URL, an empty database there. Exits 1 and says why on any failure.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import demo_accounts

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "bantay")


def call(base, method, path, token=None, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


class Server:
    """One `bantay serve` process on a fixed port, killed and started again at will."""

    def __init__(self, env, port, workdir):
        self.env, self.port, self.workdir = env, port, workdir
        self.base = f"http://127.0.0.1:{port}"
        self.process = None
        self.ready_ms = []

    def start(self):
        started = time.monotonic()
        log = open(os.path.join(self.workdir, "serve.log"), "ab")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--listen", f"127.0.0.1:{self.port}", "--run-jobs", "false"],
            env=self.env, stdout=log, stderr=log,
        )
        for _ in range(600):
            if self.process.poll() is not None:
                sys.exit(f"bantay serve exited with {self.process.returncode}; see {log.name}")
            try:
                if call(self.base, "GET", "/readyz", timeout=1)[0] == 200:
                    self.ready_ms.append((time.monotonic() - started) * 1000)
                    return
            except OSError:
                pass
            time.sleep(0.02)
        sys.exit("bantay serve did not become ready in 12 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Writers:
    """Threads creating actions; each keeps the ones the server acknowledged."""

    def __init__(self, server, token, count):
        self.server, self.token = server, token
        self.acked, self.failed, self.refused = {}, 0, []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(count)]

    def run(self, n):
        i = 0
        while not self.stop.is_set():
            i += 1
            title = f"crash test writer {n} action {i}"
            body = {"board_id": 1, "title": title, "source_kind": "none", "unit_id": 1,
                    "due_date": "2031-01-31"}
            try:
                status, answer = call(self.server.base, "POST", "/api/v1/actions", self.token, body)
            except (OSError, ValueError):
                # No answer: the write may or may not have happened, and nobody was told it did.
                with self.lock:
                    self.failed += 1
                time.sleep(0.01)
                continue
            with self.lock:
                if status == 201:
                    self.acked[answer["id"]] = title
                else:
                    self.refused.append((status, answer))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        for t in self.threads:
            t.join()


def sign_in(server, demo_output, workdir):
    """The national secretary, with the printed password and a code of the printed app secret."""
    steps = os.path.join(workdir, "steps.json")
    return demo_accounts.sign_in(server.base, demo_output, "secretary@demo.bantay.example", steps)


def audited_actions(env, database_url, sqlite_path):
    query = "SELECT entity_id FROM audit_log WHERE entity = 'action' AND action = 'create'"
    if sqlite_path:
        with sqlite3.connect(sqlite_path) as db:
            return {int(row[0]) for row in db.execute(query)}
    out = subprocess.run(["psql", "-At", database_url, "-c", query], check=True,
                         capture_output=True, text=True).stdout
    return {int(line) for line in out.split()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--burst-seconds", type=float, default=10)
    parser.add_argument("--burst-writers", type=int, default=64)
    parser.add_argument("--database-url")
    parser.add_argument("--port", type=int, default=18000 + os.getpid() % 1000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bantay-crash-")
    env = dict(os.environ, BANTAY_DATA_DIR=workdir, BANTAY_LOG="warn")
    env.pop("DATABASE_URL", None)
    sqlite_path = None
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        sqlite_path = os.path.join(workdir, "bantay.db")
    demo = subprocess.run([BINARY, "demo", "load"], env=env, capture_output=True, text=True)
    if demo.returncode != 0:
        sys.exit(f"demo load failed: {demo.stderr}")

    server = Server(env, args.port, workdir)
    server.start()
    token = sign_in(server, demo.stdout, workdir)
    with Writers(server, token, args.writers) as writers:
        for _ in range(args.kills):
            time.sleep(random.uniform(0.2, 1.2))
            server.kill()
            time.sleep(random.uniform(0, 0.2))
            server.start()
        time.sleep(0.5)
    acked = writers.acked
    missing = []
    for i, title in acked.items():
        status, answer = call(server.base, "GET", f"/api/v1/actions/{i}", token)
        if status != 200 or answer.get("title") != title:
            missing.append(i)
    audited = audited_actions(env, args.database_url, sqlite_path)
    unaudited = sorted(set(acked) - audited)

    burst = Writers(server, token, args.burst_writers)
    before = len(burst.acked)
    started = time.monotonic()
    with burst:
        time.sleep(args.burst_seconds)
    burst_seconds = time.monotonic() - started
    server.stop()

    verify = subprocess.run([BINARY, "audit", "verify"], env=env, capture_output=True, text=True)
    integrity = "not applicable (PostgreSQL)"
    if sqlite_path:
        with sqlite3.connect(sqlite_path) as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]

    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"crash test on {backend}: {args.kills} kills (SIGKILL) under {args.writers} writers")
    print(f"  acknowledged writes: {len(acked)}; lost: {len(missing)}; without audit entry: {len(unaudited)}")
    print(f"  writes with no answer (connection cut, not acknowledged): {writers.failed}")
    print(f"  refused answers (non-2xx): {len(writers.refused)}")
    print(f"  start to ready after a kill: median {sorted(server.ready_ms)[len(server.ready_ms) // 2]:.0f} ms, "
          f"max {max(server.ready_ms):.0f} ms")
    print(f"  audit verify: {verify.stdout.strip() or verify.stderr.strip()}")
    print(f"  integrity_check: {integrity}")
    print(f"burst: {args.burst_writers} writers for {burst_seconds:.1f} s: {len(burst.acked) - before} created "
          f"({(len(burst.acked) - before) / burst_seconds:.0f}/s), non-2xx: {len(burst.refused)}, "
          f"no answer: {burst.failed}")

    problems = []
    if missing:
        problems.append(f"acknowledged actions lost: {missing[:10]}")
    if unaudited:
        problems.append(f"acknowledged actions without an audit entry: {unaudited[:10]}")
    if writers.refused:
        problems.append(f"refused writes during the kills: {writers.refused[:3]}")
    if verify.returncode != 0:
        problems.append("the audit chain does not verify")
    if sqlite_path and integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    if burst.refused or burst.failed:
        problems.append(f"burst answers not 2xx: {burst.refused[:3]}, no answer: {burst.failed}")
    if not acked or not burst.acked:
        problems.append("nothing was written: the test proves nothing")
    if problems:
        sys.exit("FAILED: " + "; ".join(problems))
    print("ok")


if __name__ == "__main__":
    main()
