#!/usr/bin/env bash
# Usage: scripts/api-fuzz.sh [examples-per-operation]   (default 50)
# Serves bantay with the demo data on a throwaway SQLite database (or on the empty database that
# DATABASE_URL names), gives each of two representatives (different units) an action and a
# referred grievance of their own, and lets schemathesis (pip install schemathesis) generate
# requests from /api/v1/openapi.json once per role — admin, national secretary, Region VIII
# secretary, member, and each representative — with the two representatives as peers, so that
# its object-level authorization check replays each one's reads as the other. Every check runs
# but those tests/tools/schemathesis.toml turns off, with its reasons (CHECKS=a,b picks others).
# FUZZ_SEED=N draws the same requests every run (CI does, so that its verdict can be replayed);
# without it each run draws new ones.
# Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
examples=${1:-50}
options=()
[ -n "${CHECKS:-}" ] && options+=(--checks "$CHECKS")
[ -n "${FUZZ_SEED:-}" ] && options+=(--seed "$FUZZ_SEED")

command -v schemathesis >/dev/null || { echo "schemathesis is not installed: pip install schemathesis" >&2; exit 1; }
cargo build --quiet
dir=$(mktemp -d)
"${CARGO_TARGET_DIR:-target}/debug/bantay" --data-dir "$dir" serve --demo --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

base=""
for _ in $(seq 1 120); do
  base=$(sed -n 's/^bantay listening on //p' "$dir/out")
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/err" >&2; exit 1; }
  sleep 0.5
done
[ -n "$base" ] || { echo "bantay did not start" >&2; exit 1; }

# Signs every demo account in, seeds each representative's own records, and writes the
# identities as a Web Fuzzing Commons document for schemathesis.
python3 - "$base" "$dir/out" "$dir/auth.json" <<'PY'
import json, sys, urllib.request
sys.path.insert(0, "scripts")
import demo_accounts
base, demo_output, auth_file = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]

def call(method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(base + path, data, headers, method=method)) as r:
        return json.load(r)

accounts = {
    "admin": "admin@demo.bantay.example",
    "secretary": "secretary@demo.bantay.example",
    "secretary-r8": "secretary.r8@demo.bantay.example",
    "member-r8": "member.r8@demo.bantay.example",
    "rep-8id": "rep.8id@demo.bantay.example",
    "rep-pro8": "rep.pro8@demo.bantay.example",
}
# Each signs in with the printed password and a code of its printed app secret.
tokens = {name: demo_accounts.sign_in(base, demo_output, email, sys.argv[2] + ".steps.json")
          for name, email in accounts.items()}

secretary = tokens["secretary-r8"]
for rep in ("rep-8id", "rep-pro8"):
    unit = call("GET", "/api/v1/me", tokens[rep])["roles"][0]["unit_id"]
    board = call("GET", "/api/v1/me", secretary)["roles"][0]["board_id"]
    call("POST", "/api/v1/actions", secretary, {
        "board_id": board, "title": f"Brief {rep}'s personnel on checkpoint conduct",
        "source_kind": "none", "unit_id": unit, "due_date": "2031-01-31"})
    call("POST", "/api/v1/grievances", secretary, {
        "board_id": board, "category": "checkpoint", "description": "Stopped and searched twice.",
        "alleged_unit_id": unit})
    listed = call("GET", f"/api/v1/grievances?board={board}&limit=200", secretary)["items"]
    g = max(listed, key=lambda g: g["id"])
    call("PATCH", f"/api/v1/grievances/{g['id']}", secretary, {"status": "acknowledged"})
    call("PATCH", f"/api/v1/grievances/{g['id']}", secretary, {
        "status": "referred", "unit_id": unit, "unit_summary": "A complaint about a checkpoint."})

json.dump({"auth": [
    {"name": name, "fixedHeaders": [{"name": "Authorization", "value": "Bearer " + token}]}
    for name, token in tokens.items()
]}, open(auth_file, "w"))
PY

# Logging out, or ending a session by its id (the run would soon guess its own), would end the
# session the rest of the run uses; tests/integration/own_sessions.rs covers ending one. Run from the temporary directory,
# where schemathesis and hypothesis leave their caches.
fuzz_as() {
  local user=$1
  shift
  cat >"$dir/schemathesis-$user.toml" <<TOML
[auth.wfc]
path = "$dir/auth.json"
user = "$user"
peers = ["rep-8id", "rep-pro8"]

TOML
  cat "$root/tests/tools/schemathesis.toml" >>"$dir/schemathesis-$user.toml"
  echo "== schemathesis as $user"
  (cd "$dir" && PYTHONPATH="$root/tests/tools" SCHEMATHESIS_HOOKS=schemathesis_hooks \
    schemathesis --config-file "$dir/schemathesis-$user.toml" run "$base/api/v1/openapi.json" \
    --url "$base" \
    --max-examples "$examples" \
    --exclude-path /api/v1/auth/logout \
    --exclude-path '/api/v1/auth/sessions/{id}' \
    "${options[@]}" \
    "$@")
}

# Whether a role's session still opens after its run: one that another role's writes ended would
# have met every later request with 401 and fuzzed nothing.
still_signed_in() {
  python3 - "$base" "$dir/auth.json" "$1" <<'PY'
import json, sys, urllib.error, urllib.request
base, auth, user = sys.argv[1], json.load(open(sys.argv[2]))["auth"], sys.argv[3]
header = next(a for a in auth if a["name"] == user)["fixedHeaders"][0]
try:
    urllib.request.urlopen(urllib.request.Request(base + "/api/v1/me", headers={header["name"]: header["value"]}))
except urllib.error.HTTPError as e:
    sys.exit(f"the session of {user} ended during the run ({e.code}): its requests fuzzed nothing")
PY
}

failed=0
# The admin last: its writes (disabling an account, resetting a second factor) end other
# accounts' sessions.
for user in ${USERS:-secretary secretary-r8 member-r8 rep-8id rep-pro8 admin}; do
  fuzz_as "$user" || failed=1
  still_signed_in "$user" || failed=1
done
exit "$failed"
