#!/usr/bin/env bash
# Python package: build and install with pip (maturin), then pytest, mypy
# --strict, and stubtest of the hand-written stubs against the compiled module.
# The API tests start a real `aura edge` ($AURA_BIN, built here in release)
# and Prism ($AURA_PRISM, installed by scripts/prism.sh), both on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="$ROOT/target/venv-test"
PY="${PYTHON:-python3}"

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q "$ROOT/python[test]"

cargo build --quiet --release -p aura-cli   # a no-op when built
export AURA_BIN="${AURA_BIN:-$ROOT/target/release/aura}"
AURA_PRISM="${AURA_PRISM:-$(bash "$ROOT/scripts/prism.sh")}"
export AURA_PRISM

# Run from the repository root so the source tree never shadows the installed package.
"$VENV/bin/pytest" -q "$ROOT/python/tests" -p no:cacheprovider
"$VENV/bin/mypy" --strict "$ROOT/python/aura_sign"
(cd "$ROOT/target" && "$VENV/bin/python" -m mypy.stubtest aura_sign._native)
