#!/usr/bin/env bash
# npm run check: the fast loop (typecheck, lint, format, unit tests; no emulator, no browser). npm test runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
echo "==> typecheck"; node_modules/.bin/tsc --noEmit
echo "==> lint"; node_modules/.bin/eslint . --max-warnings 0
echo "==> format"; node_modules/.bin/prettier --check . --log-level warn
echo "==> unit tests"; node_modules/.bin/vitest run --project unit
