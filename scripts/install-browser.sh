#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests of `planreview serve` (Playwright drives it
# through its executable_path; `playwright install` is never run, nothing is downloaded at
# run time). Called by `make`; does nothing when chromium is there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
echo "Chromium (for the browser tests of the web workbench) is missing."
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if command -v apt-get >/dev/null; then
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium \
    || echo "Could not install chromium."
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Please install chromium (Debian: apt-get install chromium); the browser tests need it." >&2
  exit 1
fi
exit 0
