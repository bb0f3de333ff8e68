"""Every Python example in the READMEs runs (jsonschema-py style).

The examples that call the services run for real, configured the way a user
would configure them (environment variables): Cloudflare's API is Prism
serving Cloudflare's OpenAPI document, the AuraImage CDN a real `aura edge`,
and `IMAGE_URL` an image served by a local stdlib server; `hero.jpg` is a
fixture copied into the working directory. Everything is on 127.0.0.1."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
from typing import Iterator

import pytest
from _servers import FIXTURES, PHOTO_PNG, Edge, LocalServer, Prism, Reply, routed

ROOT = pathlib.Path(__file__).resolve().parents[2]
READMES = [ROOT / "python" / "README.md", ROOT / "README.md"]


def blocks(path: pathlib.Path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture()
def image_source() -> Iterator[LocalServer]:
    server = routed({"/images/cat.png": Reply(200, PHOTO_PNG, [("Content-Type", "image/png")])})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def services(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path, edge: Edge, prism: Prism,
             image_source: LocalServer) -> None:
    for name in ("CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "readme-example-token")
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", "023e105f4ecef8ad9ca31a8372d0c353")
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", prism.base)
    monkeypatch.setenv("AURA_SECRET_KEY", edge.secret_key)
    monkeypatch.setenv("AURA_SERVE_SECRET", edge.serve_secret)
    monkeypatch.setenv("AURA_CDN_URL", edge.base)
    monkeypatch.setenv("IMAGE_URL", f"{image_source.base}/images/cat.png")
    # The document caps image ids at 32 characters (real ones are 36-character UUIDs).
    monkeypatch.setenv("IMAGE_ID", "6e2b6f4e9f3c4d1aa0b1c2d3e4f5a6b7")
    # Mux: the signing key id and private key, as mux-node reads them (a test key of tests/vectors/mux.json).
    mux_key = next(k for k in json.loads((ROOT / "tests" / "vectors" / "mux.json").read_text(encoding="utf-8"))["keys"]
                   if k["name"] == "rsa-A")
    monkeypatch.setenv("MUX_SIGNING_KEY", mux_key["key_id"])
    monkeypatch.setenv("MUX_PRIVATE_KEY", mux_key["base64_pkcs1_pem"])
    assert edge.project == "my-app", "the README's project"
    shutil.copy(FIXTURES / "photo.jpg", tmp_path / "hero.jpg")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("path", [p for p in READMES if blocks(p)], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_readme_examples_run(path: pathlib.Path, services: None) -> None:
    namespace: dict = {}
    for i, code in enumerate(blocks(path)):
        exec(compile(code, f"{path.name}[block {i}]", "exec"), namespace)
