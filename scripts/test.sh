#!/usr/bin/env bash
# Every test in every language, on a fresh machine. Installs what it needs.
# Usage: scripts/test.sh            (CI calls this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# A fresh machine builds everything once: incremental state only costs time.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
section() { printf '\n=== %s ===\n' "$*"; }

section "One version in every manifest"
bash scripts/check-versions.sh

section "Rust: format, lint, docs"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# Public items are documented (#![warn(missing_docs)], denied above) and the
# docs build without a warning (broken intra-doc links, bare URLs).
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p aura-core -p aura-client -p aura-edge

section "S3-compatible server for the edge's S3 suites (moto from PyPI)"
AURA_S3_SERVER="$(bash scripts/s3-server.sh install)"
export AURA_S3_SERVER
echo "$AURA_S3_SERVER"

section "Prism (@stoplight/prism-cli 5.14.2) for the Cloudflare API suites"
AURA_PRISM="$(bash scripts/prism.sh)"
export AURA_PRISM
echo "$AURA_PRISM"

section "Rust: tests (vector tables printed per file; the edge over loopback, local and S3)"
cargo test --workspace -- --nocapture 2>&1 | grep -vE '^test .* \.\.\. ok$' || exit 1
# grep -v drops passing-test noise; pipefail keeps cargo's exit status.

section "Supply chain: cargo deny (advisories offline, bans, licenses, sources); npm audit"
bash scripts/supply-chain.sh

section "Fuzzing, bounded: every libFuzzer target for 10 s on its seed corpus"
bash scripts/fuzz.sh 10

section "Release workflows: actionlint (they cannot run here)"
bash scripts/lint-workflows.sh

section "README first command: aura demo (release build)"
cargo run --quiet --release -p aura-cli -- demo

section "Rust crates as published: cargo package; aura from cargo install, run with nothing else on PATH"
cargo package --quiet --no-verify --locked -p aura-core -p aura-client -p aura-edge -p aura-cli
ls target/package/*.crate
# The release build above, reused (same profile and target directory).
CARGO_TARGET_DIR="$ROOT/target" cargo install --quiet --locked --path crates/aura-cli --root "$ROOT/target/install"
env -i PATH=/usr/bin:/bin HOME="$ROOT/target/install" "$ROOT/target/install/bin/aura" demo >/dev/null
echo "cargo install --path crates/aura-cli: aura demo ran with PATH=/usr/bin:/bin and an empty environment"

for extra in scripts/test-*.sh; do
  [ -e "$extra" ] || continue
  section "$(basename "$extra" .sh)"
  bash "$extra"
done
section "Conformance: one input set through Rust, Python, npm, Kotlin and the CLI"
bash tests/conformance/run.sh

section "all tests passed"
