#!/usr/bin/env bash
# The README's test command: install everything the tests need, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run typecheck
npm test
