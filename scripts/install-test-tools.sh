#!/usr/bin/env bash
# Usage: scripts/install-test-tools.sh
# Installs the outside validators some tests use (tests/tools/requirements.txt: icalendar,
# recurring-ical-events, aiosmtpd) into a Python virtual environment at target/test-tools.
# Idempotent; needs python3 with its venv module.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/test-tools
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/tools/requirements.txt
