#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 in a browser) into .cache/code-server/ without
# network access other than the npm registry and apt. code-server's own postinstall
# downloads ripgrep from GitHub, which is unreachable here, so we install with
# --ignore-scripts and do the native rebuilds ourselves (see /work/shared/TESTING.md).
#
# Idempotent: a stamp file keyed on the version makes a second run a no-op.
# Usage: scripts/editor/installCodeServer.sh   (env: CODE_SERVER_VERSION, NSELF_CACHE_DIR)
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${NSELF_CACHE_DIR:-$REPO_ROOT/.cache}/code-server"
STAMP="$CACHE_DIR/.installed-$VERSION"
export DEBIAN_FRONTEND=noninteractive

started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - started ))s"; }
log() { echo "[installCodeServer +$(elapsed)] $*"; }

if [[ -f "$STAMP" ]]; then
  log "code-server $VERSION already installed in $CACHE_DIR (stamp found); nothing to do"
  exit 0
fi

# --- system packages -------------------------------------------------------------------
need_apt=()
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# node-gyp needs a compiler and python; they are usually present, but be explicit.
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if (( ${#need_apt[@]} )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "installCodeServer: missing apt packages (${need_apt[*]}) and not root; install them first" >&2
    exit 1
  fi
  log "apt-get install ${need_apt[*]}"
  apt-get update -qq </dev/null
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null >/dev/null
  log "apt done"
fi

# node-gyp ships inside npm; find it next to whichever npm is on PATH.
NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
NG="$NPM_DIR/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$NG" ]] || NG=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
[[ -f "$NG" ]] || { echo "installCodeServer: node-gyp not found (looked in $NPM_DIR)" >&2; exit 1; }
# Headers: the system node's (--nodedir=/usr) when they exist, else let node-gyp fetch
# them from its cache (which needs network, so prefer /usr/include/node).
NODEDIR_ARGS=()
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [[ -f "$NODE_PREFIX/include/node/node.h" ]]; then NODEDIR_ARGS=(--nodedir="$NODE_PREFIX"); fi

# --- code-server itself ----------------------------------------------------------------
# Start from a clean folder so a half-finished earlier run can't leave a mixed tree.
rm -rf "$CACHE_DIR"
mkdir -p "$CACHE_DIR"
cd "$CACHE_DIR"
echo '{"name":"nself-code-server-cache","private":true}' > package.json
NPM_FLAGS=(--ignore-scripts --no-audit --no-fund --loglevel=error)
log "npm install code-server@$VERSION"
npm install "${NPM_FLAGS[@]}" "code-server@$VERSION" </dev/null
log "code-server package installed"

VSCODE_DIR="$CACHE_DIR/node_modules/code-server/lib/vscode"
cd "$VSCODE_DIR"
log "npm install (vscode server deps)"
npm install --omit=dev "${NPM_FLAGS[@]}" </dev/null
log "vscode deps installed"

mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

for p in kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid; do
  log "node-gyp rebuild $p"
  (cd "node_modules/$p" && node "$NG" rebuild -j max --loglevel=warn "${NODEDIR_ARGS[@]}" >/dev/null)
done
ln -sfn node_modules node_modules.asar

log "npm install (built-in extensions deps)"
(cd extensions && npm install --omit=dev "${NPM_FLAGS[@]}" </dev/null)

log "rebuild argon2"
(cd "$CACHE_DIR/node_modules/argon2" && node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild "${NODEDIR_ARGS[@]}" >/dev/null)

# Smoke check: the entry point must at least print its version.
CODE_SERVER_CONFIG="$CACHE_DIR/config.yaml" node "$CACHE_DIR/node_modules/code-server/out/node/entry.js" --version </dev/null | tail -1
touch "$STAMP"
log "code-server $VERSION installed in $CACHE_DIR in $(elapsed)"
