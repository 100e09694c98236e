#!/usr/bin/env bash
# The README's test command: install everything the tests need, then run them
# on the Node.js version in .node-version (installed from the npm registry when
# the machine has another one).
set -euo pipefail
cd "$(dirname "$0")/.."
# rclone and a local Ceph radosgw (Debian packages) for the contract suite; no-op when installed.
bash scripts/install-test-deps.sh

PATH="$(bash scripts/node-bin.sh):$PATH"
export PATH
echo "test.sh: node $(node --version), npm $(npm --version)"

# npm ci on a supported Node prints no EBADENGINE warning; one means a dependency
# needs a newer Node than .node-version and package.json's engines say.
mkdir -p .tmp
npm ci --no-audit --no-fund 2>&1 | tee .tmp/npm-ci.log
if grep -q EBADENGINE .tmp/npm-ci.log; then
    echo "test.sh: npm ci warned EBADENGINE (above): align .node-version and engines in package.json with the dependencies" >&2
    exit 1
fi
# Every install script is decided in package.json's allowScripts (all denied: none is needed, see
# docs/internals.md); a new dependency with one makes npm warn, and the run stops until someone decides.
if grep -q "install-scripts" .tmp/npm-ci.log; then
    echo "test.sh: npm ci warned about install scripts not covered by allowScripts (above): decide them in package.json" >&2
    exit 1
fi

npm run typecheck
# Lint rules and the formatting biome.jsonc sets (`npm run format` applies the formatting).
npm run lint
npm test
