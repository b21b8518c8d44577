#!/usr/bin/env bash
# Creates the project-local Python venv (.venv) that runs the moto emulator, and installs
# scripts/emulator/requirements.txt into it. Idempotent: a stamp file inside .venv holds the
# hash of requirements.txt, so a re-run with unchanged pins returns at once.
# Usage: scripts/emulator/setup.sh   (no arguments; run from anywhere)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv"
req="$root/scripts/emulator/requirements.txt"
stamp="$venv/.lockbridge-requirements.sha256"

die() { echo "emulator setup: $*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 ||
  die "python3 not found. Install Python 3.10+ (Debian/Ubuntu: apt-get install -y python3 python3-venv)."

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

# ensurepip is what Debian splits into python3-venv; test it before creating a half-made venv.
if [[ ! -x "$venv/bin/python" ]]; then
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
      echo "emulator setup: python3 venv support missing; installing python3-venv" >&2
      ver="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y "python${ver}-venv" ||
        die "could not install python3-venv (try: apt-get update && apt-get install -y python3-venv)"
    else
      die "python3 cannot create virtual environments (ensurepip/venv missing). Debian/Ubuntu: sudo apt-get install -y python3-venv"
    fi
  fi
  echo "emulator setup: creating $venv" >&2
  python3 -m venv "$venv" || { rm -rf "$venv"; die "python3 -m venv failed (see above)"; }
fi

echo "emulator setup: installing $(basename "$req") into .venv" >&2
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$req" ||
  die "pip install failed (needs access to the Python package index or a configured mirror)"
echo "$want" >"$stamp"
echo "emulator setup: ready ($("$venv/bin/python" -c 'import moto; print("moto", moto.__version__)'))" >&2
