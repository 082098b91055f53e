#!/usr/bin/env bash
# Install everything the tests need and run the whole suite.
#  - Debian packages: chromium (browser tests, chart export), fonts-noto-core
#    (Vietnamese glyphs in exported charts) and haproxy (the load tests run the app
#    behind it, as scripts/serve.sh does). Installed only when missing.
#  - Python packages from requirements-dev.txt into .venv. Playwright drives
#    Debian's /usr/bin/chromium; it never downloads a browser of its own.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in chromium fonts-noto-core haproxy; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec .venv/bin/python -m pytest "$@"
