#!/usr/bin/env bash
# Usage: scripts/test.sh [cargo test options]
# The whole suite: installs the outside validators, then runs `cargo test` with the tests that
# need them included. With TEST_DATABASE_URL=postgres://… it runs on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-tools.sh
cargo test "$@" -- --include-ignored
