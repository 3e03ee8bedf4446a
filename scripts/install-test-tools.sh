#!/usr/bin/env bash
# Usage: scripts/install-test-tools.sh
# Installs the outside validators some tests use: poppler's pdfsig, pdftotext and pdftoppm and
# NSS's certutil and the openssl command (Debian packages, when missing), and tests/tools/requirements.txt (icalendar,
# recurring-ical-events, aiosmtpd, pyHanko) into a Python virtual environment at
# target/test-tools. Idempotent; needs python3 with its venv module, and apt-get (as root or
# through sudo) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdfsig >/dev/null || ! command -v certutil >/dev/null || ! command -v openssl >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq poppler-utils libnss3-tools openssl >/dev/null
fi
venv=target/test-tools
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/tools/requirements.txt
