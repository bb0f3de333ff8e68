#!/usr/bin/env bash
# A venv holding pinned build tools from PyPI, made once and remade only when
# the pins change (a stamp file records them).
#
#   bash scripts/tool-venv.sh DIR PACKAGE==VERSION...
#
# Used by scripts/build-wheel.sh (maturin, zig, auditwheel) and
# scripts/test-node.sh (cargo-zigbuild, zig). $PYTHON picks the interpreter.
set -euo pipefail
dir="$1"
shift
stamp="$dir/.aura-tools"
if [ ! -x "$dir/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$*" ]; then
  "${PYTHON:-python3}" -m venv --clear "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check "$@"
  echo "$*" >"$stamp"
fi
