#!/usr/bin/env bash
# Bounded libFuzzer run of every fuzz target (fuzz/, `cargo fuzz`).
#
#   scripts/fuzz.sh [seconds-per-target]      (default 15)
#
# Installs cargo-fuzz if missing, builds all targets once with the nightly
# toolchain (AddressSanitizer, debug assertions and overflow checks on), then
# runs each target for the given seconds on a temporary copy of its seed
# corpus fuzz/corpus/<target>/ (nothing is written into the repository but
# the build in fuzz/target/). Prints one line per target: executions, new
# corpus units, crashes. Exits non-zero if any target crashed (a panic, a
# failed property, a timeout or running out of memory), after printing the
# crashing input as base64 and the target's report.
#
# AURA_FUZZ_EDGE=1 adds the two aura-edge targets, `edge_paths` (the edge's
# pure request parsing) and `edge_multipart` (the upload body's multipart
# parsing under the token's limits): they build aura-edge's whole dependency
# tree with the fuzzing instrumentation (tokio, axum, object_store, image,
# libwebp), about 20 CPU minutes more, so they are off by default (and out
# of CI's run).
#
# Reproduce a crash:  echo '<base64>' | base64 -d > crash.bin
#                     cargo +nightly fuzz run -a <target> crash.bin
# Seeds come from tests/vectors/*.json: python3 fuzz/seed.py rebuilds them.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-15}"
if ! [[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [seconds-per-target]" >&2
    exit 2
fi
START=$(date +%s)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked --version 0.13.2
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "== installing the nightly toolchain"
    rustup toolchain install nightly --profile minimal
fi

FEATURES=()
if [ "${AURA_FUZZ_EDGE:-0}" = 1 ]; then
    FEATURES=(--features edge)
fi
# The fuzz package is its own workspace; its lock file starts from the root
# one, so the core is fuzzed with the dependency versions it is tested with
# (cargo adds libfuzzer-sys and arbitrary). fuzz/Cargo.lock is not tracked.
cp Cargo.lock fuzz/Cargo.lock
echo "== building the fuzz targets (cargo +nightly fuzz build ${FEATURES[*]})"
cargo +nightly fuzz build --fuzz-dir fuzz --debug-assertions "${FEATURES[@]}"
BUILT=$(date +%s)

HOST=$(rustc +nightly -vV | sed -n 's/^host: //p')
BIN_DIR="fuzz/target/$HOST/release"
EDGE_TARGETS=(edge_paths edge_multipart) # required-features = ["edge"]
mapfile -t TARGETS < <(cargo +nightly fuzz list --fuzz-dir fuzz |
    if [ "${AURA_FUZZ_EDGE:-0}" = 1 ]; then cat; else grep -vxF "${EDGE_TARGETS[@]/#/-e}"; fi)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aura-fuzz.XXXXXX")
keep_work=0
cleanup() { if [ "$keep_work" = 0 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

failed=0
declare -a ROWS CRASH_REPORTS
for t in "${TARGETS[@]}"; do
    corpus="$WORK/corpus/$t"
    artifacts="$WORK/artifacts/$t"
    log="$WORK/$t.log"
    mkdir -p "$corpus" "$artifacts"
    if [ -d "fuzz/corpus/$t" ]; then
        cp -R "fuzz/corpus/$t/." "$corpus/"
    fi
    echo "== $t: ${SECONDS_PER_TARGET}s"
    set +e
    "$BIN_DIR/$t" "$corpus" \
        -max_total_time="$SECONDS_PER_TARGET" \
        -print_final_stats=1 \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" \
        >"$log" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ -z "$execs" ]; then # no final stats after a crash: the last status line
        execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    new_units=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    mapfile -t found < <(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'leak-*' \) | sort)
    crashes=${#found[@]}
    if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        crashes=1 # died without writing an artifact: still a failure
    fi
    ROWS+=("$(printf '%-18s %12s %10s %8s' "$t" "${execs:-?}" "${new_units:-?}" "$crashes")")
    if [ "$crashes" -ne 0 ]; then
        failed=1
        keep_work=1
        report="== $t: exit $rc"$'\n'
        for f in "${found[@]}"; do
            report+="-- $(basename "$f") (base64):"$'\n'"$(base64 -w0 "$f")"$'\n'
        done
        report+="-- report ($log):"$'\n'
        report+="$(awk '/panicked at|==ERROR|ERROR: libFuzzer|Test unit written/ { on = 1 }
            on && n < 60 { print; n++ }' "$log")"$'\n'
        report+="-- last lines:"$'\n'"$(tail -n 12 "$log")"$'\n'
        CRASH_REPORTS+=("$report")
    fi
done
END=$(date +%s)

echo
printf '%-18s %12s %10s %8s\n' target executions new_units crashes
for row in "${ROWS[@]}"; do
    echo "$row"
done
echo "build $((BUILT - START))s, fuzzing $((END - BUILT))s, total $((END - START))s"

if [ "$failed" -ne 0 ]; then
    echo
    for report in "${CRASH_REPORTS[@]}"; do
        echo "$report"
    done
    echo "FAILED: crashing inputs above; logs and artifacts kept in $WORK" >&2
    exit 1
fi
