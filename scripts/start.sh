#!/usr/bin/env bash
# npm start: Lockbridge against real AWS, with the server's credentials (AWS_PROFILE, SSO,
# environment or instance role). Binds 127.0.0.1:3000 unless LOCKBRIDGE_HOST/PORT say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-node-deps.sh
# Fail fast on a bad setting, with the variable's name, before building anything.
eval "$(node_modules/.bin/tsx scripts/print-env.ts)"
[ -f .next/BUILD_ID ] || node_modules/.bin/next build
# scripts/serve.ts: Next in one process behind a server that stamps each request's peer address.
exec node_modules/.bin/tsx scripts/serve.ts
