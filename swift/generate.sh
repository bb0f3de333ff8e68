#!/usr/bin/env bash
# Generates the Swift bindings from the compiled library (uniffi, pinned).
#   swift/generate.sh          write swift/Sources/…
#   swift/generate.sh --check  regenerate into a temp dir and fail on any drift
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIB="$ROOT/target/release/libaura_sign.so"
[ -f "$LIB" ] || cargo build --release -p aura-sign-uniffi
[ -x "$ROOT/target/debug/uniffi-bindgen" ] || cargo build -p uniffi-bindgen
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$ROOT/target/debug/uniffi-bindgen" generate "$LIB" -l swift -o "$TMP" --no-format
mkdir -p "$TMP/out/AuraSign" "$TMP/out/AuraSignFFI/include"
cp "$TMP/AuraSign.swift" "$TMP/out/AuraSign/AuraSign.swift"
cp "$TMP/AuraSignFFI.h" "$TMP/out/AuraSignFFI/include/AuraSignFFI.h"
cp "$TMP/AuraSignFFI.modulemap" "$TMP/out/AuraSignFFI/include/module.modulemap"
# Only the generated files are compared and replaced; AuraSignClock.swift is hand-written.
GENERATED="AuraSign/AuraSign.swift AuraSignFFI/include/AuraSignFFI.h AuraSignFFI/include/module.modulemap"
if [ "${1:-}" = "--check" ]; then
  drift=0
  for f in $GENERATED; do diff -u "$ROOT/swift/Sources/$f" "$TMP/out/$f" || drift=1; done
  if [ "$drift" = 0 ]; then
    echo "swift: generated bindings match the Rust API (no drift)"
  else
    echo "swift: the committed bindings drifted from the Rust API; run swift/generate.sh and commit" >&2
    exit 1
  fi
else
  for f in $GENERATED; do mkdir -p "$(dirname "$ROOT/swift/Sources/$f")"; cp "$TMP/out/$f" "$ROOT/swift/Sources/$f"; done
  echo "swift: bindings written to swift/Sources"
fi
