#!/usr/bin/env bash
# The npm packages as users install them (the napi-rs v3 layout): the main
# `aura-sign` package (JS, types; `optionalDependencies` names the platform
# package at exactly its version) and `aura-sign-linux-x64-gnu` (the addon;
# node/npm/linux-x64-gnu/ as `napi create-npm-dirs` writes it, the .node file
# copied in here as `napi artifacts` would). Reuses the addon `npm run
# build:release` left in node/native/ (scripts/test-node.sh runs this after
# `npm test`): no Rust build here.
#
#   1. npm pack of both into target/npm/
#   2. a fresh app (target/npm/fresh/node: outside node/, no cargo or rustc on
#      PATH) installs the two tarballs offline, then: ESM import and CommonJS
#      require of every export, node/test/types against the shipped types,
#      and the whole node/test suite (vectors, README examples, the HTTP
#      suites with $AURA_BIN and $AURA_PRISM) against node_modules/aura-sign
#   3. installed size, require/import time, the glibc the addon needs
#
# The addon may need at most glibc $AURA_NODE_GLIBC_MAX (default 2.28, the
# wheel's manylinux_2_28 floor): a newer GLIBC_ symbol version is an error,
# checked before packing. `npm run build:release` links against glibc 2.28
# (zig); a plain `npm run build` on a newer host does not.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
triple=linux-x64-gnu
platform_dir="node/npm/$triple"
addon="node/native/aura-sign.$triple.node"
out="$repo/target/npm"
[[ -f "$addon" ]] || { echo "pack-node: no $addon: run 'npm run build:release' in node/ first (scripts/test-node.sh does)" >&2; exit 1; }
glibc="$(objdump -T "$addon" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)"
floor="${AURA_NODE_GLIBC_MAX:-2.28}"
if [[ "$(printf '%s\n%s\n' "${glibc#GLIBC_}" "$floor" | sort -V | tail -1)" != "$floor" ]]; then
  echo "pack-node: $addon needs $glibc, above the floor glibc $floor: build it with 'npm run build:release' in node/ (scripts/test-node.sh does)" >&2
  exit 1
fi
export AURA_BIN="${AURA_BIN:-$repo/target/release/aura}"
if [ -z "${AURA_PRISM:-}" ]; then AURA_PRISM="$(bash scripts/prism.sh)"; fi
export AURA_PRISM
start=$SECONDS

# The manifests agree: one version, the platform package's os/cpu/libc/main,
# and no runtime dependencies besides it.
node -e '
  const main = require("./node/package.json"), plat = require("./'"$platform_dir"'/package.json")
  const fail = (m) => { console.error("pack-node: " + m); process.exit(1) }
  if (plat.name !== "aura-sign-'"$triple"'") fail(`platform package is ${plat.name}`)
  if (plat.version !== main.version) fail(`platform package ${plat.version} != aura-sign ${main.version}`)
  if (main.optionalDependencies?.[plat.name] !== main.version) fail(`optionalDependencies[${plat.name}] must be exactly ${main.version}`)
  if (Object.keys(main.optionalDependencies).length !== 1 || main.dependencies || main.peerDependencies) fail("aura-sign must have no runtime dependency but its platform package")
  if (plat.main !== "aura-sign.'"$triple"'.node" || String(plat.os) !== "linux" || String(plat.cpu) !== "x64" || String(plat.libc) !== "glibc") fail("platform package main/os/cpu/libc")
'

# 1. Pack (the .node copied in for the pack only; ignored by git).
rm -rf "$out"
mkdir -p "$out"
cp "$addon" "$platform_dir/"
(cd node && npm pack --silent --pack-destination "$out" >/dev/null)
(cd "$platform_dir" && npm pack --silent --pack-destination "$out" >/dev/null)
rm "$platform_dir/aura-sign.$triple.node"
version="$(node -p 'require("./node/package.json").version')"
main_tgz="$out/aura-sign-$version.tgz"
plat_tgz="$out/aura-sign-$triple-$version.tgz"
if tar -tzf "$main_tgz" | grep -q '\.node$'; then echo "pack-node: a .node file in $main_tgz" >&2; exit 1; fi
tar -tzf "$plat_tgz" | grep -qx "package/aura-sign.$triple.node" || { echo "pack-node: no addon in $plat_tgz" >&2; exit 1; }

# 2. The fresh app. target/npm/fresh stands in for a checkout root (the copied
# tests read ../../tests/vectors, ../../bench, ../../node/README.md — here the
# installed package's README — and the edge fixtures); the app is fresh/node.
fresh="$out/fresh"
app="$fresh/node"
mkdir -p "$app/test" "$fresh/crates/aura-edge/tests" "$out/bin"
ln -s "$repo/tests" "$fresh/tests"
ln -s "$repo/bindings" "$fresh/bindings"   # node/test/panic.test.mjs scans the binding's sources
ln -s "$repo/bench" "$fresh/bench"
ln -s "$repo/scripts" "$fresh/scripts"
ln -s "$repo/crates/aura-edge/tests/fixtures" "$fresh/crates/aura-edge/tests/fixtures"
echo '{ "name": "fresh-app", "version": "1.0.0", "private": true }' >"$app/package.json"
ln -s "$(command -v node)" "$out/bin/node"
ln -s "$(command -v npm)" "$out/bin/npm"
(
  export PATH="$out/bin:/usr/bin:/bin"
  if command -v cargo || command -v rustc; then echo "pack-node: cargo/rustc still on PATH" >&2; exit 1; fi
  cd "$app"
  npm install --offline --no-audit --no-fund --loglevel=error "$plat_tgz" "$main_tgz"
  npm ls --all >/dev/null   # nothing missing or invalid
  installed="$(ls node_modules | tr '\n' ' ')"
  [[ "$installed" == "aura-sign aura-sign-$triple " ]] || { echo "pack-node: node_modules holds: $installed" >&2; exit 1; }

  # Every export, both ways; the addon came from the platform package.
  node --input-type=module -e '
    import { createRequire } from "node:module"
    import { readFileSync } from "node:fs"
    import assert from "node:assert/strict"
    const require = createRequire(process.cwd() + "/")
    const { exports } = JSON.parse(readFileSync("node_modules/aura-sign/package.json", "utf8"))
    const counts = []
    for (const sub of Object.keys(exports)) {
      const name = "aura-sign" + sub.slice(1)
      const [esm, cjs] = [await import(name), require(name)]
      const names = Object.keys(esm).filter((k) => k !== "default").sort()
      assert.ok(names.length > 0, name)
      assert.deepEqual(names, Object.keys(cjs).sort(), `${name}: ESM and CommonJS differ`)
      counts.push(`${name} ${names.length}`)
    }
    const addon = Object.keys(require.cache).filter((f) => f.endsWith(".node"))
    assert.deepEqual(addon, [`${process.cwd()}/node_modules/aura-sign-'"$triple"'/aura-sign.'"$triple"'.node`])
    console.log(`import + require (same names): ${counts.join(", ")}`)
    console.log(`addon: ${addon[0].slice(process.cwd().length + 1)}`)
  '

  # The shipped types (lib/*.d.ts import ../native/index.d.ts): node/test/types
  # (imports of aura-sign only) checked against node_modules/aura-sign.
  cp -r "$repo/node/test/types" test/
  node "$repo/node/node_modules/typescript/bin/tsc" -p test/types
  echo "tsc: node/test/types type-check against the installed declarations"

  # The suite against node_modules/aura-sign: test files with their relative
  # imports of the package's insides pointed at the installed copy; the
  # reference SDKs they compare with (devDependencies) one level up, outside
  # the app, so only the package itself resolves from the app.
  cp -r "$repo/node/testkit" .
  ln -s node_modules/aura-sign/README.md README.md
  for f in "$repo"/node/test/*.test.mjs; do
    sed -E -e "s#'\.\./native/index\.cjs'#'../node_modules/aura-sign/lib/native.cjs'#g" \
           -e "s#'\.\./(lib/|package\.json)#'../node_modules/aura-sign/\1#g" "$f" >"test/$(basename "$f")"
  done
  if grep -nE "'\.\./(lib|native)/|'\.\./package\.json'" test/*.mjs; then echo "pack-node: a test still imports the repo's package" >&2; exit 1; fi
  node -e '
    const fs = require("fs"), path = require("path")
    for (const dep of Object.keys(require(process.argv[1] + "/node/package.json").devDependencies)) {
      if (dep === "@napi-rs/cli" || dep === "typescript") continue
      fs.mkdirSync(path.dirname(`../node_modules/${dep}`), { recursive: true })
      fs.symlinkSync(`${process.argv[1]}/node/node_modules/${dep}`, `../node_modules/${dep}`)
    }' "$repo"
  export AURA_EDGE_LOG_DIR="$out/edge-logs"
  mkdir -p "$AURA_EDGE_LOG_DIR"
  node --test >"$out/fresh-test.log" 2>&1 || true
  grep -E '^# (tests|suites|pass|fail|cancelled|skipped) ' "$out/fresh-test.log" | tr '\n' ' '; echo
  grep -qx '# fail 0' "$out/fresh-test.log" || {
    grep -E '^not ok|^ +not ok' "$out/fresh-test.log" >&2
    for f in "$AURA_EDGE_LOG_DIR"/*.log; do [ -e "$f" ] && { echo "--- $f (last 40 lines)" >&2; tail -40 "$f" >&2; }; done
    echo "pack-node: failures, see $out/fresh-test.log" >&2
    exit 1
  }

  # 3. Size and load time.
  du -sh node_modules/aura-sign "node_modules/aura-sign-$triple"
  median() { sort -n | sed -n 3p; }
  req="$(for _ in 1 2 3 4 5; do node -e 'const t = process.hrtime.bigint(); require("aura-sign"); console.log((Number(process.hrtime.bigint() - t) / 1e6).toFixed(1))'; done | median)"
  imp="$(for _ in 1 2 3 4 5; do node --input-type=module -e 'const t = process.hrtime.bigint(); await import("aura-sign"); console.log((Number(process.hrtime.bigint() - t) / 1e6).toFixed(1))'; done | median)"
  echo "require('aura-sign'): ${req} ms, import('aura-sign'): ${imp} ms (median of 5, in-process)"
)
ls -l "$main_tgz" "$plat_tgz" | awk '{printf "%s %d bytes\n", $NF, $5}'

echo "glibc: the addon needs $glibc (floor glibc $floor)"
echo "pack-node: $((SECONDS - start)) s"
