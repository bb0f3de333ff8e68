#!/usr/bin/env bash
# The release workflows (.github/workflows/) cannot run on this machine; lint
# them with actionlint (installed with `go install` into target/tools on first
# use, pinned).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=v1.7.12
BIN="$ROOT/target/tools/actionlint-$VERSION"
if [ ! -x "$BIN" ]; then
  mkdir -p "$ROOT/target/tools/gobin"
  GOBIN="$ROOT/target/tools/gobin" go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"
  mv "$ROOT/target/tools/gobin/actionlint" "$BIN"
fi
"$BIN" -no-color .github/workflows/*.yml
echo "actionlint $VERSION: $(ls .github/workflows/*.yml | wc -l) workflow file(s), no findings"
