"""`pytest python/bench --benchmark-only`: aura-sign beside its Python peers,
same inputs (bench/corpus.json), one run."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse

import pytest

import aura_sign
from aura_sign.cloudflare import StreamKey, StreamSigner, sign_images_url

jwt = pytest.importorskip("jwt")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def pure_python_signed_url(a, name, now):
    """The @auraimage/sdk algorithm in plain Python (hmac + json + base64)."""
    payload = json.dumps({"p": a["project"], "f": name, "exp": now + 3600}, separators=(",", ":"), ensure_ascii=False)
    p64 = b64url(payload.encode())
    sig = b64url(hmac.new(a["serve_secret"].encode(), p64.encode(), hashlib.sha256).digest())
    path = "/".join(urllib.parse.quote(s, safe="-_.!~*'()") for s in name.split("/"))
    return f"{a['cdn_url']}/{a['project']}/{path}?token={p64}.{sig}"


def pure_python_images_url(url, key, expires_in, now):
    """A Python port of the docs Worker (exact for the corpus URL)."""
    parts = urllib.parse.urlsplit(url)
    pairs = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k not in ("exp", "sig")]
    pairs.append(("exp", str(now + expires_in)))
    query = urllib.parse.urlencode(pairs, safe="*", quote_via=urllib.parse.quote_plus)
    sig = hmac.new(key.encode(), f"{parts.path}?{query}".encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, f"{query}&sig={sig}", ""))


@pytest.fixture(scope="module")
def aura(corpus):
    a = corpus["auraimage"]
    return aura_sign.AuraImage(a["secret_key"], a["project"], serve_secret=a["serve_secret"], cdn_url=a["cdn_url"])


@pytest.fixture(scope="module")
def stream(corpus):
    s = corpus["stream"]
    key = StreamKey.from_any(s["key_pkcs8_pem"], key_id=s["key_id"])
    pem = s["key_pkcs8_pem"].encode()
    return s, StreamSigner(key), serialization.load_pem_private_key(pem, password=None), pem


def claims(s, now):
    return {"sub": s["video_id"], "kid": s["key_id"], "exp": now + 3600}


@pytest.mark.benchmark(group="signed_url")
def test_signed_url__aura(benchmark, aura, corpus):
    a, now = corpus["auraimage"], corpus["now"]
    assert aura.get_signed_url(a["name"], now=now) == pure_python_signed_url(a, a["name"], now)
    benchmark(aura.get_signed_url, a["name"], now=now)


@pytest.mark.benchmark(group="signed_url")
def test_signed_url__pure_python(benchmark, corpus):
    benchmark(pure_python_signed_url, corpus["auraimage"], corpus["auraimage"]["name"], corpus["now"])


@pytest.mark.benchmark(group="images_url")
def test_images_url__aura(benchmark, corpus):
    i, now = corpus["images"], corpus["now"]
    assert sign_images_url(i["url"], i["key"], i["expires_in"], now=now) == pure_python_images_url(i["url"], i["key"], i["expires_in"], now)
    benchmark(sign_images_url, i["url"], i["key"], i["expires_in"], now=now)


@pytest.mark.benchmark(group="images_url")
def test_images_url__pure_python(benchmark, corpus):
    i = corpus["images"]
    benchmark(pure_python_images_url, i["url"], i["key"], i["expires_in"], corpus["now"])


@pytest.mark.benchmark(group="stream_token")
def test_stream_token__aura(benchmark, stream, corpus):
    s, signer, key, _ = stream
    now = corpus["now"]
    token = signer.sign(s["video_id"], now=now)
    assert jwt.decode(token, key.public_key(), algorithms=["RS256"], options={"verify_exp": False})["sub"] == s["video_id"]
    benchmark(signer.sign, s["video_id"], now=now)


@pytest.mark.benchmark(group="stream_token")
def test_stream_token__pyjwt_preloaded_key(benchmark, stream, corpus):
    s, _, key, _ = stream
    benchmark(jwt.encode, claims(s, corpus["now"]), key, "RS256", headers={"kid": s["key_id"]})


@pytest.mark.benchmark(group="stream_token_pem_per_call")
def test_stream_token_pem_per_call__aura_text_key(benchmark, stream, corpus):
    s = stream[0]
    benchmark(lambda: StreamSigner(s["key_pkcs8_pem"], key_id=s["key_id"]).sign(s["video_id"], now=corpus["now"]))


@pytest.mark.benchmark(group="stream_token_pem_per_call")
def test_stream_token_pem_per_call__pyjwt_pem_per_call(benchmark, stream, corpus):
    s, _, _, pem = stream
    benchmark.pedantic(jwt.encode, args=(claims(s, corpus["now"]), pem, "RS256"), kwargs={"headers": {"kid": s["key_id"]}}, rounds=5, iterations=1)


@pytest.mark.benchmark(group="signed_urls_10000")
def test_signed_urls__aura_batch(benchmark, aura, corpus):
    names = [f"img/{i}" for i in range(corpus["batch"]["signed_urls"])]
    benchmark(aura.get_signed_urls, names, now=corpus["now"])


@pytest.mark.benchmark(group="signed_urls_10000")
def test_signed_urls__python_loop(benchmark, aura, corpus):
    names = [f"img/{i}" for i in range(corpus["batch"]["signed_urls"])]
    benchmark(lambda: [aura.get_signed_url(n, now=corpus["now"]) for n in names])


@pytest.mark.benchmark(group="stream_sign_many_1000")
def test_sign_many__aura_sign_many(benchmark, stream, corpus):
    s, signer, _, _ = stream
    ids = [f"{i:032x}" for i in range(corpus["batch"]["stream_tokens"])]
    benchmark.pedantic(signer.sign_many, args=(ids,), kwargs={"now": corpus["now"]}, rounds=3, iterations=1)


@pytest.mark.benchmark(group="stream_sign_many_1000")
def test_sign_many__pyjwt_loop(benchmark, stream, corpus):
    s, _, key, _ = stream
    ids = [f"{i:032x}" for i in range(corpus["batch"]["stream_tokens"])]
    now = corpus["now"]
    benchmark.pedantic(lambda: [jwt.encode({"sub": v, "kid": s["key_id"], "exp": now + 3600}, key, "RS256", headers={"kid": s["key_id"]}) for v in ids], rounds=3, iterations=1)
