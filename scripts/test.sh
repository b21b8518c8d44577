#!/usr/bin/env bash
# npm test: everything, from a fresh clone. Installs what it needs, stops at the first failure, and
# prints how long each stage took (also when one fails).
#
# Stages that do not depend on each other run side by side (a 2-core machine idles while one stage
# waits on the network, the emulator or a browser): the npm packages with the emulator venv and the
# browser package, the production build (which type-checks) with lint, format and the unit tests, the
# integration files two at a time (vitest.config.mts), and the browser tests in two groups, each with
# its own app and emulator (LOCKBRIDGE_E2E_SHARD, see playwright.config.ts). The output of a stage run
# beside another is kept in .run/test-logs/ and printed when it ends. `npm test -- <playwright args>`
# passes the arguments to a single browser run, as before.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The SDK warns that its releases after January 2027 need Node 22; package-lock.json pins this one.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

logs=.run/test-logs
mkdir -p "$logs"
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

# Side-by-side stages: `spawn NAME CMD...` starts one in the background, `join NAME` waits for it,
# prints its output and records its own duration. A failed stage fails the run.
declare -A job_pid=() job_start=()
failed_stage=""
logfile() { echo "$logs/${1//[^A-Za-z0-9]/-}.log"; }
spawn() {
  local name="$1" log
  shift
  log="$(logfile "$name")"
  printf '\n==> %s (in the background; output: %s)\n' "$name" "$log"
  rm -f "$log.end"
  # The stage's own end time, for its duration: it may end long before it is joined.
  (
    status=0
    "$@" >"$log" 2>&1 || status=$?
    echo "$SECONDS" >"$log.end"
    exit "$status"
  ) &
  job_pid[$name]=$!
  job_start[$name]=$SECONDS
}
join() {
  local name="$1" status=0 log end
  log="$(logfile "$name")"
  wait "${job_pid[$name]}" || status=$?
  unset "job_pid[$name]"
  end="$(cat "$log.end" 2>/dev/null || echo "$SECONDS")"
  printf '\n==> %s\n' "$name"
  cat "$log"
  stages+=("$(printf '%5ds  %s (beside other stages)' $((end - job_start[$name])) "$name")")
  if [ "$status" -ne 0 ]; then
    failed_stage="$name"
    return "$status"
  fi
}
summary() {
  local status=$?
  finish_stage
  # A failure in the foreground leaves background stages running: stop them (by PID, with their
  # children: each was started as its own command, so its process group is the shell's).
  for name in "${!job_pid[@]}"; do
    pkill -TERM -P "${job_pid[$name]}" 2>/dev/null || true
    kill -TERM "${job_pid[$name]}" 2>/dev/null || true
  done
  printf '\n==> time per stage\n'
  printf '%s\n' "${stages[@]}"
  printf '%5ds  total%s\n' $((SECONDS - started)) "$([ $status -ne 0 ] && echo " (failed${failed_stage:+: $failed_stage})")"
}
trap summary EXIT

spawn "emulator venv" bash scripts/emulator/setup.sh
spawn "chromium" bash scripts/browser.sh
step "npm packages"; bash scripts/ensure-node-deps.sh
finish_stage

# `next build` type-checks every file tsconfig.json includes (tests, e2e and scripts too) and the route
# types it generates, as `tsc --noEmit` would: the build is the typecheck. Lint, format and the unit
# tests run beside it (eslint and prettier ignore .next/, which the build writes).
spawn "production build and typecheck" node_modules/.bin/next build
step "lint"; node_modules/.bin/eslint . --max-warnings 0
step "format (prettier --check)"; node_modules/.bin/prettier --check . --log-level warn
step "unit tests (vitest, no emulator)"; node_modules/.bin/vitest run --project unit
finish_stage
# The integration tests need the build (one reads its action manifest) and the emulator venv.
join "production build and typecheck"
join "emulator venv"

step "integration tests (vitest, against the emulator)"; node_modules/.bin/vitest run --project integration

join "chromium"
if [ $# -gt 0 ]; then
  step "browser tests (Playwright, against the emulator)"
  node_modules/.bin/tsx scripts/sandbox.ts -- node_modules/.bin/playwright test "$@"
else
  browser_group() { LOCKBRIDGE_E2E_SHARD="$1/2" node_modules/.bin/tsx scripts/sandbox.ts -- node_modules/.bin/playwright test; }
  spawn "browser tests, group 2 of 2" browser_group 2
  step "browser tests, group 1 of 2 (Playwright, against the emulator)"; browser_group 1
  finish_stage
  join "browser tests, group 2 of 2"
fi
