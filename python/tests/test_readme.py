"""Every Python example in the READMEs runs (jsonschema-py style)."""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
READMES = [ROOT / "python" / "README.md", ROOT / "README.md"]


def blocks(path: pathlib.Path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("path", [p for p in READMES if blocks(p)], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_readme_examples_run(path: pathlib.Path) -> None:
    namespace: dict = {}
    for i, code in enumerate(blocks(path)):
        exec(compile(code, f"{path.name}[block {i}]", "exec"), namespace)
