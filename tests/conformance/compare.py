"""Compares the conformance outputs of every implementation with each other
and with the vectors; prints a table of cases per language; exits non-zero
on any byte of difference.

    python3 tests/conformance/compare.py INPUTS.json rust=OUT.json python=OUT.json …

Per case, every implementation gives the reference bytes or a typed
refusal (an error code), never other bytes; all that give bytes give the
same bytes. A refusal where the reference produced bytes is a rule of the
typed APIs (e.g. a NaN or negative `expiresIn`, which the Node drop-in
reproduces as `@auraimage/sdk` does): listed by id, not a failure.
"""

from __future__ import annotations

import json
import sys
from typing import Dict, List


def main() -> int:
    cases = json.load(open(sys.argv[1], encoding="utf-8"))["cases"]
    runs: Dict[str, Dict[str, Dict[str, str]]] = {}
    for arg in sys.argv[2:]:
        name, path = arg.split("=", 1)
        runs[name] = json.load(open(path, encoding="utf-8"))
    failures: List[str] = []
    cols = ["run", "reference bytes", "both refuse", "refused by rule", "n/a", "differ"]
    table = {name: {c: 0 for c in cols} for name in runs}
    refused: Dict[str, List[str]] = {name: [] for name in runs}
    for c in cases:
        cid, want = c["id"], c["want"]
        produced = set()
        for name, out in runs.items():
            row = table[name]
            if cid not in out:
                row["n/a"] += 1
                continue
            row["run"] += 1
            got = out[cid]
            if "ok" in got:
                produced.add(got["ok"])
                if want is not None and got["ok"] == want:
                    row["reference bytes"] += 1
                else:
                    row["differ"] += 1
                    failures.append(f"{cid} {name}: {got['ok']!r} (reference {want!r})")
            elif want is None:
                row["both refuse"] += 1
            else:
                row["refused by rule"] += 1
                refused[name].append(f"{cid}:{got['error']}")
        if len(produced) > 1:
            failures.append(f"{cid}: implementations disagree: {sorted(produced)}")
    print(f"{'implementation':<16}" + "".join(f"{c:>17}" for c in cols))
    for name, row in table.items():
        print(f"{name:<16}" + "".join(f"{row[c]:>17}" for c in cols))
    for name, ids in refused.items():
        if ids:
            print(f"  {name} refused by rule: {' '.join(ids)}")
    if failures:
        print("\nDIFFERENCES:\n" + "\n".join(failures[:50]), file=sys.stderr)
        return 1
    print(f"conformance: {len(cases)} cases, {len(runs)} implementations, 0 differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
