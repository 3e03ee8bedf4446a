#!/usr/bin/env bash
# Usage: scripts/install-test-tools.sh
# Installs the outside validators some tests use: poppler's pdfsig, pdftotext and pdftoppm, NSS's
# certutil, the openssl command and Chromium (Debian packages, when missing); playwright-core and
# axe-core from npm into tests/browser/node_modules; and tests/tools/requirements.txt (icalendar,
# recurring-ical-events, aiosmtpd, pyHanko) into a Python virtual environment at
# target/test-tools. Idempotent; needs python3 with its venv module, and apt-get (as root or
# through sudo) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdfsig >/dev/null || ! command -v certutil >/dev/null \
  || ! command -v openssl >/dev/null || ! command -v chromium >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq poppler-utils libnss3-tools openssl chromium >/dev/null
fi
# playwright-core drives that Chromium; axe-core checks each page (versions in package-lock.json).
[ -d tests/browser/node_modules/playwright-core ] && [ -d tests/browser/node_modules/axe-core ] \
  || npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
venv=target/test-tools
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/tools/requirements.txt
