#!/usr/bin/env bash
# Usage: scripts/bench-report.sh
# The report benchmark: a reference report (26 pages, 600+ table rows, 13 line charts and a bar
# chart) rendered and signed by bantay (examples/report_bench.rs, release build), beside the same
# content laid out by ReportLab (scripts/bench/report_reportlab.py, from PyPI) in the same run.
# Prints one table: median wall time of five builds, peak resident memory, file size, and the
# ratios. Targets: bantay at least 10x faster than ReportLab, under 20 MB peak. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-tools
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'reportlab==4.4.4'
cargo build --quiet --release --example report_bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ours=$(target/release/examples/report_bench "$out")
theirs=$("$venv/bin/python" scripts/bench/report_reportlab.py "$out" report-templates)
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"reference report: {ours['pages']} pages, {ours['table_rows']} table rows, {ours['charts']} charts")
print(f"{'':28}{'bantay':>12}{'ReportLab':>12}{'ratio':>10}")
render = ours["render_ms"]
print(f"{'render, median of 5 (ms)':28}{render:>12.1f}{theirs['render_ms']:>12.1f}{theirs['render_ms'] / render:>9.1f}x")
print(f"{'render + sign (ms)':28}{render + ours['sign_ms']:>12.1f}{'-':>12}{theirs['render_ms'] / (render + ours['sign_ms']):>9.1f}x")
print(f"{'peak resident memory (MB)':28}{ours['peak_rss_kib'] / 1024:>12.1f}{theirs['peak_rss_kib'] / 1024:>12.1f}{theirs['peak_rss_kib'] / ours['peak_rss_kib']:>9.1f}x")
print(f"{'file size (KB)':28}{ours['bytes'] / 1024:>12.1f}{theirs['bytes'] / 1024:>12.1f}")
PY
