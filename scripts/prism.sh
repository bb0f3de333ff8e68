#!/usr/bin/env bash
# Prism, the OpenAPI mock server Cloudflare's own SDKs test against
# (cloudflare.md §7), from npm, under target/prism. 5.14.2 is the newest that
# runs on Node 20 (5.15+ needs Node >= 24).
#
#   scripts/prism.sh            install (idempotent, quiet); prints the binary path
#
# The Cloudflare suites start and stop their own Prism with it:
#   AURA_PRISM=$(scripts/prism.sh) cargo test -p aura-client --test cloudflare_prism
#   AURA_PRISM=$(scripts/prism.sh) cargo test -p aura-cli --test cloudflare_cli
set -euo pipefail

PRISM_SPEC="${PRISM_SPEC:-@stoplight/prism-cli@5.14.2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${AURA_PRISM_DIR:-$root/target/prism}"
bin="$dir/node_modules/.bin/prism"
stamp="$dir/.installed-spec"

if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$PRISM_SPEC" ]]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$dir"
log="$(mktemp)"
if ! {
  [[ -f "$dir/package.json" ]] || echo '{"name":"aura-prism","private":true}' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$PRISM_SPEC"
} >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "prism.sh: installing $PRISM_SPEC failed" >&2
  exit 1
fi
rm -f "$log"
echo "$PRISM_SPEC" >"$stamp"
echo "$bin"
