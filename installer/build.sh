#!/usr/bin/env bash
# Builds the one-folder application dist/bebpo-client/ (PyInstaller) and dist/bebpo-client.tar.gz.
# Usage: installer/build.sh            (after ./run-tests or scripts/setup.sh created .venv)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
.venv/bin/python -m pip install -q -e ".[installer]"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/bebpo-client.spec
cp resources/icons/bebpo-client.svg dist/bebpo-client/bebpo-client.svg
cp installer/install-desktop-entry.sh installer/bebpo-client.desktop.in dist/bebpo-client/
tar -C dist -czf dist/bebpo-client.tar.gz bebpo-client
echo "==> dist/bebpo-client/bebpo-client and dist/bebpo-client.tar.gz"
