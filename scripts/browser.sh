#!/usr/bin/env bash
# Makes sure a Chromium is available for Playwright. We never download a browser build:
# Debian's chromium package is used (LOCKBRIDGE_CHROMIUM overrides the path).
set -euo pipefail
browser="${LOCKBRIDGE_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ -n "${LOCKBRIDGE_CHROMIUM:-}" ]; then
  echo "LOCKBRIDGE_CHROMIUM=$LOCKBRIDGE_CHROMIUM is not an executable file." >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> apt-get install chromium (Debian's package; Playwright's own download is never used)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is missing. Install Debian's package as root: apt-get install -y chromium" >&2
echo "or point LOCKBRIDGE_CHROMIUM at another Chromium executable." >&2
exit 1
