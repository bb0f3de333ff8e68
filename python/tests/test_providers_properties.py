"""Per provider: sign → verify accepts; any single changed byte is refused;
expired is refused; the secret never appears in repr; the clock is the
host's (freezegun)."""

from __future__ import annotations

import pickle
import random
from typing import Callable, List

import pytest
from conftest import load
from freezegun import freeze_time

from aura_sign.akamai import EdgeAuth, EdgeAuthVerifier
from aura_sign.bunny import BunnySigner, BunnyVerifier
from aura_sign.errors import AuraError, TokenExpired
from aura_sign.imgix import ImgixClient, ImgixVerifier

NOW = 1_767_225_600
RNG = random.Random(13)


def mutations(text: str, count: int = 60) -> List[str]:
    """Single-byte changes (printable ASCII) at random positions."""
    out = []
    for _ in range(count):
        k = RNG.randrange(len(text))
        c = chr(RNG.choice([b for b in range(0x21, 0x7F) if b != ord(text[k])]))
        out.append(text[:k] + c + text[k + 1:])
    return out


def refused(call: Callable[[], object]) -> bool:
    try:
        call()
    except AuraError:
        return True
    return False


def assert_secret_hidden(obj: object, secret: str) -> None:
    assert secret not in repr(obj) and secret not in str(obj)
    with pytest.raises(TypeError):
        pickle.dumps(obj)


# ---- Akamai -------------------------------------------------------------------

AKAMAI_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.mark.parametrize("style", ["default", "node", "python"])
@pytest.mark.parametrize("algorithm", ["sha256", "sha1", "md5"])
def test_akamai_url_round_trip(style: str, algorithm: str) -> None:
    ea = EdgeAuth(AKAMAI_KEY, algorithm=algorithm, style=style, window_seconds=300, ip="192.0.2.1",  # type: ignore[arg-type]
                  session_id="s1", payload="p")
    v = EdgeAuthVerifier(["00" * 16, AKAMAI_KEY], algorithm=algorithm, style=style)  # type: ignore[arg-type]
    t = ea.sign_url("/videos/a.m3u8?x=1", now=NOW)
    claims = v.verify_url(t.token, "/videos/a.m3u8?x=1", now=NOW, viewer_ip="192.0.2.1")
    assert claims.expires == NOW + 300 and claims.ip == "192.0.2.1"
    assert refused(lambda: v.verify_url(t.token, "/videos/a.m3u8?x=1", now=NOW + 300, viewer_ip="192.0.2.1"))
    with pytest.raises(TokenExpired):
        v.verify_url(t.token, "/videos/a.m3u8?x=1", now=NOW + 300, viewer_ip="192.0.2.1")
    assert refused(lambda: v.verify_url(t.token, "/videos/b.m3u8?x=1", now=NOW, viewer_ip="192.0.2.1"))
    for m in mutations(t.token):
        assert refused(lambda: v.verify_url(m, "/videos/a.m3u8?x=1", now=NOW, viewer_ip="192.0.2.1")), m


def test_akamai_acl_round_trip_and_clock() -> None:
    ea = EdgeAuth(AKAMAI_KEY, start_time="now", window_seconds=60)
    v = EdgeAuthVerifier(AKAMAI_KEY)
    with freeze_time("2026-01-01T00:00:00Z"):
        token = ea.generate_acl_token(["/live/*", "/vod/?.mp4"])
        assert v.verify_acl(token, "/live/x/y.ts").start == NOW
    assert refused(lambda: v.verify_acl(token, "/other", now=NOW))
    with pytest.raises(TokenExpired):
        v.verify_acl(token, "/live/a", now=NOW + 60)
    assert refused(lambda: v.verify_acl(token, "/live/a", now=NOW - 1))  # not yet valid
    for m in mutations(token):
        assert refused(lambda: v.verify_acl(m, "/live/a", now=NOW)), m
    assert_secret_hidden(ea, AKAMAI_KEY)
    assert_secret_hidden(v, AKAMAI_KEY)


# ---- imgix --------------------------------------------------------------------

IMGIX_TOKEN = "FOO123bar"


@pytest.mark.parametrize("style", ["js", "python"])
def test_imgix_round_trip(style: str) -> None:
    c = ImgixClient("demo.imgix.net", IMGIX_TOKEN, style=style)  # type: ignore[arg-type]
    v = ImgixVerifier(["other", IMGIX_TOKEN])
    url = c.build_url("/users/1.png", {"w": 400, "expires": NOW + 60})
    assert v.verify(url, now=NOW).expires == NOW + 60
    with pytest.raises(TokenExpired):
        v.verify(url, now=NOW + 61)
    for m in mutations(url.split("://", 1)[1].split("/", 1)[1]):
        changed = url.split("://", 1)[0] + "://demo.imgix.net/" + m
        assert refused(lambda: v.verify(changed, now=NOW)), changed
    for entry in c.build_srcset("/a.jpg", {"w": 100}).split(",\n"):
        assert v.verify(entry.rsplit(" ", 1)[0], now=NOW)
    assert_secret_hidden(c, IMGIX_TOKEN)
    assert_secret_hidden(v, IMGIX_TOKEN)


# ---- Bunny --------------------------------------------------------------------

BUNNY_KEY = "229248f0-f007-4bf9-ba1f-bbf1b4ad9d40"


@pytest.mark.parametrize("directory", [False, True])
def test_bunny_round_trip(directory: bool) -> None:
    s = BunnySigner(BUNNY_KEY)
    v = BunnyVerifier(["another", BUNNY_KEY])
    signed = s.sign("https://z.b-cdn.net/videos/a.mp4?width=10", expiration_time=120, user_ip="203.0.113.9",
                    countries_allowed="GB", directory=directory, now=NOW)
    assert v.verify(signed.url, now=NOW, viewer_ip="203.0.113.9", viewer_country="GB").expires == NOW + 120
    with pytest.raises(TokenExpired):
        v.verify(signed.url, now=NOW + 121, viewer_ip="203.0.113.9", viewer_country="GB")
    assert refused(lambda: v.verify(signed.url, now=NOW, viewer_ip="203.0.113.10", viewer_country="GB"))
    assert refused(lambda: v.verify(signed.url, now=NOW, viewer_ip="203.0.113.9", viewer_country="FR"))
    prefix = "https://z.b-cdn.net"
    for m in mutations(signed.url[len(prefix):]):
        assert refused(lambda: v.verify(prefix + m, now=NOW, viewer_ip="203.0.113.9", viewer_country="GB")), m
    with freeze_time("2026-01-01T00:00:00Z"):
        assert s.sign("https://z.b-cdn.net/a", expiration_time=10).expires == NOW + 10
    assert_secret_hidden(s, BUNNY_KEY)
    assert_secret_hidden(v, BUNNY_KEY)


# ---- CloudFront ---------------------------------------------------------------

from aura_sign.cloudfront import CloudFrontKey, CloudFrontSigner, CloudFrontVerifier  # noqa: E402


@pytest.mark.parametrize("hash_algorithm", ["SHA1", "SHA256"])
@pytest.mark.parametrize("custom", [False, True])
def test_cloudfront_round_trip(hash_algorithm: str, custom: bool) -> None:
    pem = next(k for k in load("cloudfront.json")["keys"]["rsa"] if k["name"] == "rsa-dev-1")["pkcs1_pem"]
    key = CloudFrontKey.from_pem(pem, "K2JCJMDEHXQW5F", hash_algorithm)
    signer = CloudFrontSigner(key)
    v = CloudFrontVerifier([key.public_key()])
    extra = {"date_greater_than": NOW - 10, "ip_address": "192.0.2.0/24"} if custom else {}
    signed = signer.sign_url("https://d111111abcdef8.cloudfront.net/a b.mp4", date_less_than=NOW + 60, now=NOW, **extra)
    ip = "192.0.2.7" if custom else None
    assert v.verify_url(signed.url, now=NOW, client_ip=ip).canned is not custom
    assert refused(lambda: v.verify_url(signed.url, now=NOW + 60, client_ip=ip))
    with pytest.raises(TokenExpired):
        v.verify_url(signed.url, now=NOW + 60, client_ip=ip)
    for m in mutations(signed.url[len("https://d111111abcdef8.cloudfront.net"):], 30):
        assert refused(lambda: v.verify_url("https://d111111abcdef8.cloudfront.net" + m, now=NOW, client_ip=ip)), m
    cookies = signer.sign_cookies("https://d111111abcdef8.cloudfront.net/a.mp4", date_less_than=NOW + 60, now=NOW).cookies
    assert v.verify_cookies("https://d111111abcdef8.cloudfront.net/a.mp4", cookies, now=NOW)
    assert "PRIVATE" not in repr(key) and pem[40:80] not in repr(key) and pem[40:80] not in repr(signer)
    with pytest.raises(TypeError):
        pickle.dumps(signer)
