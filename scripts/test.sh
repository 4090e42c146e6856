#!/usr/bin/env bash
# Install the assistant with its test extras into .venv and run lint + the tests.
# Debian packages come from apt when this runs as root: headless Chromium and a
# CJK font (screenshot test, OCR test images), antiword and LibreOffice Writer
# (.doc/.wps reading and building the .doc test file). Elsewhere, or if apt
# fails, the tests that need them skip.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# LibreOffice (Writer) reads .doc/.wps when antiword cannot, builds the .doc test file and,
# with poppler, renders the exported .docx to PDF/PNG in one test.
want=()
command -v chromium >/dev/null || want+=(chromium)
fc-list 2>/dev/null | grep -qi wqy || want+=(fonts-wqy-microhei)
command -v antiword >/dev/null || want+=(antiword)
command -v soffice >/dev/null || want+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || want+=(poppler-utils)
if [ "${#want[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "${want[@]}" >/dev/null) || echo "warning: could not install ${want[*]}; tests needing them will skip"
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
