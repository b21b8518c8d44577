#!/usr/bin/env bash
# Installs npm packages when node_modules is missing or older than package-lock.json.
#
# Most of a fresh `npm ci` here is compiling better-sqlite3's native addon (SQLite itself, in C): no
# prebuilt binary can be downloaded on a closed network. The compiled addon is kept in a per-user
# cache, keyed by the package version, Node's ABI and the platform, and reused by the next install on
# this machine (another clone, a CI run); it is loaded once to prove it works, and compiled again if not.
# LOCKBRIDGE_CACHE_DIR moves the cache (default: $XDG_CACHE_HOME/lockbridge or ~/.cache/lockbridge).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.lockbridge-installed
if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ]; then exit 0; fi

# --prefer-offline: packages already in npm's cache are not revalidated with the registry.
npm_ci() { npm ci --no-audit --no-fund --prefer-offline "$@"; }
addon_works() { node -e 'new (require("better-sqlite3"))(":memory:").close()' >/dev/null 2>&1; }

version="$(node -p 'require("./package-lock.json").packages["node_modules/better-sqlite3"]?.version ?? ""')"
cache="${LOCKBRIDGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lockbridge}"
cached="$cache/better-sqlite3-$version-$(node -p '`node${process.versions.modules}-${process.platform}-${process.arch}`').node"
built=node_modules/better-sqlite3/build/Release/better_sqlite3.node

if [ -n "$version" ] && [ -f "$cached" ]; then
  echo "==> npm ci (better-sqlite3 addon from $cached)"
  npm_ci --ignore-scripts
  # The only other package with an install script; it needs no network (its binary is a dependency).
  npm rebuild esbuild
  mkdir -p "$(dirname "$built")"
  cp "$cached" "$built"
  if ! addon_works; then
    echo "==> the cached addon does not load here: compiling it"
    npm rebuild better-sqlite3
  fi
else
  echo "==> npm ci"
  npm_ci
fi
if [ -n "$version" ]; then
  addon_works || { echo "better-sqlite3 does not load after npm ci (see above)" >&2; exit 1; }
  if [ ! -f "$cached" ] && [ -f "$built" ]; then
    mkdir -p "$cache"
    cp "$built" "$cached.$$" && mv "$cached.$$" "$cached"
  fi
fi
touch "$stamp"
