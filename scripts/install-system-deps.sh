#!/usr/bin/env bash
# Installs the Debian packages WeasyPrint needs (Pango, fontconfig) and, where it can, HarfBuzz
# subsetting (byte-identical PDFs) and the PDF tools the tests use (qpdf, pdftotext). Called by `make`; does nothing when all are present.
# The report's font is bundled in templates/fonts/, so no font package is needed.
set -euo pipefail
required=(libpango-1.0-0 libpangoft2-1.0-0 fontconfig)
# qpdf and poppler-utils (pdftotext): the tests check the PDF with them
optional=(libharfbuzz-subset0 qpdf poppler-utils)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${required[@]}" "${optional[@]}"; do installed "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "System packages missing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if command -v apt-get >/dev/null; then
  $sudo apt-get update -qq || true
  for p in "${missing[@]}"; do
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$p" \
      || echo "Could not install $p."
  done
fi
for p in "${required[@]}"; do
  if ! installed "$p"; then
    echo "Required package $p is missing; please install it (Debian: apt-get install $p)." >&2
    exit 1
  fi
done
if ! installed libharfbuzz-subset0; then
  echo "Note: without libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools; the PDF is" \
       "still correct, but two builds may differ in their font timestamps." >&2
fi
exit 0
