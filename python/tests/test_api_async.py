"""The same operations over asyncio (`AsyncTransport`, `AsyncCloudflare`,
`AuraImage.*_async`): the core decides the same way; only the loop awaits."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any, Awaitable, Callable, List, TypeVar

import httpx
import pytest
from _servers import PHOTO_JPG, PHOTO_PNG, Edge, Prism, Reply, routed, scripted

from aura_sign import AuraImage
from aura_sign.cloudflare import AsyncCloudflare, verify_stream_token
from aura_sign.errors import RemoteError, UploadFromUrlError
from aura_sign.transport import AsyncTransport

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
UID = "ea95132c15732412d22c1476fa83f27a"
T = TypeVar("T")


def run(make: Callable[[httpx.AsyncClient], Awaitable[T]], timeout: float = 10.0) -> T:
    async def main() -> T:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False) as http:
            return await asyncio.wait_for(make(http), 30)

    return asyncio.run(main())


def ok(result: Any) -> bytes:
    return json.dumps({"success": True, "errors": [], "messages": [], "result": result}).encode()


def test_async_retries_are_the_cores() -> None:
    sleeps: List[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    server = scripted([
        Reply(429, b"{}", [("Retry-After", "1")]),
        Reply(200, ok({"keys": [{"name": "default", "value": "v"}]})),
        Reply(500, json.dumps({"success": False, "errors": [{"code": 10002, "message": "boom"}], "messages": [], "result": None}).encode()),
        *[Reply(200, ok("ok"), delay=2.0)] * 3,
    ])
    try:
        async def flow(http: httpx.AsyncClient) -> None:
            transport = AsyncTransport(http, sleep=sleep, jitter=lambda: 0.0, clock=lambda: 1_700_000_000)
            cf = AsyncCloudflare(ACCOUNT, api_token="tok", base_url=server.base, transport=transport)
            assert [k.name for k in await cf.list_images_keys()] == ["default"]
            with pytest.raises(RemoteError) as e:
                await cf.create_stream_key()  # 500 after a POST: final
            assert (e.value.status, e.value.codes) == (500, [10002])

        run(flow)
        assert sleeps == [1.0]
        assert [(r.method, r.path.rsplit("/", 2)[-2:]) for r in server.requests] == [
            ("GET", ["v1", "keys"]), ("GET", ["v1", "keys"]), ("POST", ["stream", "keys"])]
        assert all(r.header("authorization") == "Bearer tok" for r in server.requests)

        async def slow(http: httpx.AsyncClient) -> None:
            cf = AsyncCloudflare(ACCOUNT, api_token="tok", base_url=server.base, transport=AsyncTransport(http, sleep=sleep))
            with pytest.raises(RemoteError) as e:
                await cf.revoke_stream_key("a1")  # DELETE: retried after timeouts, then given up
            assert e.value.message.endswith("failed after 3 attempt(s): timed out")

        run(slow, timeout=0.2)
        assert [r.method for r in server.requests[3:]] == ["DELETE"] * 3
    finally:
        server.stop()


def test_async_seed_003_against_prism(prism: Prism) -> None:
    async def flow(http: httpx.AsyncClient) -> None:
        cf = AsyncCloudflare(ACCOUNT, api_token="prism-test-token", base_url=prism.base, transport=AsyncTransport(http))
        created = await cf.create_stream_key()
        video = await cf.set_video_require_signed_urls(UID)
        token = created.signer().sign(video.uid)
        assert verify_stream_token(token, created.key.public_key(), video_id=UID)["sub"] == UID
        assert await cf.revoke_stream_key(created.id) == "ok"
        assert (await cf.ensure_signing_key("default", adopt=True)).action == "adopted"
        assert (await cf.stream_token(UID)).token.count(".") == 2

    run(flow)


def test_async_auraimage_against_the_edge(edge: Edge) -> None:
    source = routed({"/a/photo.png": Reply(200, PHOTO_PNG, [("Content-Type", "image/png")]),
                     "/a/text.png": Reply(200, b"x", [("Content-Type", "text/plain")])})
    name = f"async-{os.urandom(4).hex()}"
    try:
        async def flow(http: httpx.AsyncClient) -> None:
            aura = AuraImage(edge.secret_key, edge.project, serve_secret=edge.serve_secret, cdn_url=edge.base,
                             async_transport=AsyncTransport(http))
            up = await aura.upload_async(PHOTO_JPG, "p.jpg", content_type="image/jpeg", name=name)
            assert (up["name"], up["width"]) == (name, 640)
            assert await aura.set_visibility_async(name, "private") == "private"
            assert (await http.get(f"{edge.base}/{edge.project}/{name}")).status_code == 403
            assert (await http.get(aura.get_signed_url(name))).status_code == 200
            got = await aura.upload_from_url_async(f"{source.base}/a/photo.png", name=name + "-u")
            assert got["name"] == name + "-u" and got["height"] == 48
            with pytest.raises(UploadFromUrlError) as e:
                await aura.upload_from_url_async(f"{source.base}/a/text.png")
            assert e.value.kind == "content-type"

        run(flow)
    finally:
        source.stop()
