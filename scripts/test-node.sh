#!/usr/bin/env bash
# npm package: install the toolchain (npm), build the native addon (release),
# run node --test, and type-check the declarations against real usage.
# The HTTP suites start a real `aura edge` ($AURA_BIN, default the release
# build made here) and Prism ($AURA_PRISM, default scripts/prism.sh installs it).
# Then scripts/pack-node.sh packs the two npm packages with that addon and runs
# the suite again in a fresh app that installed them (no second Rust build).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p aura-cli   # a no-op when built
export AURA_BIN="${AURA_BIN:-$PWD/target/release/aura}"
if [ -z "${AURA_PRISM:-}" ]; then AURA_PRISM="$(bash scripts/prism.sh)"; fi
export AURA_PRISM
cd node
npm install --no-audit --no-fund   # honours package-lock.json (npm ci trips over platform-optional deps)
npm run build
npm test
npx tsc -p test/types
bash ../scripts/pack-node.sh
