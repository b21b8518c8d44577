#!/usr/bin/env bash
# npm test: everything, from a fresh clone. Installs what it needs, stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The SDK warns that its releases after January 2027 need Node 22; package-lock.json pins this one.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
step() { printf '\n==> %s\n' "$*"; }

bash scripts/ensure-node-deps.sh
step "emulator venv"; bash scripts/emulator/setup.sh
step "chromium"; bash scripts/browser.sh
step "typecheck"; node_modules/.bin/tsc --noEmit
step "lint"; node_modules/.bin/eslint . --max-warnings 0
step "unit and integration tests (vitest, against the emulator)"; node_modules/.bin/vitest run
step "production build"; node_modules/.bin/next build
step "browser tests (Playwright, against the emulator)"
node_modules/.bin/tsx scripts/sandbox.ts -- node_modules/.bin/playwright test "$@"
