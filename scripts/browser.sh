#!/usr/bin/env bash
# Makes sure a Chromium is available for Playwright. We never download a browser build: Debian's
# packages are used. The browser tests prefer `chromium-headless-shell` (the same Chromium without the
# windowed browser around it: about a tenth less CPU for the same tests on 2 cores) and fall back to
# `chromium`; LOCKBRIDGE_CHROMIUM overrides both (see testing/chromium.ts, which picks the same way).
set -euo pipefail
if [ -n "${LOCKBRIDGE_CHROMIUM:-}" ]; then
  [ -x "$LOCKBRIDGE_CHROMIUM" ] && exit 0
  echo "LOCKBRIDGE_CHROMIUM=$LOCKBRIDGE_CHROMIUM is not an executable file." >&2
  exit 1
fi
shell=/usr/bin/chromium-headless-shell
full=/usr/bin/chromium
if [ -x "$shell" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  install() { apt-get install -y -qq "$@" >/dev/null 2>&1; }
  echo "==> apt-get install chromium-headless-shell (Debian's package; Playwright's own download is never used)"
  # Package lists may be missing or stale on a fresh machine: read them only when the install needs it.
  if install chromium-headless-shell || { apt-get update -qq && install chromium-headless-shell; }; then exit 0; fi
  if [ -x "$full" ]; then
    echo "chromium-headless-shell could not be installed: the browser tests use $full (slower)." >&2
    exit 0
  fi
  echo "==> apt-get install chromium"
  install chromium && exit 0
fi
if [ -x "$full" ]; then
  echo "chromium-headless-shell is missing: the browser tests use $full (slower). As root: apt-get install -y chromium-headless-shell" >&2
  exit 0
fi
echo "Chromium is missing. Install Debian's package as root: apt-get install -y chromium-headless-shell" >&2
echo "or point LOCKBRIDGE_CHROMIUM at another Chromium executable." >&2
exit 1
