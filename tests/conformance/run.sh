#!/usr/bin/env bash
# One conformance run: the same inputs (tests/conformance/cases.py, from the
# vector files) through the Rust core, the Python package, the npm package,
# the Kotlin library and the `aura` CLI; fails on any byte of difference
# between them or against the vectors; prints a table of cases per
# implementation. Runs after the language suites (scripts/test.sh), on what
# they built: the test venv's aura_sign, node/'s addon, kotlin/target.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT="$ROOT/target/conformance"
mkdir -p "$OUT"
PY="${AURA_CONFORMANCE_PYTHON:-$ROOT/target/venv-test/bin/python}"

python3 tests/conformance/cases.py "$OUT/inputs.json"
cargo run --quiet --release -p aura-core --example conformance -- "$OUT/inputs.json" "$OUT/rust.json"
# From target/, so the source tree cannot shadow the installed package.
(cd "$OUT" && "$PY" "$ROOT/tests/conformance/runner.py" inputs.json python.json)
node tests/conformance/runner.mjs "$OUT/inputs.json" "$OUT/node.json"
(cd kotlin && mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/conformance-classpath.txt >/dev/null)
java -cp "kotlin/target/test-classes:kotlin/target/classes:$(cat kotlin/target/conformance-classpath.txt)" \
  dev.aurasign.ConformanceRunnerKt "$OUT/inputs.json" "$OUT/kotlin.json"
python3 tests/conformance/runner_cli.py "$ROOT/target/release/aura" "$OUT/inputs.json" "$OUT/cli.json"
python3 tests/conformance/compare.py "$OUT/inputs.json" \
  rust="$OUT/rust.json" python="$OUT/python.json" node="$OUT/node.json" \
  kotlin="$OUT/kotlin.json" cli="$OUT/cli.json"
