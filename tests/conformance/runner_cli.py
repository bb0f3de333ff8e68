"""The `aura` command line's runner for the conformance run: one process per
case, secrets in the environment, the outputs as
{id: {"ok": stdout line} | {"error": code from `error[<code>]`}}. Serve
tokens from a raw payload have no command (`aura sign url` builds the
payload itself), and an argument or variable cannot hold a NUL byte: those
cases are not applicable here.

    python3 tests/conformance/runner_cli.py AURA_BIN IN.json OUT.json
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any, Dict, List, Optional, Tuple

NUM = {"NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity", "-0": "-0"}
SECRET_VARS = ["AURA_SECRET_KEY", "AURA_SERVE_SECRET", "IMAGES_SIGNING_KEY", "AURA_PROJECT", "AURA_CDN_URL"]


def number(v: Any) -> str:
    if isinstance(v, dict):
        return NUM[v["$num"]]
    return repr(v) if isinstance(v, float) else str(v)


def command(c: Dict[str, Any]) -> Optional[Tuple[List[str], Dict[str, str]]]:
    if c["op"] == "images_url":
        return (["sign", "images-url", "--mode", "worker", f"--expires-in={c['expires_in']}", f"--now={c['now']}", "--", c["url"]],
                {"IMAGES_SIGNING_KEY": c["key"]})
    if c["op"] == "signed_url":
        # The SDK's constructor requires a secret key and a CDN URL; `aura
        # sign url` takes neither (it has a default CDN and needs only the
        # serve secret): those refusals have no counterpart here.
        if not c["secret_key"] or (c["cdn_url"] is None and c["cdn_url_override"] is None):
            return None
        args = ["sign", "url", f"--project={c['project'] or ''}", f"--now={c['now']}"]
        cdn = c["cdn_url_override"] if c["cdn_url_override"] is not None else c["cdn_url"]
        if cdn is not None:
            args.append(f"--cdn-url={cdn}")
        if c["expires_in"] is not None:
            args.append(f"--expires-in={number(c['expires_in'])}")
        env = {} if c["serve_secret"] is None else {"AURA_SERVE_SECRET": c["serve_secret"]}
        return args + ["--", c["name"]], env
    return None


def main() -> None:
    aura, inputs, output = sys.argv[1:4]
    cases = json.load(open(inputs, encoding="utf-8"))["cases"]
    base = {k: v for k, v in os.environ.items() if k not in SECRET_VARS}
    out: Dict[str, Dict[str, str]] = {}
    for c in cases:
        cmd = command(c)
        if cmd is None:
            continue
        args, env = cmd
        if any("\0" in v for v in [*args, *env.values()]):
            continue
        r = subprocess.run([aura, *args], env={**base, **env}, capture_output=True, timeout=30)
        stderr = r.stderr.decode("utf-8", "replace")
        if r.returncode == 0:
            out[c["id"]] = {"ok": r.stdout.decode("utf-8").rstrip("\n")}
        else:
            m = re.match(r"error\[([a-z_]+)\]", stderr)
            if r.returncode not in (2, 3) or (r.returncode == 3 and not m):
                raise SystemExit(f"{c['id']}: aura exited {r.returncode}: {stderr}")
            out[c["id"]] = {"error": m.group(1) if m else "usage"}
    json.dump(out, open(output, "w", encoding="utf-8"), ensure_ascii=False)


if __name__ == "__main__":
    main()
