#!/usr/bin/env bash
# Builds the VS Code extension and packages it: DIR/plumb-VERSION.vsix, where DIR is
# editors/vscode (or the copy of it given as the argument) and VERSION its package.json's.
# Needs node and npm; the dependencies are those of package-lock.json (`npm ci`, no install
# scripts: none is needed to build or package).
set -euo pipefail
dir=${1:-"$(dirname "$0")/../editors/vscode"}
cd "$dir"
npm ci --no-audit --no-fund --ignore-scripts
npx tsc -p .
version=$(node -p 'require("./package.json").version')
npx @vscode/vsce package --out "plumb-$version.vsix"
