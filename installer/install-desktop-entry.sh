#!/usr/bin/env bash
# Installs the start-menu entry for this unpacked one-folder build (per user, no root needed).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TARGET="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$TARGET"
TEMPLATE="$HERE/bebpo-client.desktop.in"
[ -f "$TEMPLATE" ] || TEMPLATE="$HERE/../installer/bebpo-client.desktop.in"
sed -e "s#@EXEC@#$HERE/bebpo-client#" -e "s#@ICON@#$HERE/bebpo-client.svg#" "$TEMPLATE" \
  > "$TARGET/bebpo-client.desktop"
echo "Installed $TARGET/bebpo-client.desktop"
