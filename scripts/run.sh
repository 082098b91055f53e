#!/usr/bin/env bash
# Install what the dashboard needs and start it on the bundled data.
#  - Debian packages its own features need: chromium (chart downloads: PNG, SVG, PDF, decks) and
#    fonts-noto-core (Vietnamese letters in exported charts). Installed only when missing.
#  - Python packages from requirements.txt into .venv.
# Usage: bash scripts/run.sh [extra streamlit args, e.g. --server.address 127.0.0.1 --server.port 8501]
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in chromium fonts-noto-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null; then
    :
  else
    echo "warning: could not install ${need[*]}; the dashboard runs, but chart downloads (PNG/SVG/PDF) need chromium" >&2
  fi
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
