#!/usr/bin/env bash
# Installs the Debian packages WeasyPrint needs (Pango, HarfBuzz subsetting) and the report's
# font (DejaVu), if they are missing. Called by `make`; does nothing when all are present.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "System packages missing: ${missing[*]}"
if ! command -v apt-get >/dev/null; then
  echo "Please install the equivalents of: ${missing[*]} (no apt-get on this machine)." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
