#!/usr/bin/env bash
# Python package, tested as users install it. scripts/build-wheel.sh builds the
# extension once: the abi3 manylinux_2_28 wheel and the sdist (maturin + zig,
# checked with auditwheel) in target/wheels/. A fresh venv then installs that
# wheel FILE (the test extras from PyPI, wheels only) with no Rust toolchain on
# PATH, and runs pytest (the README examples and the vector suites among it),
# mypy --strict, and stubtest of the hand-written stubs against the compiled
# module. The API tests start a real `aura edge` ($AURA_BIN, built here in
# release) and Prism ($AURA_PRISM, installed by scripts/prism.sh), both on
# 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="$ROOT/target/venv-test"
PY="${PYTHON:-python3}"

bash "$ROOT/scripts/build-wheel.sh" >"$ROOT/target/build-wheel.out"
sed '$d' "$ROOT/target/build-wheel.out"          # its report; the last line is the path
WHEEL="$(tail -n 1 "$ROOT/target/build-wheel.out")"

cargo build --quiet --release -p aura-cli   # a no-op when built
export AURA_BIN="${AURA_BIN:-$ROOT/target/release/aura}"
AURA_PRISM="${AURA_PRISM:-$(bash "$ROOT/scripts/prism.sh")}"
export AURA_PRISM

# From here on: no cargo, no rustc. Only the venv, the system's /usr/bin and /bin
# (node for Prism is there), as on a user's machine without a Rust toolchain.
rm -rf "$VENV"
"$PY" -m venv "$VENV"
norust() { env PATH="$VENV/bin:/usr/bin:/bin" "$@"; }
if norust sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "test-python.sh: a Rust toolchain is on the stripped PATH" >&2
  exit 1
fi
# The wheel from its file; its test extras from PyPI, as wheels only: nothing is built.
norust pip install -q --disable-pip-version-check --only-binary :all: "$WHEEL[test]"

# Run from the repository root (tests) and target/ (imports) so the source tree
# never shadows the installed package.
where="$(cd "$ROOT/target" && norust python -c 'import aura_sign, aura_sign._native as n; print(n.__file__)')"
case "$where" in
  "$VENV"/lib/python*/site-packages/aura_sign/_native.abi3.so) echo "imports $where" ;;
  *) echo "test-python.sh: aura_sign._native comes from $where, not the installed wheel" >&2; exit 1 ;;
esac

norust pytest -q "$ROOT/python/tests" -p no:cacheprovider
norust mypy --strict "$ROOT/python/aura_sign"
(cd "$ROOT/target" && norust python -m mypy.stubtest aura_sign._native)

# Import time of the installed package: the median of 5 cold-process
# `-X importtime` totals (cumulative microseconds of the aura_sign line).
(cd "$ROOT/target" && norust python - <<'EOF'
import statistics, subprocess, sys
totals = []
for _ in range(5):
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import aura_sign"],
                         capture_output=True, text=True, check=True).stderr
    line = next(l for l in err.splitlines() if l.split("|")[-1].strip() == "aura_sign")
    totals.append(int(line.split("|")[1]))
print(f"import aura_sign: {statistics.median(totals) / 1000:.1f} ms (median of 5; "
      f"{', '.join(f'{t / 1000:.1f}' for t in totals)} ms)")
EOF
)
