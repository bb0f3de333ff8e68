#!/usr/bin/env bash
# A real S3-compatible server for the store tests: moto's server mode, from PyPI,
# in a venv under target/. moto answers 412 to `If-None-Match: *` on an existing
# key and to a stale `If-Match`, which the S3 store's conditional writes rely on.
#
#   scripts/s3-server.sh install        install (idempotent); prints the binary path
#   scripts/s3-server.sh start [PORT]   install, then run it on 127.0.0.1:PORT (default 9000)
#
# The test suite starts its own instance:
#   AURA_S3_SERVER=$(scripts/s3-server.sh install) cargo test -p aura-edge --test store_backends
set -euo pipefail

MOTO_SPEC="${MOTO_SPEC:-moto[server]==5.2.5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${AURA_S3_VENV:-$root/target/s3-venv}"
bin="$venv/bin/moto_server"
stamp="$venv/.installed-spec"

install() {
  if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$MOTO_SPEC" ]]; then
    echo "$bin"
    return
  fi
  local log
  log="$(mktemp)"
  if ! { python3 -m venv "$venv" &&
         "$venv/bin/pip" install --quiet --disable-pip-version-check "$MOTO_SPEC"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "s3-server.sh: installing $MOTO_SPEC failed" >&2
    exit 1
  fi
  rm -f "$log"
  echo "$MOTO_SPEC" >"$stamp"
  echo "$bin"
}

case "${1:-}" in
  install) install ;;
  start)
    install >/dev/null
    exec "$bin" -H 127.0.0.1 -p "${2:-9000}"
    ;;
  *)
    echo "usage: $0 install | start [PORT]" >&2
    exit 2
    ;;
esac
