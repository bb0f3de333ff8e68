"""AuraImage's HTTP calls against a real `aura edge` on 127.0.0.1: upload,
setVisibility with signed and bare reads, and uploadFromUrl from a local
image source with every error kind (auraimage.md §7, §8, §10)."""

from __future__ import annotations

import os
from typing import Iterator, List, Optional

import httpx
import pytest
from _servers import PHOTO_JPG, PHOTO_PNG, Edge, LocalServer, Reply, closed_port, routed

from aura_sign import AuraImage
from aura_sign.errors import InvalidInput, RemoteError, UploadFromUrlError
from aura_sign.transport import Transport

MAX = 1000  # bytes: smaller than both fixtures


def unique(prefix: str) -> str:
    return f"{prefix}-{os.urandom(4).hex()}"


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, trust_env=False) as c:
        yield c


@pytest.fixture(scope="module")
def aura(edge: Edge, http: httpx.Client) -> AuraImage:
    return AuraImage(edge.secret_key, edge.project, serve_secret=edge.serve_secret, cdn_url=edge.base,
                     transport=Transport(http))


@pytest.fixture(scope="module")
def source() -> Iterator[LocalServer]:
    png = [("Content-Type", "image/png")]
    server = routed({
        "/img/photo.png": Reply(200, PHOTO_PNG, png),
        "/img/again.png": Reply(200, PHOTO_PNG, png),
        "/img/missing.png": Reply(404, b"gone", [("Content-Type", "text/plain")]),
        "/img/slow.png": Reply(200, PHOTO_PNG, png, delay=3.0),
        "/img/page.png": Reply(200, b"<html></html>", [("Content-Type", "text/html; charset=utf-8")]),
        "/img/big.png": Reply(200, PHOTO_JPG, [("Content-Type", "image/jpeg")]),
        "/img/chunked.png": Reply(200, PHOTO_JPG, [("Content-Type", "image/jpeg")], chunked=True),
    })
    try:
        yield server
    finally:
        server.stop()


def fetches(source: LocalServer, path: str) -> List[str]:
    return [r.method for r in source.requests if r.path.split("?")[0] == path]


def test_upload_then_private_then_public(edge: Edge, aura: AuraImage, http: httpx.Client) -> None:
    name = unique("flow")
    up = aura.upload(PHOTO_JPG, "photo.jpg", content_type="image/jpeg", name=name)
    assert (up["name"], up["width"], up["height"], up["visibility"]) == (name, 640, 480, "public")
    assert up["size"] == len(PHOTO_JPG)
    bare = f"{edge.base}/{edge.project}/{name}"
    assert http.get(bare).status_code == 200

    assert aura.set_visibility(name, "private") == "private"
    refused = http.get(bare)
    assert refused.status_code == 403
    assert refused.json() == {"message": "Signed token required for private image"}
    signed = aura.get_signed_url(name, expires_in=600)
    assert signed.startswith(bare + "?token=")
    ok = http.get(signed)
    assert ok.status_code == 200 and ok.content == PHOTO_JPG
    assert ok.headers["cache-control"] == "private, max-age=300"

    assert aura.set_visibility(name, "public") == "public"
    again = http.get(bare)
    assert again.status_code == 200 and again.content == PHOTO_JPG


def test_upload_private_from_the_start_and_its_refusals(edge: Edge, aura: AuraImage, http: httpx.Client) -> None:
    name = unique("priv")
    up = aura.upload(PHOTO_PNG, "p.png", content_type="image/png", name=name, visibility="private")
    assert (up["visibility"], up["width"], up["height"]) == ("private", 64, 48)
    assert http.get(f"{edge.base}/{edge.project}/{name}").status_code == 403
    with pytest.raises(RemoteError) as e:
        aura.upload(PHOTO_PNG, "p.png", content_type="image/png", name=name)
    assert e.value.status == 409 and e.value.message == "Upload failed (409): Image already exists"
    with pytest.raises(RemoteError) as e:
        aura.set_visibility(unique("nobody"), "private")
    assert e.value.status == 404 and e.value.message.startswith("AuraImage.setVisibility failed (404): ")
    with pytest.raises(InvalidInput):  # refused by the core before anything is sent
        aura.set_visibility(name, "hidden")


def test_upload_from_url(edge: Edge, aura: AuraImage, source: LocalServer, http: httpx.Client) -> None:
    url = f"{source.base}/img/photo.png?v=1"
    up = aura.upload_from_url(url, visibility="private")
    assert (up["name"], up["width"], up["height"], up["visibility"]) == ("photo", 64, 48, "private")
    assert fetches(source, "/img/photo.png") == ["GET"]
    assert http.get(aura.get_signed_url("photo")).content == PHOTO_PNG

    # upload refused: the name exists and overwrite is not set (409).
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url)
    err = e.value
    assert (err.code, err.kind, err.url, err.status) == ("upload_from_url", "upload", url, 409)
    assert err.message == "Upload failed (409): Image already exists"
    up = aura.upload_from_url(url, overwrite=True)
    assert (up["name"], up["visibility"]) == ("photo", "public")

    named = aura.upload_from_url(f"{source.base}/img/again.png", name="named/one")
    assert named["name"] == "named/one"


def expect(kind: str, url: str, status: Optional[int], message: str, exc: pytest.ExceptionInfo[UploadFromUrlError]) -> None:
    err = exc.value
    assert (err.code, err.kind, err.url, err.status) == ("upload_from_url", kind, url, status)
    assert err.message == message, err.message
    assert str(err) == f"[upload_from_url] {message}"


def test_upload_from_url_error_kinds(aura: AuraImage, source: LocalServer) -> None:
    base = source.base
    before = len(source.requests)
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(f"{base}/")
    expect("invalid-name", f"{base}/", None,
           f"Could not derive image name from URL: {base}/. Provide a name explicitly.", e)
    assert len(source.requests) == before, "nothing is fetched without a name"

    url = f"{base}/img/missing.png"
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url)
    expect("fetch", url, 404, f"Remote server returned 404 for: {url}", e)

    url = f"http://127.0.0.1:{closed_port()}/a.png"
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url)
    assert e.value.kind == "fetch" and e.value.status is None and e.value.url == url
    assert e.value.message.startswith("Failed to fetch URL: "), e.value.message

    url = f"{base}/img/slow.png"
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url, timeout_ms=300)
    expect("fetch", url, None, f"Fetch timed out after 300ms: {url}", e)
    assert fetches(source, "/img/slow.png") == ["GET"], "the source is fetched once, never retried"

    url = f"{base}/img/page.png"
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url)
    expect("content-type", url, None, f'Expected image Content-Type, got "text/html; charset=utf-8" for: {url}', e)

    url = f"{base}/img/big.png"
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url, max_size=MAX)
    expect("size", url, None, f"Content-Length {len(PHOTO_JPG)} exceeds max size {MAX} bytes for: {url}", e)

    url = f"{base}/img/chunked.png"
    with pytest.raises(UploadFromUrlError) as e:
        aura.upload_from_url(url, max_size=MAX)
    expect("size", url, None, f"Downloaded size {len(PHOTO_JPG)} exceeds max size {MAX} bytes for: {url}", e)

    with pytest.raises(InvalidInput):  # the core refuses the option before any request
        aura.upload_from_url(f"{base}/img/photo.png", timeout_ms=-1)


def test_without_cdn_url_nothing_is_sent(edge: Edge) -> None:
    aura = AuraImage(edge.secret_key, edge.project)
    with pytest.raises(InvalidInput) as e:
        aura.upload_from_url("http://127.0.0.1:9/a.png")
    assert "cdnUrl is required" in e.value.message
