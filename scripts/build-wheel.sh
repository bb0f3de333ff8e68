#!/usr/bin/env bash
# The Python package as users install it: one abi3 wheel (CPython >= 3.9) for
# Linux x86_64 with glibc >= 2.28 (tag manylinux_2_28), and an sdist, in
# target/wheels/. The wheel is linked by zig against glibc 2.28 (`maturin
# build --zig`; a plain build on a newer host references GLIBC_2.33/2.34
# symbols and is only `linux_x86_64`, which PyPI refuses), then checked:
# `auditwheel show` must report manylinux_2_28 or older, and the wheel must
# carry the compiled module, the stubs (_native.pyi) and py.typed.
#
#   scripts/build-wheel.sh      builds and checks; prints the wheel's path last
#
# The build tools are pinned and live in target/venv-build (not on PATH for
# anything else). The zig/compatibility flags are given here, not in
# pyproject.toml, so that `pip install` from the sdist still builds a plain
# wheel for the machine it runs on.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BVENV="$ROOT/target/venv-build"
OUT="$ROOT/target/wheels"
PY="${PYTHON:-python3}"
TOOLS=(maturin==1.16.0 ziglang==0.15.2 auditwheel==6.8.2)
GLIBC_MAX=28   # the newest glibc minor (2.x) the wheel may need

PYTHON="$PY" bash "$ROOT/scripts/tool-venv.sh" "$BVENV" "${TOOLS[@]}"

mkdir -p "$OUT"
rm -f "$OUT"/aura_sign-*.whl "$OUT"/aura_sign-*.tar.gz
log="$ROOT/target/build-wheel.log"
# maturin finds zig through the build venv's `python -m ziglang`. Its own
# target dir: the zig-linked artifacts would otherwise overwrite (and rebuild)
# those of napi's plain `--target x86_64-unknown-linux-gnu` build for Node.
export CARGO_TARGET_DIR="${AURA_WHEEL_TARGET_DIR:-$ROOT/target/wheel}"
if ! (cd "$ROOT/python" && PATH="$BVENV/bin:$PATH" \
      maturin build --release --zig --compatibility manylinux_2_28 --out "$OUT" \
      && PATH="$BVENV/bin:$PATH" maturin sdist --out "$OUT") >"$log" 2>&1; then
  cat "$log" >&2
  echo "build-wheel.sh: maturin failed (log: $log)" >&2
  exit 1
fi

shopt -s nullglob
wheels=("$OUT"/aura_sign-*.whl)
sdists=("$OUT"/aura_sign-*.tar.gz)
[ "${#wheels[@]}" -eq 1 ] && [ "${#sdists[@]}" -eq 1 ] \
  || { echo "build-wheel.sh: expected one wheel and one sdist in $OUT" >&2; ls -l "$OUT" >&2; exit 1; }
WHEEL=${wheels[0]}
SDIST=${sdists[0]}

# auditwheel: the platform tag the wheel's symbols allow.
audit="$("$BVENV/bin/auditwheel" show "$WHEEL")"
tag="$(tr '\n' ' ' <<<"$audit" | grep -oE 'consistent with +the +following +platform +tag: +"[^"]+"' \
       | grep -oE '"[^"]+"' | tr -d '"')" || true
minor="$(grep -oE '^manylinux_2_[0-9]+_x86_64$' <<<"$tag" | sed -E 's/^manylinux_2_([0-9]+)_x86_64$/\1/')" || true
if [ -z "$minor" ] || [ "$minor" -gt "$GLIBC_MAX" ]; then
  echo "$audit" >&2
  echo "build-wheel.sh: auditwheel reports '$tag', not manylinux_2_$GLIBC_MAX or older" >&2
  exit 1
fi

# The wheel's own tags and files.
"$BVENV/bin/python" - "$WHEEL" "$SDIST" "$tag" <<'EOF'
import os, re, sys, zipfile
wheel, sdist, audit_tag = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    info = next(n for n in names if n.endswith(".dist-info/WHEEL"))
    tags = re.findall(r"^Tag: (\S+)$", z.read(info).decode(), flags=re.M)
problems = []
for need in ("aura_sign/_native.pyi", "aura_sign/py.typed", "aura_sign/__init__.py"):
    if need not in names:
        problems.append(f"missing {need}")
if not [n for n in names if re.fullmatch(r"aura_sign/_native\.abi3\.so", n)]:
    problems.append("missing the compiled module aura_sign/_native.abi3.so")
if tags != ["cp39-abi3-" + audit_tag]:
    problems.append(f"WHEEL tags {tags}, expected cp39-abi3-{audit_tag}")
if problems:
    print("build-wheel.sh: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
mib = lambda p: os.path.getsize(p) / 2**20
print(f"wheel: {os.path.basename(wheel)}  {os.path.getsize(wheel):,} bytes ({mib(wheel):.1f} MiB), "
      f"{len(names)} files; tags {', '.join(tags)}")
print(f"auditwheel show: consistent with the platform tag \"{audit_tag}\"")
print(f"sdist: {os.path.basename(sdist)}  {os.path.getsize(sdist):,} bytes ({mib(sdist):.1f} MiB)")
EOF
echo "$WHEEL"
