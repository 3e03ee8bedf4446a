"""The recurrence benchmark's reference side: the same 200 series (series.json, written by
examples/recurrence_bench.rs) expanded by python-dateutil's rrule over the same ten-year spans.
Only the expansion is timed; the rules are parsed once, before. Prints the median wall time of
the runs and every series' occurrence count as JSON.

Usage: python recurrence_dateutil.py OUT_DIR
"""

import datetime as dt
import json
import statistics
import sys
import time

import dateutil
from dateutil.rrule import rrulestr

RUNS = 5

out_dir = sys.argv[1]
with open(f"{out_dir}/series.json", encoding="utf-8") as f:
    series = json.load(f)

prepared = []
for s in series:
    first = dt.date.fromisoformat(s["first"])
    start = dt.time.fromisoformat(s["start"])
    rule = rrulestr(s["rule"], dtstart=dt.datetime.combine(first, start))
    after = dt.datetime.combine(first, dt.time.min)
    before = dt.datetime.combine(dt.date.fromisoformat(s["to"]), dt.time(23, 59, 59))
    prepared.append((rule, after, before))

times, counts = [], []
for _ in range(RUNS):
    started = time.perf_counter()
    counts = [len(rule.between(after, before, inc=True)) for rule, after, before in prepared]
    times.append(time.perf_counter() - started)

print(json.dumps({
    "series": len(series),
    "occurrences": sum(counts),
    "expand_ms": statistics.median(times) * 1000,
    "runs": RUNS,
    "version": dateutil.__version__,
    "counts": counts,
}))
