"""Prints each aura-sign benchmark's ratio against its peer from the same run."""

from __future__ import annotations

import json
import pathlib

import pytest

CORPUS = json.loads((pathlib.Path(__file__).resolve().parents[2] / "bench" / "corpus.json").read_text())

# group: (ours, peer, goal as "ours is at least N× faster")
PAIRS = {
    "signed_url": ("aura", "pure_python", 5.0),
    "images_url": ("aura", "pure_python", None),
    "stream_token": ("aura", "pyjwt_preloaded_key", 1.0),
    "stream_token_pem_per_call": ("aura_text_key", "pyjwt_pem_per_call", 50.0),
    "signed_urls_10000": ("aura_batch", "python_loop", 2.0),
    "stream_sign_many_1000": ("aura_sign_many", "pyjwt_loop", 1.8),
}


@pytest.fixture(scope="session")
def corpus():
    return CORPUS


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    session = getattr(config, "_benchmarksession", None)
    if session is None:
        return
    medians = {}
    for b in session.benchmarks:
        stats = getattr(b, "stats", None)
        median = getattr(stats, "median", None) if stats is not None else None
        if median is None and stats is not None:
            median = getattr(getattr(stats, "stats", None), "median", None)
        medians[(b.group, b.name.split("[")[0].replace("test_", "").split("__")[-1])] = median
    terminalreporter.write_line("== ratios (peer median / aura median; higher is faster) ==")
    for group, (ours, peer, goal) in PAIRS.items():
        a, p = medians.get((group, ours)), medians.get((group, peer))
        if a and p:
            ratio = p / a
            verdict = "" if goal is None else (" meets goal" if ratio >= goal else f" BELOW goal {goal}x")
            terminalreporter.write_line(f"{group:<28} aura {a * 1e6:>10.2f} us  {peer:<20} {p * 1e6:>10.2f} us  {ratio:6.2f}x{verdict}")
