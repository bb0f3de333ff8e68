#!/usr/bin/env bash
# Kotlin (JVM) through uniffi: build the library and the pinned generator,
# generate Kotlin into kotlin/target/uniffi, pack the native library as a JNA
# resource, and run the JUnit suite with Maven. Then the Swift drift check.
# The HTTP suites start their own servers on 127.0.0.1: `aura edge` ($AURA_BIN,
# default target/release/aura, built here) and Prism ($AURA_PRISM, installed
# by scripts/prism.sh when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release -p aura-sign-uniffi
cargo build --release -p aura-cli
cargo build -p uniffi-bindgen
export AURA_BIN="${AURA_BIN:-$ROOT/target/release/aura}"
if [ -z "${AURA_PRISM:-}" ]; then
  AURA_PRISM="$(bash "$ROOT/scripts/prism.sh")"
fi
export AURA_PRISM
LIB="$ROOT/target/release/libaura_sign.so"
GEN="$ROOT/kotlin/target/uniffi"
rm -rf "$GEN" && mkdir -p "$GEN/kotlin" "$GEN/resources/linux-x86-64"
"$ROOT/target/debug/uniffi-bindgen" generate "$LIB" -l kotlin -o "$GEN/kotlin" --no-format
python3 "$ROOT/kotlin/patch-generated.py" "$GEN/kotlin/dev/aurasign/aura_sign.kt"
cp "$LIB" "$GEN/resources/linux-x86-64/libaura_sign.so"
(cd kotlin && mvn -B -ntp install | grep -vE "^\[INFO\] (Download|---|Building|$)")
ls -l kotlin/target/aura-sign-0.1.0.jar
# A separate project that depends on dev.aurasign:aura-sign:0.1.0 by its
# coordinates (from the local repository `mvn install` just filled) builds and
# runs the README's Kotlin example.
(cd kotlin/consumer && mvn -B -ntp -q package &&
  mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null)
java -cp "kotlin/consumer/target/classes:$(cat kotlin/consumer/target/classpath.txt)" MainKt
bash "$ROOT/swift/generate.sh" --check
python3 "$ROOT/swift/check-handwritten.py"
