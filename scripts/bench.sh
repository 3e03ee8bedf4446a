#!/usr/bin/env bash
# Usage: scripts/bench.sh [--scale N] [--seconds S]     (or BENCH_SCALE=0.1 BENCH_SECONDS=5)
# The service benchmarks (issue 8, item 2), each beside a reference measured in the same run, on
# the demo archive (`demo load --scale N`, default 1: a million incidents) in target/bench-data:
# reads through HTTP against a minimal actix-web program (examples/plaintext.rs) and against
# bantay's own GET /healthz (middleware and request log, no sign-in or database), durable writes
# with their audit entries against bare SQLite commits (examples/sqlite_commits.rs), drafting last
# month's report on the whole archive against a database holding only that month, recurrence
# expansion against python-dateutil (examples/recurrence_bench.rs), idle memory and start-to-ready.
# Installs wrk (Debian) and python-dateutil (a venv in target/bench-tools) if missing, builds in
# release, reuses a loaded archive of the same scale and month. Prints one table. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=${BENCH_SCALE:-1}
seconds=${BENCH_SECONDS:-10}
while [ $# -gt 0 ]; do
    case $1 in
        --scale) scale=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) sed -n 2p "$0" >&2; exit 2 ;;
    esac
done

warm_up=2
connections=64
threads=2
write_connections=16
board=4 # a regional board of the archive with every kind of record and nothing published
secretary=secretary.r8@demo.bantay.example # writes go to Region VIII (board 2), not to board 4
month=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)

# Run bantay as an operator would: request lines logged at info (to a file), jobs on, defaults
# for the rest; and never against a database named in the caller's environment.
export BANTAY_LOG=${BANTAY_LOG:-info}
export BANTAY_RUN_JOBS=${BANTAY_RUN_JOBS:-true}
unset DATABASE_URL BANTAY_DATA_DIR BANTAY_LISTEN BANTAY_CLOCK_START

log() { printf '%s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo apt-get install -y wrk >/dev/null 2>&1 ||
        { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi
venv=target/bench-tools
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'python-dateutil==2.9.0.post0'

log "building (release)"
# Two builds: the examples bring dev-dependencies whose features must not reach the binary.
cargo build --quiet --release --bin bantay
cargo build --quiet --release --example plaintext --example sqlite_commits --example recurrence_bench
bin=${CARGO_TARGET_DIR:-target}/release
bantay=$bin/bantay

data=target/bench-data
full=$data/archive-$scale
out=$data/run
rm -rf "$out" && mkdir -p "$out"
results=$out/results.json
measure() { python3 scripts/bench/measure.py "$@"; }
seconds_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))" | awk '{printf "%.1f", $1 / 1000}'; }

# The archive: loaded once per scale and month, known complete by its marker.
marker=$full/complete
if grep -qx "scale=$scale month=$month" "$marker" 2>/dev/null; then
    load_note="reused, loaded in $(sed -n 's/^load_seconds=//p' "$marker") s"
else
    log "loading the archive at scale $scale (last month $month) into $full"
    rm -rf "$full" && mkdir -p "$full"
    started=$(date +%s%N)
    "$bantay" --data-dir "$full" demo load --scale "$scale" >"$full/demo.txt"
    load_seconds=$(seconds_since "$started")
    chmod 600 "$full/demo.txt"
    printf 'scale=%s month=%s\nload_seconds=%s\n' "$scale" "$month" "$load_seconds" >"$marker"
    load_note="loaded now in $load_seconds s"
fi
single=$data/month-$scale
rm -rf "$single"
started=$(date +%s%N)
"$bantay" --data-dir "$single" demo load --scale "$scale" --months 1 >/dev/null
month_note="one-month database loaded in $(seconds_since "$started") s"
# The demo's people sign in with their printed passwords and codes of their printed app secrets.
accounts() { python3 scripts/demo_accounts.py "$1" "$full/demo.txt" "$2"; }

server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
trap stop_server EXIT

# Starts a server in the background, its first stdout line naming its address: sets $url.
start_server() {
    local name=$1
    shift
    "$@" >"$out/$name.out" 2>>"$out/$name.log" &
    server_pid=$!
    for _ in $(seq 300); do
        url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$out/$name.out")
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    log "$name did not start; see $out/$name.log"
    exit 1
}

# One wrk run after a warm-up: load_run NAME CONNECTIONS URL [wrk options]
load_run() {
    local name=$1 conns=$2 target=$3
    shift 3
    wrk -t"$threads" -c"$conns" -d"${warm_up}s" "$@" "$target" >/dev/null
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$@" "$target" >"$out/wrk-$name.txt"
    measure wrk "$results" "$name" "$out/wrk-$name.txt"
}

workers=$(nproc)
log "reads: plaintext reference ($workers workers)"
start_server plaintext "$bin/examples/plaintext" 127.0.0.1:0 "$workers"
load_run plaintext "$connections" "$url/plaintext"
stop_server

# The middle of Region VIII's archive, the same action in every run (writes add to the board).
action=$(python3 - "$full/bantay.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
archive = "FROM actions WHERE board_id = 2 AND title NOT LIKE 'Benchmark write%'"
n = db.execute(f"SELECT count(*) {archive}").fetchone()[0]
print(db.execute(f"SELECT id {archive} ORDER BY id LIMIT 1 OFFSET ?", (n // 2,)).fetchone()[0])
PY
)
log "reads: bantay (action $action, a list page of 50)"
start_server bantay "$bantay" --data-dir "$full" serve --listen 127.0.0.1:0
token=$(python3 scripts/demo_accounts.py token "$url" "$full/demo.txt" "$secretary")
auth=(-H "Authorization: Bearer $token")
# The ceiling for reads: no sign-in and no database, only bantay's middleware and request log.
load_run healthz "$connections" "$url/healthz"
load_run read "$connections" "$url/api/v1/actions/$action" "${auth[@]}"
load_run list "$connections" "$url/api/v1/actions?limit=50" "${auth[@]}"

# Pages, signed in through the /signin form as a browser is (its anti-forgery token, the session
# cookie it sets): the desk, and the first 50 rows of each long list of Region VIII.
sign_in_page() {
    local email=$1 jar=$out/cookies-${1%%@*}.txt page=$out/signin.html
    curl -fsS -c "$jar" -b "$jar" -o "$page" "$url/signin"
    local csrf status
    csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page" | head -1)
    status=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=$csrf" --data-urlencode "email=$email" \
        --data-urlencode "password=$(accounts password "$email")" "$url/signin")
    if [ "$status" = "303 $url/signin/code" ]; then
        curl -fsS -c "$jar" -b "$jar" -o "$page" "$url/signin/code"
        csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page" | head -1)
        status=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
            --data-urlencode "csrf=$csrf" --data-urlencode "code=$(accounts code "$email")" \
            "$url/signin/code")
    fi
    [ "$status" = "303 $url/desk" ] || { log "signing in $email through /signin answered $status"; exit 1; }
    awk -F'\t' 'NF == 7 { sub(/^#HttpOnly_/, "", $1); printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}
# One page: its size plain and gzipped, then wrk with the session cookie. A page that sent the
# reader elsewhere (to sign in, say) would be fast and wrong, so anything but 200 stops here.
page_run() {
    local name=$1 cookie=$2 path=$3 plain gzip encoding status
    status=$(curl -sS -H "Cookie: $cookie" -o "$out/page-$name.html" -w '%{http_code}' "$url$path")
    [ "$status" = 200 ] || { log "GET $path answered $status"; exit 1; }
    plain=$(wc -c <"$out/page-$name.html")
    gzip=$(curl -sS -H "Cookie: $cookie" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$url$path")
    encoding=$(curl -sS -H "Cookie: $cookie" -H 'Accept-Encoding: gzip' -o /dev/null -D - "$url$path" |
        sed -n 's/^[Cc]ontent-[Ee]ncoding: *\([^[:space:]]*\).*/\1/p')
    load_run "page_$name" "$connections" "$url$path" -H "Cookie: $cookie"
    measure put "$results" "size_$name" "{\"path\": \"$path\", \"html\": $plain, \"gzip\": $gzip, \"encoding\": \"${encoding:-none}\"}"
}
log "reads: pages, signed in"
secretary_cookie=$(sign_in_page "$secretary")
page_run desk_secretary "$secretary_cookie" /desk
page_run desk_representative "$(sign_in_page rep.8id@demo.bantay.example)" /desk
page_run actions "$secretary_cookie" /desk/boards/2/actions
page_run incidents "$secretary_cookie" /desk/boards/2/incidents
page_run grievances "$secretary_cookie" /desk/boards/2/grievances
page_run past_sessions "$secretary_cookie" /desk/boards/2/meetings/past
page_run audit "$(sign_in_page admin@demo.bantay.example)" /desk/audit

# The public on publication day: readers not signed in (no cookie, as each new reader comes),
# the newest published report's page, Region VIII's dashboard, and the signed PDF asked again
# by a reader who holds it already (If-None-Match: 304).
log "reads: the public, not signed in"
read -r report report_sha < <(python3 - "$full/bantay.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(*db.execute("SELECT id, pdf_sha256 FROM reports WHERE status = 'published' "
                  "ORDER BY published_at DESC, id DESC LIMIT 1").fetchone())
PY
)
page_run public_report "" "/reports/$report"
page_run public_dashboard "" "/dashboard?board=2"
pdf=$url/api/v1/public/reports/$report/pdf
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: \"$report_sha\"" "$pdf")
[ "$status" = 304 ] || { log "a conditional GET of $pdf answered $status"; exit 1; }
load_run pdf_not_modified "$connections" "$pdf" -H "If-None-Match: \"$report_sha\""

log "writes: bantay ($write_connections connections), then bare SQLite commits"
title="Benchmark write $(date -u +%Y%m%dT%H%M%S)"
cat >"$out/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"board_id": 2, "title": "$title", "source_kind": "none", "unit_id": 4, "due_date": "2027-01-15"}'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) created = 0; other = 0 end
function response(status, headers, body)
    if status == 201 then created = created + 1 else other = other + 1 end
end
function done(summary, latency, requests)
    local c, o = 0, 0
    for _, t in ipairs(threads) do c = c + t:get("created"); o = o + t:get("other") end
    io.write(string.format("created=%d other=%d\n", c, o))
end
LUA
load_run writes "$write_connections" "$url/api/v1/actions" "${auth[@]}" -s "$out/post.lua"
stop_server
measure written "$results" "$full/bantay.db" "$title"
rm -f "$data"/commits.db*
measure put "$results" commits "$("$bin/examples/sqlite_commits" "$data/commits.db" "$seconds")"
rm -f "$data"/commits.db*

log "start to ready and idle memory (5 starts)"
measure ready "$results" "$bantay" "$full" "$token" "/api/v1/actions/$action" "/api/v1/actions?limit=50"

log "report drafts ($month of board $board, 5 + 1 on each database)"
measure drafts "$results" "$bantay" "$board" "$month" "$full" "$single"

log "recurrence"
measure put "$results" recurrence "$("$bin/examples/recurrence_bench" "$out")"
measure put "$results" dateutil "$("$venv/bin/python" scripts/bench/recurrence_dateutil.py "$out")"
measure put "$results" recurrence_rules "$(python3 -c 'import json,sys; print(json.dumps([s["rule"] for s in json.load(open(sys.argv[1]))]))' "$out/series.json")"

archive=$(sed -n 's/^Archive over/archive over/p' "$full/demo.txt")
echo "bantay benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores: scale $scale ($load_note; $month_note)"
echo "${archive%.}; report: board $board, $month"
echo "wrk: $threads threads, $connections connections for reads and $write_connections for writes, ${seconds} s each after ${warm_up} s warm-up;" \
    "bantay serve with its defaults ($workers workers, one per core), BANTAY_LOG=$BANTAY_LOG (a line per request, to a file)," \
    "BANTAY_RUN_JOBS=$BANTAY_RUN_JOBS"
echo
measure table "$results"
echo
echo "logs and wrk output: $out"
