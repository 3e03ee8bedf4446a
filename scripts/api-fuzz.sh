#!/usr/bin/env bash
# Usage: scripts/api-fuzz.sh [examples-per-operation]   (default 50)
# Serves bantay with the demo data on a throwaway SQLite database (or on the empty database that
# DATABASE_URL names), signs in as the demo admin, and
# lets schemathesis (pip install schemathesis) generate requests from /api/v1/openapi.json:
# no answer may be a 5xx, and every answer must match the document's status codes and schemas.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
examples=${1:-50}

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

# Signs in as a demo account and prints its bearer token.
token_of() {
  local email=$1 password
  password=$(awk -v e="$email" '$0 ~ e { print $NF }' "$dir/out")
  python3 - "$base" "$email" "$password" <<'PY'
import json, sys, urllib.request
base, email, password = sys.argv[1], sys.argv[2], sys.argv[3]
body = json.dumps({"email": email, "password": password}).encode()
req = urllib.request.Request(base + "/api/v1/auth/login", body, {"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req))["token"])
PY
}

# Logging out would end the session the rest of the run uses. Run from the temporary directory,
# where schemathesis and hypothesis leave their caches.
fuzz_as() {
  local email=$1
  shift
  (cd "$dir" && PYTHONPATH="$root/tests/tools" SCHEMATHESIS_HOOKS=schemathesis_hooks \
    schemathesis run "$base/api/v1/openapi.json" --url "$base" \
    -H "Authorization: Bearer $(token_of "$email")" \
    --max-examples "$examples" \
    --exclude-path /api/v1/auth/logout \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    "$@")
}

# The admin reaches every operation; the national secretary also reaches the writes on sessions,
# indicators, actions, grievances and incidents.
fuzz_as admin@demo.bantay.example
fuzz_as secretary@demo.bantay.example --include-tag meetings --include-tag indicators --include-tag actions --include-tag grievances --include-tag incidents
