#!/usr/bin/env bash
# npm package: install the toolchain (npm), build the native addon (release),
# run node --test, and type-check the declarations against real usage.
set -euo pipefail
cd "$(dirname "$0")/../node"
npm install --no-audit --no-fund   # honours package-lock.json (npm ci trips over platform-optional deps)
npm run build
npm test
npx tsc -p test/types
