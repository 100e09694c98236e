#!/usr/bin/env bash
# The README's test command: install everything the tests need, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
# rclone and a local Ceph radosgw (Debian packages) for the contract suite; no-op when installed.
bash scripts/install-test-deps.sh
npm ci --no-audit --no-fund
npm run typecheck
npm test
