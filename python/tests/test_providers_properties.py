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


# ---- Google Cloud CDN / Media CDN -----------------------------------------------

from aura_sign.errors import AccessDenied, InvalidInput, TokenNotYetValid  # noqa: E402
from aura_sign.google_cdn import (RULE_PATH, RULE_URL_PREFIX, CloudCdnSigner, CloudCdnVerifier,  # noqa: E402
                                  MediaCdnSigner, MediaCdnTokenSigner, MediaCdnTokenVerifier, MediaCdnVerifier)

CLOUD_CDN_KEY = "nZtRohdNF9m3cKM24IcK4w=="
MEDIA_CDN_SEED = "BxwXXNjeGaoWqjr7GHEymRJkP4SaOC12dTGixk7Yr8I="
ORIGIN = "https://media.example.com"


def test_cloud_cdn_round_trip() -> None:
    s = CloudCdnSigner("my-key", CLOUD_CDN_KEY)
    v = CloudCdnVerifier({"old-key": "dDU4lYX-e6nRQowNdmXWJw==", "my-key": CLOUD_CDN_KEY})
    url = s.sign_url(f"{ORIGIN}/videos/a.mp4?w=1", expires=NOW + 60).value
    assert v.verify_url(url, now=NOW).expires == NOW + 60
    assert v.verify_url(url, now=NOW + 60).key_name == "my-key"  # valid while now <= Expires
    with pytest.raises(TokenExpired):
        v.verify_url(url, now=NOW + 61)
    for m in mutations(url[len(ORIGIN):]):
        assert refused(lambda: v.verify_url(ORIGIN + m, now=NOW)), m
    prefixed = s.sign_url_prefix(f"{ORIGIN}/videos/a.mp4", f"{ORIGIN}/videos/", expires=NOW + 60).value
    assert v.verify_url(prefixed, now=NOW).url_prefix == f"{ORIGIN}/videos/"
    with pytest.raises(TokenExpired):
        v.verify_url(prefixed, now=NOW + 61)
    outside = s.sign_url_prefix(f"{ORIGIN}/films/a.mp4", f"{ORIGIN}/videos/", expires=NOW + 60).value
    with pytest.raises(AccessDenied) as denied:
        v.verify_url(outside, now=NOW)
    assert denied.value.rule_index == RULE_URL_PREFIX  # type: ignore[attr-defined]
    cookie = s.sign_cookie(f"{ORIGIN}/videos/", expires=NOW + 60).value
    assert cookie.startswith("Cloud-CDN-Cookie=")
    assert v.verify_cookie(cookie, f"{ORIGIN}/videos/b.mp4", now=NOW).expires == NOW + 60
    with pytest.raises(TokenExpired):
        v.verify_cookie(cookie, f"{ORIGIN}/videos/b.mp4", now=NOW + 61)
    assert refused(lambda: v.verify_cookie(cookie, f"{ORIGIN}/films/b.mp4", now=NOW))
    for m in mutations(cookie[len("Cloud-CDN-Cookie="):]):
        assert refused(lambda: v.verify_cookie(m, f"{ORIGIN}/videos/b.mp4", now=NOW)), m
    with pytest.raises(InvalidInput):
        CloudCdnSigner("my key&x", CLOUD_CDN_KEY)  # a key name the edge cannot split
    with pytest.raises(InvalidInput):
        s.sign_url(f"{ORIGIN}/a", expires=-1)
    assert_secret_hidden(s, CLOUD_CDN_KEY)
    assert_secret_hidden(v, CLOUD_CDN_KEY)


def test_media_cdn_round_trip() -> None:
    s = MediaCdnSigner("edge-key", MEDIA_CDN_SEED)
    v = MediaCdnVerifier([("edge-key", s.public_key())])
    assert len(s.public_key()) == 32
    whole = s.sign_url(f"{ORIGIN}/live/a.m3u8", expires=NOW + 30).value
    prefixed = s.sign_url_prefix(f"{ORIGIN}/live/a.m3u8", f"{ORIGIN}/live/", expires=NOW + 30).value
    # A prefix signature covers its policy, not the URL in front of it (any URL under the prefix).
    for url, signed_from in ((whole, len(ORIGIN)), (prefixed, prefixed.index("?URLPrefix="))):
        assert v.verify_url(url, now=NOW).expires == NOW + 30
        with pytest.raises(TokenExpired):
            v.verify_url(url, now=NOW + 31)
        for m in mutations(url[signed_from:]):
            assert refused(lambda: v.verify_url(url[:signed_from] + m, now=NOW)), m
    assert v.verify_url(prefixed.replace("/a.m3u8", "/b.m3u8"), now=NOW).url_prefix == f"{ORIGIN}/live/"
    path = s.sign_path_component(f"{ORIGIN}/live/", "seg-1.ts", expires=NOW + 30).value
    assert v.verify_path_component(path, now=NOW).url_prefix == f"{ORIGIN}/live/"
    with pytest.raises(TokenExpired):
        v.verify_path_component(path, now=NOW + 31)
    for m in mutations(path[len(ORIGIN):path.rindex("/")]):
        assert refused(lambda: v.verify_path_component(ORIGIN + m + "/seg-1.ts", now=NOW)), m
    cookie = s.sign_cookie(f"{ORIGIN}/live/", expires=NOW + 30).value
    assert MediaCdnVerifier({"edge-key": s.public_key()}).verify_cookie(cookie, f"{ORIGIN}/live/x", now=NOW)
    with pytest.raises(TokenExpired):
        v.verify_cookie(cookie, f"{ORIGIN}/live/x", now=NOW + 31)
    assert_secret_hidden(s, MEDIA_CDN_SEED)


@pytest.mark.parametrize("algorithm", ["ed25519", "sha1", "sha256"])
def test_media_cdn_token_round_trip(algorithm: str) -> None:
    s = MediaCdnTokenSigner(MEDIA_CDN_SEED, algorithm)  # type: ignore[arg-type]
    pk = s.public_key()
    v = MediaCdnTokenVerifier(ed25519_public_keys=[pk]) if pk else MediaCdnTokenVerifier(hmac_keys=[MEDIA_CDN_SEED])
    token = s.sign(path_globs="/live/*.m3u8,/live/*.ts", starts=NOW - 5, expires=NOW + 30, session_id="s1",
                   headers=[("User-Agent", "player")], ip_ranges="203.0.113.0/24", now=NOW).value
    req = {"path": "/live/x/seg.ts", "headers": {"user-agent": "player"}, "ip": "203.0.113.9"}
    grant = v.verify(token, now=NOW, **req)  # type: ignore[arg-type]
    assert (grant.starts, grant.expires, grant.session_id, grant.header_names) == (NOW - 5, NOW + 30, "s1", ["User-Agent"])
    with pytest.raises(TokenExpired):
        v.verify(token, now=NOW + 31, **req)  # type: ignore[arg-type]
    with pytest.raises(TokenNotYetValid):
        v.verify(token, now=NOW - 6, **req)  # type: ignore[arg-type]
    with pytest.raises(AccessDenied) as denied:
        v.verify(token, now=NOW, **{**req, "path": "/vod/a.ts"})  # type: ignore[arg-type]
    assert denied.value.rule_index == RULE_PATH  # type: ignore[attr-defined]
    assert refused(lambda: v.verify(token, now=NOW, **{**req, "ip": "198.51.100.1"}))  # type: ignore[arg-type]
    assert refused(lambda: v.verify(token, now=NOW, **{**req, "headers": {"user-agent": "other"}}))  # type: ignore[arg-type]
    for m in mutations(token):
        assert refused(lambda: v.verify(m, now=NOW, **req)), m  # type: ignore[arg-type]
    with freeze_time("2026-01-01T00:00:00Z"):  # expires defaults to now + 1 hour, the host clock
        live = s.sign(url_prefix=f"{ORIGIN}/live/").value
        assert v.verify(live, url=f"{ORIGIN}/live/a").expires == NOW + 3600
    with pytest.raises(InvalidInput):
        s.sign(full_path="/a~b", expires=NOW + 30, now=NOW)
    with pytest.raises(TypeError):
        s.sign(expires=NOW + 30, now=NOW)  # no resource
    assert_secret_hidden(s, MEDIA_CDN_SEED)
    assert_secret_hidden(v, MEDIA_CDN_SEED)


# ---- Mux ----------------------------------------------------------------------

from aura_sign.errors import WrongImage, WrongVideo  # noqa: E402
from aura_sign.mux import MuxPublicKey, MuxSigner, MuxVerifier  # noqa: E402

MUX_KEY = next(k for k in load("mux.json")["keys"] if k["name"] == "rsa-A")
MUX_KID = MUX_KEY["key_id"]


@pytest.mark.parametrize("type", ["video", "thumbnail", "gif", "storyboard", "stats", "drm_license"])
def test_mux_round_trip(type: str) -> None:
    s = MuxSigner(MUX_KID, MUX_KEY["base64_pkcs1_pem"])
    v = MuxVerifier([MuxPublicKey.from_any(MUX_KEY["public_spki_pem"], MUX_KID)])
    pid = f"playback{type}"
    token = s.sign_playback_id(pid, type=type, expiration="1h", params={"time": 5}, now=NOW)  # type: ignore[arg-type]
    claims = v.verify_playback(token, pid, type=type, now=NOW)  # type: ignore[arg-type]
    assert (claims["sub"], claims["exp"], claims["time"], claims["kid"]) == (pid, NOW + 3600, 5, MUX_KID)
    with pytest.raises(TokenExpired):
        v.verify_playback(token, pid, type=type, now=NOW + 3600)  # type: ignore[arg-type]
    with pytest.raises(WrongVideo):
        v.verify_playback(token, "other", type=type, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(WrongImage):  # a valid token for another type
        v.verify_playback(token, pid, type="gif" if type != "gif" else "video", now=NOW)
    for m in mutations(token, 40):
        assert refused(lambda: v.verify_playback(m, pid, type=type, now=NOW)), m  # type: ignore[arg-type]


def test_mux_viewer_counts_multi_and_clock() -> None:
    s = MuxSigner(MUX_KID, MUX_KEY["pkcs8_pem"])
    v = MuxVerifier(s)
    counts = s.sign_viewer_counts("live1", type="live_stream", expiration=60, now=NOW)
    assert v.verify_viewer_counts(counts, "live1", type="live_stream", now=NOW)["aud"] == "live_stream_id"
    with pytest.raises(TokenExpired):
        v.verify_viewer_counts(counts, "live1", type="live_stream", now=NOW + 60)
    many = s.sign_playback_id("p", type=["video", ("thumbnail", {"time": 3})], now=NOW)
    assert list(many) == ["playback-token", "thumbnail-token"]
    assert v.verify_playback(many["thumbnail-token"], "p", type="thumbnail", now=NOW)["time"] == 3
    drm = s.sign_drm_license("p", now=NOW)
    assert v.verify_playback(drm, "p", type="drm_license", now=NOW)["aud"] == "d"
    with freeze_time("2026-01-01T00:00:00Z"):  # the host clock when `now` is absent; default 7 days
        assert v.verify_playback(s.sign_playback_id("p"), "p")["exp"] == NOW + 7 * 86400
    with pytest.raises(InvalidInput):
        s.sign_playback_id("")
    with pytest.raises(InvalidInput):
        s.sign_playback_id("p", type="toString")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        s.sign_playback_id("p", expiration="soon")
    with pytest.raises(InvalidInput):
        MuxVerifier([])
    assert_secret_hidden(s, MUX_KEY["pkcs8_pem"].splitlines()[1])
    assert_secret_hidden(s, MUX_KEY["base64_pkcs1_pem"][:40])
    assert "MuxSigner(key_id=" in repr(s) and MUX_KID in repr(s)


def test_google_and_mux_reprs_hide_keys() -> None:
    hmac = MediaCdnTokenSigner(CLOUD_CDN_KEY, "sha256")
    objects = [
        (CloudCdnSigner("my-key", CLOUD_CDN_KEY), 'CloudCdnSigner(key_name="my-key", key=<redacted>)', CLOUD_CDN_KEY),
        (CloudCdnVerifier({"my-key": CLOUD_CDN_KEY}), "CloudCdnVerifier(keys=<redacted>)", CLOUD_CDN_KEY),
        (MediaCdnSigner("edge-key", MEDIA_CDN_SEED), 'MediaCdnSigner(key_name="edge-key", key=<redacted>)', MEDIA_CDN_SEED),
        (MediaCdnTokenSigner(MEDIA_CDN_SEED), 'MediaCdnTokenSigner(algorithm="ed25519", key=<redacted>)', MEDIA_CDN_SEED),
        (hmac, 'MediaCdnTokenSigner(algorithm="sha256", key=<redacted>)', CLOUD_CDN_KEY),
        (MediaCdnTokenVerifier(hmac_keys=[CLOUD_CDN_KEY]), "MediaCdnTokenVerifier(keys=<redacted>)", CLOUD_CDN_KEY),
        (MuxSigner(MUX_KID, MUX_KEY["base64_pkcs1_pem"]), f'MuxSigner(key_id="{MUX_KID}", <private key>)',
         MUX_KEY["base64_pkcs1_pem"][:40]),
    ]
    for obj, want, secret in objects:
        assert repr(obj) == want
        assert_secret_hidden(obj, secret)
    assert "PRIVATE" not in repr(MuxVerifier(MuxSigner(MUX_KID, MUX_KEY["pkcs1_pem"])))
