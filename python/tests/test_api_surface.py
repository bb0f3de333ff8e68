"""The API surface without a server: credentials from the environment, the
native exchange driven by hand (the whole host protocol), and secrecy:
API tokens, Global API keys, Images key values, Stream PEMs/JWKs and
/token tokens never appear in a repr, str or error message."""

from __future__ import annotations

import json
import pickle
from typing import Any, List

import httpx
import pytest

from aura_sign import AuraImage, _native
from aura_sign.cloudflare import (
    Cloudflare,
    CloudflareApi,
    CloudflareAuth,
    CreatedStreamKey,
    EnsuredKey,
    ImagesSigningKey,
    Removal,
    StreamToken,
)
from aura_sign.errors import InternalError, InvalidInput, RemoteError
from aura_sign.keys import generate_stream_key
from aura_sign.transport import Transport, boundary

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "tok-NEVER-SHOW-1"
GLOBAL_KEY = "key-NEVER-SHOW-2"
VALUE = "value-NEVER-SHOW-3"
STREAM_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJORVZFUi1TSE9XIn0.NEVER-SHOW-4"


def ok(result: Any) -> bytes:
    return json.dumps({"success": True, "errors": [], "messages": [], "result": result}).encode()


def outgoing(step: Any) -> _native.Outgoing:
    assert isinstance(step, _native.Outgoing), step
    return step


def done(step: Any) -> _native.Done:
    assert isinstance(step, _native.Done), step
    return step


# ---- credentials ---------------------------------------------------------------------


def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def first_request(cf: Cloudflare) -> _native.Outgoing:
    return outgoing(cf.api.list_images_keys().start())


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    no_env(monkeypatch)
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", ACCOUNT)
    monkeypatch.setenv("CLOUDFLARE_EMAIL", "ops@example.com")
    monkeypatch.setenv("CLOUDFLARE_API_KEY", GLOBAL_KEY)
    legacy = first_request(Cloudflare())
    assert legacy.headers == [("X-Auth-Email", "ops@example.com"), ("X-Auth-Key", GLOBAL_KEY)]
    assert legacy.url == f"https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/keys"

    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", TOKEN)  # a token wins
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", "http://127.0.0.1:4010/")
    bearer = first_request(Cloudflare())
    assert bearer.headers == [("Authorization", f"Bearer {TOKEN}")]
    assert bearer.url.startswith("http://127.0.0.1:4010/accounts/")

    explicit = Cloudflare("0" * 32, api_token="other", base_url="http://127.0.0.1:1")
    assert first_request(explicit).headers == [("Authorization", "Bearer other")]
    assert explicit.api.account_id == "0" * 32


def test_missing_or_mixed_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    no_env(monkeypatch)
    with pytest.raises(InvalidInput) as e:
        Cloudflare(ACCOUNT)
    assert "no Cloudflare credentials" in e.value.message
    monkeypatch.setenv("CLOUDFLARE_EMAIL", "ops@example.com")
    with pytest.raises(InvalidInput) as e:
        Cloudflare(ACCOUNT)
    assert "CLOUDFLARE_API_KEY is not" in e.value.message
    with pytest.raises(InvalidInput) as e:
        Cloudflare(api_token=TOKEN)
    assert "CLOUDFLARE_ACCOUNT_ID" in e.value.message
    with pytest.raises(TypeError):
        Cloudflare(ACCOUNT, api_token=TOKEN, email="ops@example.com")
    for bad in (lambda: Cloudflare("../x", api_token=TOKEN), lambda: Cloudflare(ACCOUNT, api_token=TOKEN + "\n"),
                lambda: Cloudflare(ACCOUNT, api_token=TOKEN, base_url="ftp://x")):
        with pytest.raises(InvalidInput) as e:
            bad()
        assert TOKEN not in str(e.value)


# ---- the native exchange, driven by hand -----------------------------------------------


def test_the_host_protocol_by_hand() -> None:
    api = CloudflareApi(ACCOUNT, CloudflareAuth.api_token(TOKEN), "http://127.0.0.1:9")
    ex = api.create_stream_key()
    with pytest.raises(InvalidInput):  # reporting before start
        ex.receive(200, [], b"", 0, 0.0)
    first = outgoing(ex.start())
    assert (first.method, first.body, first.delay_ms, first.timeout_ms) == ("POST", b"{}", 0, None)
    assert first.headers == [("Authorization", f"Bearer {TOKEN}"), ("Content-Type", "application/json")]
    again = outgoing(ex.receive(429, [("retry-after", "2")], b"", 0, 0.5))
    assert again.delay_ms == 2000 and again.url == first.url
    again = outgoing(ex.fail("not_sent", "connection refused", 0, 0.0))
    with pytest.raises(RemoteError) as e:
        ex.fail("lost", "reset", 0, 0.0)
    assert e.value.status == 0 and "failed after 3 attempt(s): reset" in e.value.message
    with pytest.raises(InvalidInput):
        api.list_stream_keys().fail("exploded", "x", 0, 0.0)

    kept = done(api.remove_signing_key("prod", delete=False).start())
    assert kept.kind == "removed" and kept.answer == Removal("kept")

    aura = AuraImage("sk_live_x", "demo", cdn_url="http://127.0.0.1:9")
    fetch = outgoing(aura._inner.upload_from_url_exchange("http://src.test/a.png", 0, "B", timeout_ms=1500).start())
    assert (fetch.method, fetch.url, fetch.timeout_ms, fetch.headers) == ("GET", "http://src.test/a.png", 1500, [])
    up = outgoing(aura._inner.upload_exchange(b"\x89PNG", "a.png", "image/png", 0, boundary()).start())
    assert up.method == "POST" and up.url == "http://127.0.0.1:9/v1/upload"
    assert [k for k, _ in up.headers] == ["X-Aura-Signature", "Content-Type"]
    assert dict(up.headers)["Content-Type"].startswith("multipart/form-data; boundary=aura-")


def test_hostile_reports_are_refused_by_rule() -> None:
    api = CloudflareApi(ACCOUNT, CloudflareAuth.api_token(TOKEN), "http://127.0.0.1:9")
    ex = api.list_images_keys()
    ex.start()
    for status in (-1, 65536, 2**80):
        with pytest.raises(InvalidInput):
            ex.receive(status, [], b"", 0, 0.0)
    for now in (True, 1.5, 2**80):
        with pytest.raises(InvalidInput):
            ex.receive(200, [], b"", now, 0.0)
    with pytest.raises(InvalidInput):
        ex.receive(200, [("X-A", "a\ud800b")], b"", 0, 0.0)
    with pytest.raises(TypeError):
        ex.receive(200, "Retry-After: 1", b"", 0, 0.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ex.receive(200, [], "body", 0, 0.0)  # type: ignore[arg-type]
    # NaN or out-of-range jitter is clamped by the core's rule, never a crash.
    again = outgoing(ex.receive(503, [], b"", 0, float("nan")))
    assert again.delay_ms == 0
    with pytest.raises(InvalidInput):
        api.stream_token("ea95132c15732412d22c1476fa83f27a", key_id="k" * 32)  # a pem is needed too


def test_boundaries_are_random_and_plain() -> None:
    seen = {boundary() for _ in range(50)}
    assert len(seen) == 50
    assert all(b.replace("-", "").replace("_", "").isalnum() and b.isascii() for b in seen)


def test_an_answer_of_another_kind_is_an_internal_error() -> None:
    api = CloudflareApi(ACCOUNT, CloudflareAuth.api_token(TOKEN), "http://127.0.0.1:9")
    ex = api.remove_signing_key("prod", delete=False)  # done at once, no request
    with pytest.raises(InternalError):
        Transport(httpx.Client(trust_env=False)).run(ex, "images_keys")


# ---- secrecy -----------------------------------------------------------------------------


def answers() -> List[Any]:
    """Every secret-holding answer, made through the native conversion."""
    api = CloudflareApi(ACCOUNT, CloudflareAuth.legacy("ops@example.com", GLOBAL_KEY), "http://127.0.0.1:9")
    k = generate_stream_key("5213cfa121f70b8c1380686ffc371ba3")
    got = []
    for ex, body in [
        (api.list_images_keys(), ok({"keys": [{"name": "prod", "value": VALUE}]})),
        (api.ensure_signing_key("prod", adopt=True), ok({"keys": [{"name": "prod", "value": VALUE}]})),
        (api.create_stream_key(), ok({"id": k.id, "pem": k.pem, "jwk": k.jwk, "created": "2024-01-01T00:00:00Z"})),
        (api.stream_token("ea95132c15732412d22c1476fa83f27a"), ok({"token": STREAM_TOKEN})),
    ]:
        ex.start()
        got.append(done(ex.receive(200, [], body, 0, 0.0)).answer)
    removal = api.remove_signing_key("prod")
    removal.start()
    removal.receive(200, [], ok({"keys": [{"name": "prod", "value": VALUE}]}), 0, 0.0)
    got.append(done(removal.receive(200, [], ok({"keys": [{"name": "default", "value": VALUE}]}), 0, 0.0)).answer)
    return got + [k]


def test_secrets_never_show() -> None:
    keys, ensured, created, token, removed, generated = answers()
    assert isinstance(keys[0], ImagesSigningKey) and keys[0].value == VALUE
    assert isinstance(ensured, EnsuredKey) and ensured.key.value == VALUE
    assert isinstance(created, CreatedStreamKey) and created.pem == generated.pem and created.jwk == generated.jwk
    assert isinstance(token, StreamToken) and token.token == STREAM_TOKEN
    assert isinstance(removed, Removal) and removed.remaining is not None and removed.remaining[0].value == VALUE

    auth = CloudflareAuth.api_token(TOKEN)
    api = CloudflareApi(ACCOUNT, CloudflareAuth.legacy("ops@example.com", GLOBAL_KEY))
    cf = Cloudflare(ACCOUNT, api_token=TOKEN, transport=Transport(httpx.Client(trust_env=False)))
    ex = api.list_images_keys()
    step = ex.start()
    ex2 = cf.api.list_images_keys()
    step2 = ex2.start()
    shown = [repr(o) for o in (keys, ensured, created, token, removed, auth, api, cf, cf.api, ex, step, step2, cf.transport)]
    shown += [str(o) for o in (keys[0], ensured, created, token, removed, auth, api, cf, step)]
    for text in shown:
        for secret in (TOKEN, GLOBAL_KEY, VALUE, "NEVER-SHOW", generated.pem[:40], generated.jwk[:40]):
            assert secret not in text, text
    assert "ops@example.com" in repr(api) or "legacy" in repr(api)
    assert "Authorization" in repr(step2) and "X-Auth-Key" in repr(step)

    for obj in (keys[0], ensured, created, token, removed, cf):
        with pytest.raises(TypeError):
            pickle.dumps(obj)
    with pytest.raises(AttributeError):
        cf.x = 1  # type: ignore[attr-defined]


def test_errors_do_not_quote_credentials() -> None:
    for make in (lambda: CloudflareAuth.api_token(TOKEN + " x"), lambda: CloudflareAuth.legacy("a@b.c", GLOBAL_KEY + "\n")):
        with pytest.raises(InvalidInput) as e:
            make()
        assert "NEVER-SHOW" not in str(e.value) and "NEVER-SHOW" not in repr(e.value)
