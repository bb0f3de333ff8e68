"""Threads, test clocks, immutability and secrecy."""

from __future__ import annotations

import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from freezegun import freeze_time

import aura_sign
from aura_sign import AuraImage
from aura_sign.cloudflare import StreamKey, StreamSigner, sign_images_url, verify_images_url, verify_stream_token
from aura_sign.errors import TokenExpired
from aura_sign.keys import generate_stream_key
from aura_sign.server import verify_serve_token, verify_upload_token

SECRET = "sk_live_NEVER_SHOW_THIS_SECRET"
SERVE = "psk_live_NEVER_SHOW_THIS_EITHER"


@pytest.fixture(scope="module")
def aura() -> AuraImage:
    return AuraImage(SECRET, "proj", serve_secret=SERVE, cdn_url="https://cdn.example")


@pytest.fixture(scope="module")
def stream_key(stream_vectors) -> StreamKey:
    k = stream_vectors["keys"][0]
    return StreamKey.from_any(k["formats"]["cf_pem_b64"], key_id=k["id"])


def test_eight_threads_share_one_signer(aura: AuraImage, stream_key: StreamKey) -> None:
    signer = StreamSigner(stream_key)
    names = [f"img-{i}" for i in range(400)]
    expected_urls = [aura.get_signed_url(n, now=1_700_000_000) for n in names]
    expected_tokens = [signer.sign(f"{i:032x}", now=1_700_000_000) for i in range(32)]

    def work(i: int):
        urls = [aura.get_signed_url(n, now=1_700_000_000) for n in names]
        batch = aura.get_signed_urls(names, now=1_700_000_000)
        tokens = [signer.sign(f"{j:032x}", now=1_700_000_000) for j in range(32)]
        return urls, batch, tokens

    with ThreadPoolExecutor(max_workers=8) as pool:
        for urls, batch, tokens in pool.map(work, range(8)):
            assert urls == expected_urls and batch == expected_urls and tokens == expected_tokens
    assert signer.sign_many([f"{i:032x}" for i in range(32)], now=1_700_000_000) == expected_tokens


def test_freezegun_moves_expiry(aura: AuraImage) -> None:
    with freeze_time("2026-01-01 00:00:00") as clock:
        url = aura.get_signed_url("photo", expires_in=60)
        token = url.split("?token=")[1]
        upload = aura.sign_upload(expires_in=60)
        images = sign_images_url("https://imagedelivery.net/h/i/public", "key", expires_in=60)
        assert verify_serve_token(token, SERVE)["f"] == "photo"
        assert verify_upload_token(upload, SECRET)["exp"] == int(time.time()) + 60
        clock.tick(60)
        verify_serve_token(token, SERVE)  # exp == now is still valid
        verify_images_url(images, "key")
        clock.tick(1)
        for check in (lambda: verify_serve_token(token, SERVE), lambda: verify_upload_token(upload, SECRET),
                      lambda: verify_images_url(images, "key")):
            with pytest.raises(TokenExpired):
                check()


def test_stream_expiry_follows_the_python_clock(stream_key: StreamKey) -> None:
    signer = StreamSigner(stream_key)
    with freeze_time("2030-06-01") as clock:
        token = signer.sign("v" * 32, expires_in=120)
        verify_stream_token(token, stream_key.public_key(), video_id="v" * 32)
        clock.tick(120)
        with pytest.raises(TokenExpired):
            verify_stream_token(token, stream_key.public_key(), video_id="v" * 32)


def test_video_id_is_required(stream_key: StreamKey) -> None:
    token = StreamSigner(stream_key).sign("v" * 32)
    with pytest.raises(TypeError):
        verify_stream_token(token, stream_key.public_key())  # type: ignore[call-arg]
    assert verify_stream_token(token, stream_key.public_key(), video_id=None)["sub"] == "v" * 32


def test_secrets_never_shown_and_signers_not_picklable(aura: AuraImage, stream_key: StreamKey) -> None:
    generated = generate_stream_key()
    shown = [repr(aura), str(aura), repr(StreamSigner(stream_key)), repr(stream_key), repr(generated),
             repr(aura_sign.cloudflare.ImagesSigner(SECRET)), repr(aura_sign.jwt.Key.hmac(SECRET + SECRET))]
    for text in shown:
        assert "NEVER_SHOW" not in text and generated.pem not in text and "PRIVATE" not in text, text
    for obj in (aura, StreamSigner(stream_key), stream_key, aura_sign.cloudflare.ImagesSigner(SECRET), aura_sign.keys.KeyRing()):
        with pytest.raises(TypeError):
            pickle.dumps(obj)
    with pytest.raises(AttributeError):
        aura.project_name = "other"  # type: ignore[misc]
    try:
        aura_sign.AuraImage(SECRET, "p", cdn_url="not a url")
    except aura_sign.errors.InvalidInput as e:
        assert SECRET not in str(e) and SECRET not in repr(e)
