"""Every Cloudflare operation against Prism serving Cloudflare's OpenAPI
document (tests/reference/cloudflare-openapi-subset.json) with request
validation on, with both auth schemes. Every response is recorded: any
`sl-violations` header (a request that breaks the document) fails the test.
Prism keeps no state and answers the document's examples, so the values
asserted are those examples (see crates/aura-client/tests/cloudflare_prism.rs)."""

from __future__ import annotations

from typing import Iterator, List, Tuple

import httpx
import pytest
from _servers import Prism

from aura_sign.cloudflare import (
    Cloudflare,
    CreatedStreamKey,
    ImagesSigningKey,
    StreamKeyInfo,
    verify_stream_token,
)
from aura_sign.errors import InvalidInput, InvalidResponse, KeyNotFound, RemoteError
from aura_sign.transport import Transport

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
UID = "ea95132c15732412d22c1476fa83f27a"
EXAMPLE_KEY_ID = "023e105f4ecef8ad9ca31a8372d0c353"
EXAMPLE_IMAGES_KEY = "Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5="
LEGACY_KEY = "0123456789abcdef0123456789abcdef01234"


class Seen:
    """Every answer Prism gave: (method, path, status, sl-violations)."""

    def __init__(self) -> None:
        self.answers: List[Tuple[str, str, int, str]] = []

    def hook(self, res: httpx.Response) -> None:
        self.answers.append((res.request.method, res.request.url.path, res.status_code, res.headers.get("sl-violations", "")))

    def violations(self) -> List[Tuple[str, str, int, str]]:
        return [a for a in self.answers if a[3]]


@pytest.fixture()
def seen() -> Iterator[Seen]:
    s = Seen()
    yield s
    assert s.violations() == [], "Prism refused requests that break Cloudflare's document"


def client(prism: Prism, seen: Seen, scheme: str) -> Cloudflare:
    http = httpx.Client(timeout=20, trust_env=False, event_hooks={"response": [seen.hook]})
    transport = Transport(http, jitter=lambda: 0.0)
    if scheme == "bearer":
        return Cloudflare(ACCOUNT, api_token="prism-test-token", base_url=prism.base, transport=transport)
    return Cloudflare(ACCOUNT, email="ops@example.com", api_key=LEGACY_KEY, base_url=prism.base, transport=transport)


@pytest.mark.parametrize("scheme", ["bearer", "legacy"])
def test_images_signing_keys(prism: Prism, seen: Seen, scheme: str) -> None:
    cf = client(prism, seen, scheme)
    keys = cf.list_images_keys()
    assert keys == [ImagesSigningKey("default", EXAMPLE_IMAGES_KEY)]

    adopted = cf.ensure_signing_key("default", adopt=True, delete=False)
    assert adopted.action == "adopted" and adopted.key.value == EXAMPLE_IMAGES_KEY
    with pytest.raises(InvalidInput) as e:  # a live key is never rotated silently
        cf.ensure_signing_key("default")
    assert "rotate" in e.value.message
    with pytest.raises(InvalidInput):
        cf.create_images_key("default")

    rotated = cf.rotate_images_key("default")
    assert rotated.name == "default" and rotated.value == EXAMPLE_IMAGES_KEY
    with pytest.raises(KeyNotFound):
        cf.rotate_images_key("missing")

    # The PUT of a new name passes validation (no sl-violations), but stateless
    # Prism answers the example list, without the new key: the core reads
    # that as an undocumented answer.
    with pytest.raises(InvalidResponse):
        cf.create_images_key("signing2")
    assert ("PUT", f"/accounts/{ACCOUNT}/images/v1/keys/signing2", 200, "") in seen.answers
    with pytest.raises(InvalidResponse):
        cf.ensure_signing_key("signing3")

    assert [k.name for k in cf.delete_images_key("signing2")] == ["default"]
    kept = cf.remove_signing_key("default", delete=False)
    assert (kept.kind, kept.remaining) == ("kept", None)
    deleted = cf.remove_signing_key("default")
    assert deleted.kind == "deleted" and [k.name for k in deleted.remaining or []] == ["default"]
    assert cf.remove_signing_key("missing").kind == "already_gone"
    keys = f"/accounts/{ACCOUNT}/images/v1/keys"
    assert [(m, p) for m, p, _, _ in seen.answers] == [
        ("GET", keys),  # list
        ("GET", keys),  # ensure, adopt
        ("GET", keys),  # ensure, refused: no PUT
        ("GET", keys),  # create an existing name, refused: no PUT
        ("GET", keys), ("PUT", keys + "/default"),  # rotate
        ("GET", keys),  # rotate a missing name: no PUT
        ("GET", keys), ("PUT", keys + "/signing2"),  # create
        ("GET", keys), ("PUT", keys + "/signing3"),  # ensure, create
        ("DELETE", keys + "/signing2"),  # delete
        # remove with delete=False: nothing sent
        ("GET", keys), ("DELETE", keys + "/default"),  # remove
        ("GET", keys),  # remove a missing name: no DELETE
    ]
    assert all(status == 200 for _, _, status, _ in seen.answers)


@pytest.mark.parametrize("scheme", ["bearer", "legacy"])
def test_images_privacy(prism: Prism, seen: Seen, scheme: str) -> None:
    cf = client(prism, seen, scheme)
    details = cf.image_details("img1")
    assert details.filename == "logo.png" and isinstance(details.raw, dict)
    for require in (True, False):
        changed = cf.set_image_require_signed_urls("img1", require)
        assert changed.id == "string", "the document's example id"
    assert [(m, s) for m, _, s, _ in seen.answers] == [("GET", 200), ("PATCH", 200), ("PATCH", 200)]


@pytest.mark.parametrize("scheme", ["bearer", "legacy"])
def test_stream_keys_videos_and_tokens(prism: Prism, seen: Seen, scheme: str) -> None:
    cf = client(prism, seen, scheme)
    created = cf.create_stream_key()
    assert isinstance(created, CreatedStreamKey) and created.id == EXAMPLE_KEY_ID
    signer = created.signer()
    assert signer.key_id == EXAMPLE_KEY_ID
    token = signer.sign(UID, now=1_700_000_000)
    claims = verify_stream_token(token, created.key.public_key(), video_id=UID, now=1_700_000_010)
    assert claims["sub"] == UID and claims["kid"] == EXAMPLE_KEY_ID

    listed = cf.list_stream_keys()
    assert listed[0] == StreamKeyInfo(listed[0].id, listed[0].created, "e9db990a82666dd571c77f944a5c5c8d")
    assert cf.revoke_stream_key(created.id) == "ok"

    video = cf.video_details(UID)
    assert (video.uid, video.state) == (UID, "pendingupload")
    for require in (True, False):
        assert cf.set_video_require_signed_urls(UID, require).uid == UID

    plain = cf.stream_token(UID)
    assert plain.token.startswith("eyJhbGciOiJSUzI1NiIsImtpZCI6ImU5ZGI5OTBh")  # the document's example
    full = cf.stream_token(
        UID,
        signing_key=created,
        exp=1_537_460_365,
        nbf=1_537_453_165,
        downloadable=True,
        access_rules=[
            {"type": "ip.geoip.country", "action": "block", "country": ["US", "MX"]},
            {"type": "ip.src", "action": "allow", "ip": ["93.184.216.0/24", "2400:cb00::/32"]},
            {"type": "any", "action": "block"},
        ],
        original=True,
    )
    assert full.token.count(".") == 2
    cf.stream_token(UID, signing_key=(created.id, created.pem))
    assert len(seen.answers) == 9 and all(s == 200 for _, _, s, _ in seen.answers)


def test_validation_is_on(prism: Prism) -> None:
    """Requests that break the document are refused with 4xx and
    `sl-violations`, and reach the caller as remote_error (so any request of
    ours that broke it would fail the tests above)."""
    with httpx.Client(timeout=20, trust_env=False) as http:
        bad = http.post(f"{prism.base}/accounts/{ACCOUNT}/stream/{UID}",
                        headers={"Authorization": "Bearer t", "Content-Type": "application/json"},
                        content=f'{{"uid":"{UID}","requireSignedURLs":"true"}}')
        assert bad.status_code == 422 and "boolean" in bad.headers["sl-violations"]
        anonymous = http.get(f"{prism.base}/accounts/{ACCOUNT}/images/v1/keys")
        assert anonymous.status_code == 401 and "security" in anonymous.headers["sl-violations"].lower()
    # Prism's `Prefer: code=…` answers a documented error envelope.
    def prefer_404(request: httpx.Request) -> None:
        request.headers["Prefer"] = "code=404"

    http = httpx.Client(timeout=20, trust_env=False, event_hooks={"request": [prefer_404]})
    cf = Cloudflare(ACCOUNT, api_token="t", base_url=prism.base, transport=Transport(http))
    with pytest.raises(RemoteError) as e:
        cf.list_stream_keys()
    assert e.value.status == 404 and e.value.code == "remote_error"
