#!/usr/bin/env bash
# Installs npm packages when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.lockbridge-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "==> npm ci"
  # --prefer-offline: packages already in npm's cache are not revalidated with the registry.
  npm ci --no-audit --no-fund --prefer-offline
  touch "$stamp"
fi
