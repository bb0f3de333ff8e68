#!/usr/bin/env bash
# One version everywhere: the Cargo workspace, the Python package, the npm
# package (and its lock file), the Maven artifact and the Swift package must
# carry the same version, and CHANGELOG.md must have a section for it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo_v=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
py_v=$(sed -n 's/^version = "\(.*\)"/\1/p' python/pyproject.toml | head -1)
npm_v=$(node -p 'require("./node/package.json").version')
lock_v=$(node -p 'require("./node/package-lock.json").version')
# The npm platform packages and the main package's optionalDependencies on them.
platform_vs=$(node -p 'const fs=require("fs");fs.readdirSync("node/npm").map(d=>`node/npm/${d}/package.json=${require(`./node/npm/${d}/package.json`).version}`).join(" ")')
optional_vs=$(node -p 'Object.entries(require("./node/package.json").optionalDependencies||{}).map(([n,v])=>`node/package.json:optionalDependencies.${n}=${v}`).join(" ")')
mvn_v=$(sed -n '0,/<artifactId>aura-sign<\/artifactId>/d; s/.*<version>\(.*\)<\/version>.*/\1/p' kotlin/pom.xml | head -1)
swift_v=$(sed -n 's/^let auraSignVersion = "\(.*\)"/\1/p' swift/Package.swift)

status=0
for pair in "python/pyproject.toml=$py_v" "node/package.json=$npm_v" "node/package-lock.json=$lock_v" \
            "kotlin/pom.xml=$mvn_v" "swift/Package.swift=$swift_v" $platform_vs $optional_vs; do
  file=${pair%%=*} v=${pair#*=}
  if [[ "$v" != "$cargo_v" ]]; then
    echo "version mismatch: $file has '${v}', Cargo.toml [workspace.package] has '$cargo_v'" >&2
    status=1
  fi
done
# The workspace's own crates as dependencies (what `cargo package` publishes).
while read -r dep v; do
  if [[ "$v" != "$cargo_v" ]]; then
    echo "version mismatch: Cargo.toml [workspace.dependencies] $dep = '$v', [workspace.package] has '$cargo_v'" >&2
    status=1
  fi
done < <(sed -n '/^\[workspace.dependencies\]/,/^\[/s/^\(aura-[a-z-]*\) = {.*version = "\([^"]*\)".*/\1 \2/p' Cargo.toml)
# Each package carries the repository's LICENSE unchanged.
for copy in node/LICENSE node/npm/*/LICENSE; do
  if ! cmp -s LICENSE "$copy"; then
    echo "$copy differs from LICENSE (copy it: packages ship their own)" >&2
    status=1
  fi
done
if ! grep -q "^## \[$cargo_v\]" CHANGELOG.md; then
  echo "CHANGELOG.md has no '## [$cargo_v]' section" >&2
  status=1
fi
[[ $status == 0 ]] && echo "one version: $cargo_v (Cargo and its internal dependencies, pyproject, package.json, package-lock, npm platform packages, pom, Package.swift, CHANGELOG)"
exit $status
