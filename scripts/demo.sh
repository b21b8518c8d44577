#!/usr/bin/env bash
# npm run demo: the wizard against a local sandbox of two emulated AWS accounts.
# Installs what it needs, builds, then runs until Ctrl-C (which stops everything it started).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The SDK warns that its releases after January 2027 need Node 22; package-lock.json pins this one.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
bash scripts/ensure-node-deps.sh
bash scripts/emulator/setup.sh
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "==> next build"
  node_modules/.bin/next build
fi
exec node_modules/.bin/tsx scripts/sandbox.ts --port "${LOCKBRIDGE_PORT:-3000}" --host "${LOCKBRIDGE_HOST:-127.0.0.1}"
