#!/usr/bin/env bash
# Installs the data-path proof's Python tools into .venv-stream from the pinned requirements
# (skipped when that venv already holds exactly these requirements).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.venv-stream
REQUIREMENTS=scripts/stream/requirements.txt
STAMP="$VENV/requirements.installed"
if [ -f "$STAMP" ] && cmp -s "$STAMP" "$REQUIREMENTS"; then
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
cp "$REQUIREMENTS" "$STAMP"
