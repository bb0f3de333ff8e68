"""The conformance inputs: one list of operations, built from the vector
files, fed unchanged to every implementation (Rust core, Python, npm,
Kotlin, the `aura` CLI) by tests/conformance/run.sh.

    python3 tests/conformance/cases.py OUT.json

Each case: {"id", "op", ...arguments..., "want": reference bytes or null}.
Numbers that are not finite are written {"$num": "NaN" | "Infinity" |
"-Infinity" | "-0"} (the vector files' own convention); every runner turns
them into its language's value.
"""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any, Dict, List

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def images() -> List[Dict[str, Any]]:
    # Cloudflare Images, the docs Worker's bytes (mode "worker").
    out = []
    for c in load("cloudflare-images.json")["cases"]:
        i = c["input"]
        out.append({"id": c["id"], "op": "images_url", "url": i["url"], "key": i["key"],
                    "expires_in": i["expires_in"], "now": i["now_unix"],
                    "want": (c.get("output") or {}).get("signed_url")})
    return out


def auraimage() -> List[Dict[str, Any]]:
    out = []
    for c in load("auraimage.json")["cases"]:
        i = c["input"]
        if c["kind"] == "signed_url":
            k = i["constructor"]
            o = i.get("options") or {}
            out.append({"id": c["id"], "op": "signed_url", "secret_key": k.get("secretKey"),
                        "project": k.get("projectName"), "serve_secret": k.get("serveSecret"),
                        "cdn_url": k.get("cdnUrl"), "name": i["name"], "expires_in": o.get("expiresIn"),
                        "cdn_url_override": o.get("cdnUrl"), "now": i["now_unix"],
                        "want": (c.get("output") or {}).get("url")})
        elif c["kind"] == "serve_token":
            out.append({"id": c["id"], "op": "serve_token",
                        "payload_json": json.dumps(i["payload"], ensure_ascii=False, separators=(",", ":")),
                        "secret": i["secret"], "want": (c.get("output") or {}).get("token")})
    return out


def main() -> None:
    cases = images() + auraimage()
    pathlib.Path(sys.argv[1]).write_text(json.dumps({"cases": cases}, ensure_ascii=False, indent=0), encoding="utf-8")
    ops: Dict[str, int] = {}
    for c in cases:
        ops[c["op"]] = ops.get(c["op"], 0) + 1
    print("conformance inputs: " + ", ".join(f"{n} {op}" for op, n in ops.items()))


if __name__ == "__main__":
    main()
