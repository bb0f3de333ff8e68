"""The Python package's runner for the conformance run: the installed
`aura_sign` (as users import it), the inputs of cases.py, the outputs as
{id: {"ok": text} | {"error": code}}.

    python tests/conformance/runner.py IN.json OUT.json
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any, Dict, Optional

from aura_sign import AuraImage, cloudflare, server
from aura_sign.errors import AuraError

NUM = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def number(v: Any) -> Optional[float]:
    if isinstance(v, dict):
        return NUM[v["$num"]]
    return v


def run(c: Dict[str, Any]) -> str:
    op = c["op"]
    if op == "images_url":
        return cloudflare.sign_images_url(c["url"], c["key"], expires_in=c["expires_in"], now=c["now"], mode="worker")
    if op == "signed_url":
        aura = AuraImage(c["secret_key"] or "", c["project"] or "", serve_secret=c["serve_secret"], cdn_url=c["cdn_url"])
        kwargs: Dict[str, Any] = {"now": c["now"]}
        if c["expires_in"] is not None:
            kwargs["expires_in"] = number(c["expires_in"])
        if c["cdn_url_override"] is not None:
            kwargs["cdn_url"] = c["cdn_url_override"]
        return aura.get_signed_url(c["name"], **kwargs)
    if op == "serve_token":
        return server.sign_serve_token(json.loads(c["payload_json"]), c["secret"])
    raise ValueError(f"unknown op {op}")


def main() -> None:
    cases = json.loads(open(sys.argv[1], encoding="utf-8").read())["cases"]
    out: Dict[str, Dict[str, str]] = {}
    for c in cases:
        try:
            out[c["id"]] = {"ok": run(c)}
        except AuraError as e:
            out[c["id"]] = {"error": e.code}
    open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
