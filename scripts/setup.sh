#!/usr/bin/env bash
# Sets up a fresh Debian machine for beBPo-Client: system packages and the project venv.
# Sourced by ./run-demo and ./run-tests. Idempotent: a second run only checks and returns.
set -euo pipefail

BEBPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BEBPO_ROOT
VENV="$BEBPO_ROOT/.venv"
PYTHON="${PYTHON:-python3}"

# Debian packages: ClamAV (scanner), Xvfb (screenshots), xmlsec1 (crypto cross-checks),
# the X/EGL/font libraries Qt's xcb and offscreen platforms load, and python3-venv.
APT_PACKAGES=(
  clamav clamav-daemon xvfb xmlsec1 openssl
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local missing=()
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=(python3-venv)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> Installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

check_python() {
  if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "Python >= 3.11 is required (found: $("$PYTHON" --version 2>&1))." >&2
    exit 1
  fi
}

install_venv() {
  local stamp="$VENV/.bebpo-setup-stamp"
  local want
  want="$(cat "$BEBPO_ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> Creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> Installing the project into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$BEBPO_ROOT[dev]"
    echo "$want" > "$stamp"
  fi
}


install_system_packages
check_python
install_venv
if [ -f "$BEBPO_ROOT/scripts/build_translations.py" ]; then
  "$VENV/bin/python" "$BEBPO_ROOT/scripts/build_translations.py"
fi
