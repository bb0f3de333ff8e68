"""Shared fixtures: the vector files and the per-kind tally printed at the end."""

from __future__ import annotations

import json
import math
import pathlib
from collections import defaultdict
from typing import Any, Dict, Iterator, List, Tuple

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


def load(name: str) -> Dict[str, Any]:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def num(v: Any) -> float:
    if isinstance(v, dict):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}[v["$num"]]
    return v


class Tally:
    """Per-kind counts: run, passed, rejected by rule (ids), strict (ids), failed."""

    def __init__(self) -> None:
        self.kinds: Dict[str, Dict[str, Any]] = defaultdict(
            lambda: {"run": 0, "passed": 0, "rejected": [], "strict": [], "na": [], "failed": []}
        )

    def record(self, kind: str, case_id: str, outcome: Tuple[str, str]) -> None:
        k = self.kinds[kind]
        k["run"] += 1
        status, reason = outcome
        if status == "pass":
            k["passed"] += 1
        else:
            k[status].append((case_id, reason))

    def failures(self) -> List[str]:
        return [f"{kind} {cid}: {r}" for kind, k in self.kinds.items() for cid, r in k["failed"]]

    def lines(self, title: str) -> List[str]:
        out = [f"== vectors (Python): {title} ==", f"{'kind':<28} {'run':>5} {'passed':>7} {'rejected':>9} {'strict':>7} {'n/a':>5} {'failed':>7}"]
        for kind in sorted(self.kinds):
            k = self.kinds[kind]
            out.append(f"{kind:<28} {k['run']:>5} {k['passed']:>7} {len(k['rejected']):>9} {len(k['strict']):>7} {len(k['na']):>5} {len(k['failed']):>7}")
            out += [f"    rejected-by-rule {cid}: {r}" for cid, r in k["rejected"]]
            out += [f"    strict (quirk)   {cid}: {r}" for cid, r in k["strict"]]
            out += [f"    not applicable   {cid}: {r}" for cid, r in k["na"]]
        return out


TALLIES: Dict[str, Tally] = {}


def tally(title: str) -> Tally:
    return TALLIES.setdefault(title, Tally())


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: D103
    for title, t in TALLIES.items():
        for line in t.lines(title):
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def stream_vectors() -> Dict[str, Any]:
    return load("cloudflare-stream.json")


# ---- servers for the API tests (python/tests/_servers.py), one per session ----

from _servers import Edge, Prism, start_edge, start_prism  # noqa: E402


@pytest.fixture(scope="session")
def edge() -> Iterator[Edge]:
    """A real `aura edge` ($AURA_BIN or target/release/aura) on 127.0.0.1."""
    e = start_edge()
    try:
        yield e
    finally:
        e.stop()


@pytest.fixture(scope="session")
def prism() -> Iterator[Prism]:
    """Prism ($AURA_PRISM or scripts/prism.sh) serving Cloudflare's OpenAPI
    document with request validation on."""
    p = start_prism()
    try:
        yield p
    finally:
        p.stop()
