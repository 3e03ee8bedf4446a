#!/usr/bin/env bash
# Usage: scripts/api-fuzz.sh [examples-per-operation]   (default 50)
# Serves bantay with the demo data on a throwaway SQLite database (or on the empty database that
# DATABASE_URL names), signs in as the demo admin, and
# lets schemathesis (pip install schemathesis) generate requests from /api/v1/openapi.json:
# no answer may be a 5xx, and every answer must match the document's status codes and schemas.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-50}

command -v schemathesis >/dev/null || { echo "schemathesis is not installed: pip install schemathesis" >&2; exit 1; }
cargo build --quiet
dir=$(mktemp -d)
target/debug/bantay --data-dir "$dir" serve --demo --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
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

password=$(awk '/admin@demo.bantay.example/ { print $NF }' "$dir/out")
token=$(python3 - "$base" "$password" <<'PY'
import json, sys, urllib.request
base, password = sys.argv[1], sys.argv[2]
body = json.dumps({"email": "admin@demo.bantay.example", "password": password}).encode()
req = urllib.request.Request(base + "/api/v1/auth/login", body, {"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req))["token"])
PY
)

# Logging out would end the session the rest of the run uses. Run from the temporary directory,
# where schemathesis and hypothesis leave their caches.
cd "$dir"
schemathesis run "$base/api/v1/openapi.json" --url "$base" \
  -H "Authorization: Bearer $token" \
  --max-examples "$examples" \
  --exclude-path /api/v1/auth/logout \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
