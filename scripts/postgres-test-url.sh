#!/usr/bin/env bash
# Usage: scripts/postgres-test-url.sh
# Makes sure the local PostgreSQL 15 cluster is running and prints a TEST_DATABASE_URL for it:
#   TEST_DATABASE_URL=$(scripts/postgres-test-url.sh) cargo test
# Each test creates (and drops) its own database on that server. Idempotent.
set -euo pipefail

host=${PGHOST_FOR_TESTS:-127.0.0.1}
port=${PGPORT_FOR_TESTS:-5432}

if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "${version:-15}" main start >&2 ||
      pg_ctlcluster "${version:-15}" main start >&2
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" 2>/dev/null && break
    sleep 1
  done
  pg_isready -q -h "$host" -p "$port" || { echo "PostgreSQL at $host:$port is not reachable" >&2; exit 1; }
fi

echo "postgres://postgres@$host:$port/postgres"
