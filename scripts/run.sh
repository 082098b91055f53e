#!/usr/bin/env bash
# Install the dashboard's Python packages into .venv and start it on the bundled data.
# Usage: bash scripts/run.sh [extra streamlit args]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
