#!/usr/bin/env bash
# Prints the directory of a `node` binary of the version in .node-version, for
# PATH. The node already on PATH when it is that version; otherwise the official
# binary from the npm registry (package node-<platform>-<arch>, no install
# script), installed once into .tmp/node/<version>/. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

want="$(tr -d ' \r\n' < .node-version)"
if [ "$(node --version 2>/dev/null || true)" = "v$want" ]; then
    dirname "$(command -v node)"
    exit 0
fi

case "$(uname -s)" in
    Linux) platform=linux ;;
    Darwin) platform=darwin ;;
    *) echo "node-bin: no npm package of Node.js for $(uname -s); install Node.js $want yourself" >&2; exit 1 ;;
esac
case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "node-bin: no npm package of Node.js for $(uname -m); install Node.js $want yourself" >&2; exit 1 ;;
esac

dir="$PWD/.tmp/node/$want"
if [ "$("$dir/node_modules/.bin/node" --version 2>/dev/null || true)" != "v$want" ]; then
    echo "node-bin: installing Node.js $want (npm package node-$platform-$arch) into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
        "node-$platform-$arch@$want" >&2
fi
echo "$dir/node_modules/.bin"
