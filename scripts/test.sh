#!/usr/bin/env bash
# npm test: everything, from a fresh clone. Installs what it needs, stops at the first failure, and
# prints how long each stage took (also when one fails).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The SDK warns that its releases after January 2027 need Node 22; package-lock.json pins this one.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

stages=()
current=""
started=$SECONDS
stage_start=$SECONDS
finish_stage() {
  [ -n "$current" ] && stages+=("$(printf '%5ds  %s' $((SECONDS - stage_start)) "$current")")
  current=""
}
step() {
  finish_stage
  current="$*"
  stage_start=$SECONDS
  printf '\n==> %s\n' "$*"
}
summary() {
  local status=$?
  finish_stage
  printf '\n==> time per stage\n'
  printf '%s\n' "${stages[@]}"
  printf '%5ds  total%s\n' $((SECONDS - started)) "$([ $status -ne 0 ] && echo " (failed)")"
}
trap summary EXIT

step "npm packages"; bash scripts/ensure-node-deps.sh
step "emulator venv"; bash scripts/emulator/setup.sh
step "chromium"; bash scripts/browser.sh
step "typecheck"; node_modules/.bin/tsc --noEmit
step "lint"; node_modules/.bin/eslint . --max-warnings 0
step "format (prettier --check)"; node_modules/.bin/prettier --check . --log-level warn
step "unit tests (vitest, no emulator)"; node_modules/.bin/vitest run --project unit
step "integration tests (vitest, against the emulator)"; node_modules/.bin/vitest run --project integration
step "production build"; node_modules/.bin/next build
step "browser tests (Playwright, against the emulator)"
node_modules/.bin/tsx scripts/sandbox.ts -- node_modules/.bin/playwright test "$@"
