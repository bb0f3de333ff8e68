#!/usr/bin/env bash
# Supply chain, offline where it can be:
# - cargo deny (deny.toml): advisories from the offline RustSec snapshot
#   ($AURA_ADVISORY_DB, default ../shared/advisory-db), bans (no `rsa` crate:
#   RUSTSEC-2023-0071; no OpenSSL), licenses, sources (crates.io only);
# - the npm and Python packages: no runtime dependencies to audit (checked),
#   and `npm audit --omit=dev` when the registry answers it. pip-audit needs
#   PyPI's JSON API, which this network does not reach, so it is not run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ADVISORY_DB="${AURA_ADVISORY_DB:-$ROOT/../shared/advisory-db}"

if ! command -v cargo-deny >/dev/null 2>&1; then
  echo "installing cargo-deny 0.20.2 (one-time, ~4 minutes)…"
  cargo install --locked cargo-deny --version 0.20.2 >/dev/null 2>&1
fi

checks="bans licenses sources"
if [ -d "$ADVISORY_DB" ]; then
  # cargo-deny reads a database as a git clone at <db-path>/advisory-db-<hash
  # of its URL>: the snapshot, committed once under the date of its newest
  # advisory (what the staleness check then sees).
  db="$ROOT/target/advisory-dbs/advisory-db-3157b0e258782691"
  if [ ! -d "$db/.git" ]; then
    rm -rf "$db" && mkdir -p "$(dirname "$db")" && cp -R "$ADVISORY_DB" "$db"
    newest=$(grep -rhoE '^date = "[0-9-]+"' "$db/crates" | sort | tail -1 | grep -oE '[0-9-]{10}')
    (cd "$db" && git init -q && git add -A &&
      GIT_AUTHOR_DATE="${newest}T00:00:00Z" GIT_COMMITTER_DATE="${newest}T00:00:00Z" \
        git -c user.name=aura -c user.email=aura@localhost commit -qm "RustSec advisory-db snapshot")
    echo "advisory database: snapshot with advisories up to $newest"
  fi
  checks="advisories $checks"
else
  echo "advisories skipped: no advisory database at $ADVISORY_DB (set AURA_ADVISORY_DB)"
fi
# shellcheck disable=SC2086
cargo deny --offline check $checks

deps=$(node -p 'Object.keys(require("./node/package.json").dependencies || {}).length')
[ "$deps" = 0 ] || { echo "node/package.json has runtime dependencies: audit them" >&2; exit 1; }
if python3 - <<'PY'
import sys, tomllib
deps = tomllib.load(open("python/pyproject.toml", "rb"))["project"].get("dependencies", [])
sys.exit(1 if deps else 0)
PY
then echo "runtime dependencies: none in node/package.json, none required by python/pyproject.toml (httpx is an optional extra)"
else echo "python/pyproject.toml has required dependencies: audit them" >&2; exit 1
fi
if audit=$(cd node && npm audit --omit=dev --json 2>/dev/null) || [ -n "$audit" ]; then
  total=$(printf '%s' "$audit" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const m=JSON.parse(s).metadata;console.log(m?m.vulnerabilities.total:"?")}catch{console.log("?")}})')
  case "$total" in
    0) echo "npm audit --omit=dev: 0 vulnerabilities" ;;
    "?") echo "npm audit: the registry gave no audit answer; skipped" ;;
    *) echo "npm audit --omit=dev: $total vulnerabilities" >&2; (cd node && npm audit --omit=dev) >&2 || true; exit 1 ;;
  esac
fi
