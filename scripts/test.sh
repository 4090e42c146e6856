#!/usr/bin/env bash
# Install the assistant with its test extras into .venv and run lint + the tests.
# Headless Chromium and a CJK font (for the screenshot test) come from Debian's
# packages when this runs as root; elsewhere that one test skips.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# LibreOffice (Writer) and poppler render the exported .docx to PDF/PNG in one test.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy \
    || ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      chromium fonts-wqy-microhei libreoffice-writer-nogui poppler-utils >/dev/null) \
      || echo "warning: chromium/libreoffice not installed; browser and render tests will skip"
  fi
fi
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False HF_HUB_OFFLINE=1
.venv/bin/ruff check .
set +e
.venv/bin/python -m pytest -ra "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
