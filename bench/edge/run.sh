#!/usr/bin/env bash
# Loopback benchmark of `aura edge` against nginx serving the same bytes.
#
#   bench/edge/run.sh            # 3 interleaved rounds x 5 s per cell (~6 min)
#   bench/edge/run.sh --quick    # 1 round x 2 s per cell (~1.5 min)
#   (also: --rounds N --duration S --uploads N --budget S)
#
# Prints a table and summary ratios (never asserts); writes target/bench-edge.json.
# Needs: python3 (stdlib only), nginx and wrk (installed from Debian if
# missing), target/release/aura (built with cargo if missing).
# Starts nginx and two edges on free 127.0.0.1 ports and stops them on exit,
# including Ctrl-C.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
AURA="${AURA_BIN:-$ROOT/target/release/aura}"
OUT="$ROOT/target/bench-edge.json"

# --- tools -------------------------------------------------------------------
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "[bench] installing ${need[*]} from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || {
        $SUDO apt-get update -qq >/dev/null 2>&1
        $SUDO apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
            $SUDO apt-get install -y -qq nginx wrk >/dev/null
    }
fi
export PATH="$PATH:/usr/sbin:/sbin"

if [ ! -x "$AURA" ]; then
    echo "[bench] building target/release/aura" >&2
    (cd "$ROOT" && cargo build --release -p aura-cli)
fi

BASE="$ROOT/crates/aura-cli/assets/sample.jpg"
[ -f "$BASE" ] || BASE="$ROOT/crates/aura-edge/tests/fixtures/photo.jpg"

# --- temp dir + cleanup --------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/aura-bench-edge.XXXXXX")"
PY_PID=""
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$PY_PID" ] && kill -0 "$PY_PID" 2>/dev/null; then
        kill -TERM "$PY_PID" 2>/dev/null || true
        wait "$PY_PID" 2>/dev/null || true
    fi
    # Servers the helper started (own process groups, listed by pid).
    if [ -f "$TMP/pids" ]; then
        while read -r pid; do
            [ -n "$pid" ] || continue
            kill -TERM -- "-$pid" 2>/dev/null || true
        done <"$TMP/pids"
        sleep 0.3
        while read -r pid; do
            [ -n "$pid" ] || continue
            kill -KILL -- "-$pid" 2>/dev/null || true
        done <"$TMP/pids"
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

python3 "$HERE/bench.py" --tmp "$TMP" --aura "$AURA" --base "$BASE" --out "$OUT" "$@" &
PY_PID=$!
wait "$PY_PID"
