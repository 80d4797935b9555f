#!/usr/bin/env bash
# Editor pieces for CI (called by .ci/run): install code-server + Chromium offline, then run
# the extension-host tests and the UI tests in a real VS Code (code-server 4.100.3).
#
#   .ci/editor.sh            install + test
#   .ci/editor.sh install    only install (apt packages, code-server into .cache/)
#   .ci/editor.sh test       only test (assumes install done)
#
# Expects `npm ci` done. Builds dist/ with `npm run build` when dist/extension.js is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CI="${CI:-true}" DEBIAN_FRONTEND=noninteractive
step="${1:-all}"

t0=$(date +%s)
if [[ "$step" == all || "$step" == install ]]; then
  bash scripts/editor/installCodeServer.sh </dev/null
  echo "[editor.sh] install step: $(( $(date +%s) - t0 ))s"
fi

if [[ "$step" == all || "$step" == test ]]; then
  if [[ ! -f dist/extension.js ]]; then
    npm run build </dev/null
  fi
  status=0
  t1=$(date +%s)
  node scripts/editor/runExtensionTests.mjs </dev/null || status=1
  echo "[editor.sh] extension-host tests: $(( $(date +%s) - t1 ))s"
  t2=$(date +%s)
  node scripts/editor/runUiTests.mjs </dev/null || status=1
  echo "[editor.sh] UI tests: $(( $(date +%s) - t2 ))s"
  exit $status
fi
