#!/usr/bin/env bash
# npm package: install the toolchain (npm), build the native addon as it ships
# (`npm run build:release`), run node --test, and type-check the declarations
# against real usage.
# The HTTP suites start a real `aura edge` ($AURA_BIN, default the release
# build made here) and Prism ($AURA_PRISM, default scripts/prism.sh installs it).
# Then scripts/pack-node.sh packs the two npm packages with that addon and runs
# the suite again in a fresh app that installed them (no second Rust build).
#
# The addon is linked by zig against glibc 2.28, the wheel's floor (`napi build
# --cross-compile --target x86_64-unknown-linux-gnu.2.28`, i.e. cargo-zigbuild;
# a plain `npm run build` on a newer host references GLIBC_2.33/2.34 symbols),
# in its own target dir target/napi-zig. cargo-zigbuild and zig (the `ziglang`
# wheel, the version build-wheel.sh uses) are pinned and installed from PyPI
# into target/venv-napi, on PATH for that build only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release -p aura-cli   # a no-op when built
export AURA_BIN="${AURA_BIN:-$PWD/target/release/aura}"
if [ -z "${AURA_PRISM:-}" ]; then AURA_PRISM="$(bash scripts/prism.sh)"; fi
export AURA_PRISM

ZVENV="$ROOT/target/venv-napi"
TOOLS=(cargo-zigbuild==0.24.1 ziglang==0.15.2)
bash scripts/tool-venv.sh "$ZVENV" "${TOOLS[@]}"
# This zig, not whichever one is on PATH.
zig="$("$ZVENV/bin/python" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"

cd node
npm install --no-audit --no-fund   # honours package-lock.json (npm ci trips over platform-optional deps)
PATH="$ZVENV/bin:$PATH" CARGO_ZIGBUILD_ZIG_PATH="$zig" npm run build:release
export AURA_EDGE_LOG_DIR="$ROOT/target/node-edge-logs"
rm -rf "$AURA_EDGE_LOG_DIR" && mkdir -p "$AURA_EDGE_LOG_DIR"
npm test || {
  for f in "$AURA_EDGE_LOG_DIR"/*.log; do [ -e "$f" ] && { echo "--- $f (last 40 lines)" >&2; tail -40 "$f" >&2; }; done
  exit 1
}
unset AURA_EDGE_LOG_DIR
npx tsc -p test/types
bash ../scripts/pack-node.sh
