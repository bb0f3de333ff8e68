"""Hostile inputs at the boundary, through the public API: clocks and second
counts pyo3 would refuse with OverflowError or TypeError, strings it would
refuse with UnicodeEncodeError, panics it would raise as PanicException,
verifiers given no usable secret, and payloads that would recurse forever.
Each is an ``AuraError`` with a stable code, and no message shows a secret."""

from __future__ import annotations

import base64
import json
import math
import re
from typing import Any, Callable, Dict, List

import pytest

import aura_sign
from aura_sign import AuraImage, _native, cloudflare, jwt, keys, server
from aura_sign.cloudflare import StreamSigner, StreamUrls
from aura_sign.errors import AuraError, InternalError, InvalidInput, InvalidSignature

from conftest import ROOT

SECRET = "sk_live_NEVER_SHOW_THIS_SECRET"
SERVE = "psk_live_NEVER_SHOW_THIS_EITHER"
HMAC = "hs_NEVER_SHOW_THIS_HMAC_SECRET_0123456789"
IMAGES_URL = "https://imagedelivery.net/h/i/public"
SAFE = 2**53 - 1

# Not ints within ±(2**53 - 1): every one is invalid_input as `now` or a second count.
HOSTILE: List[Any] = [
    True, False, 0.0, 1.0, 1.5, -0.5, 1700000000.25, math.nan, math.inf, -math.inf, 1e308,
    2**53, -(2**53), 2**63, -(2**63), 2**64, 2**80, -(2**80), 10**400, -(10**400),
]
SURROGATES = ["a\ud800b", "\udfff", "x\ud83d", "\ud83d\ude00"]  # the last: two code points, not an emoji


def invalid(call: Callable[[], Any], what: str = "") -> InvalidInput:
    with pytest.raises(InvalidInput) as e:
        call()
    assert type(e.value) is InvalidInput and e.value.code == "invalid_input"
    assert isinstance(e.value, AuraError) and isinstance(e.value, ValueError)
    if what:
        assert re.match(rf"^\[invalid_input\] {what}\b", str(e.value)), str(e.value)
    return e.value


def b64json(segment: str) -> Dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


@pytest.fixture(scope="module")
def aura() -> AuraImage:
    return AuraImage(SECRET, "p", serve_secret=SERVE, cdn_url="https://cdn.example")


@pytest.fixture(scope="module")
def stream() -> keys.GeneratedStreamKey:
    return keys.generate_stream_key("0123456789abcdef0123456789abcdef")


@pytest.fixture(scope="module")
def hs() -> jwt.Key:
    return jwt.Key.hmac(HMAC, kid="h")


# ---------------------------------------------------------------- panics


def test_a_panic_is_internal_error_not_panic_exception() -> None:
    for detached in (False, True):  # with the GIL held, and released (py.detach)
        with pytest.raises(InternalError) as e:
            _native._panic_for_tests(detached)  # type: ignore[attr-defined]
        assert e.value.code == "internal" and isinstance(e.value, AuraError)
        assert "panic" in e.value.message and "_panic_for_tests" not in e.value.message
    # Hidden: not exported, not in the stubs (stubtest checks those against __all__).
    assert "_panic_for_tests" not in _native.__all__  # type: ignore[attr-defined]
    stub = (ROOT / "python" / "aura_sign" / "_native.pyi").read_text(encoding="utf-8")
    assert "_panic_for_tests" not in stub


def _entry_points(source: str) -> Dict[str, str]:
    """Bodies of every #[pyfunction] and every fn of a #[pymethods] block."""
    bodies: Dict[str, str] = {}
    for m in re.finditer(r"#\[pyfunction\](?:\s*#\[[^\n]*\]|\s*#\[pyo3\((?:[^()]|\([^()]*\))*\)\])*\s*pub fn (\w+)(.*?)\n\}\n", source, re.S):
        bodies[m.group(1)] = m.group(2)
    for block in re.finditer(r"#\[pymethods\]\nimpl (\w+) \{\n(.*?)\n\}\n", source, re.S):
        for m in re.finditer(r"\n    (?:pub )?fn (\w+)(.*?)\n    \}\n", "\n" + block.group(2) + "\n", re.S):
            bodies[f"{block.group(1)}.{m.group(1)}"] = m.group(2)
    return bodies


def test_every_native_entry_point_runs_in_guard() -> None:
    src = ROOT / "bindings" / "python" / "src"
    # The tests live in the repository beside the binding's sources.
    assert src.is_dir(), f"binding sources not found at {src}"
    bodies: Dict[str, str] = {}
    declared = 0
    for path in sorted(src.glob("*.rs")):
        source = path.read_text(encoding="utf-8")
        declared += source.count("#[pyfunction]")
        for block in re.finditer(r"#\[pymethods\]\nimpl \w+ \{\n(.*?)\n\}\n", source, re.S):
            declared += len(re.findall(r"^    (?:pub )?fn ", block.group(1), re.M))
        bodies.update(_entry_points(source))
    assert len(bodies) == declared > 60, sorted(bodies)  # the scan found every entry point
    for name in ("AuraImage.get_signed_url", "KeyRing.add", "verify_stream_token", "_panic_for_tests", "StreamUrls.thumbnail"):
        assert name in bodies
    unguarded = [name for name, body in bodies.items() if "guard(" not in body]
    assert not unguarded, f"entry points whose body is not in errors::guard: {unguarded}"


# ---------------------------------------------------------------- now


def test_now_hostile_numbers_are_invalid_input_everywhere(aura: AuraImage, stream: keys.GeneratedStreamKey, hs: jwt.Key) -> None:
    signer = StreamSigner(stream.key)
    stream_token = signer.sign("v", now=100)
    images = cloudflare.sign_images_url(IMAGES_URL, "key", now=100)
    upload = aura.sign_upload(now=100)
    serve = aura.get_signed_url("a", now=100).split("?token=")[1]
    jwt_token = jwt.encode({"sub": "u", "exp": 200}, hs, "HS256")
    calls: Dict[str, Callable[[Any], Any]] = {
        "get_signed_url": lambda now: aura.get_signed_url("a", now=now),
        "get_signed_urls": lambda now: aura.get_signed_urls(["a"], now=now),
        "sign_upload": lambda now: aura.sign_upload(now=now),
        "visibility_request": lambda now: aura.visibility_request("a", "private", now=now),
        "sign_images_url": lambda now: cloudflare.sign_images_url(IMAGES_URL, "key", now=now),
        "ImagesSigner.sign": lambda now: cloudflare.ImagesSigner("key").sign(IMAGES_URL, 60, now),
        "verify_images_url": lambda now: cloudflare.verify_images_url(images, "key", now=now),
        "StreamSigner.sign": lambda now: signer.sign("v", now=now),
        "StreamSigner.sign_many": lambda now: signer.sign_many(["v"], now=now),
        "verify_stream_token": lambda now: cloudflare.verify_stream_token(stream_token, stream.key, video_id="v", now=now),
        "jwt.decode": lambda now: jwt.decode(jwt_token, hs, ["HS256"], now=now),
        "KeyRing.add": lambda now: keys.KeyRing().add("k", "secret", now=now),
        "KeyRing.rotate": lambda now: keys.KeyRing().rotate("k", "secret", now=now),
        "verify_upload_token": lambda now: server.verify_upload_token(upload, SECRET, now=now),
        "verify_upload_token(resolver)": lambda now: server.verify_upload_token(upload, lambda p: SECRET, now=now),
        "verify_serve_token": lambda now: server.verify_serve_token(serve, SERVE, now=now),
    }
    for name, call in calls.items():
        for now in HOSTILE:
            e = invalid(lambda: call(now), "now")
            assert "must be an int" in e.message or "|now| <= 2^53-1" in e.message, (name, now, e.message)
        for now in ("1700000000", b"1", [1], object()):  # not a number at all: a TypeError, as Python does
            with pytest.raises(TypeError, match="now must be an int"):
                call(now)
        call(100)  # a valid clock still works


def test_now_messages_state_the_rule(aura: AuraImage) -> None:
    assert invalid(lambda: aura.get_signed_url("a", now=True)).message == "now must be an int, not bool"
    assert invalid(lambda: aura.get_signed_url("a", now=math.nan)).message == "now must be an int, not float (got nan)"
    assert invalid(lambda: aura.get_signed_url("a", now=2**80)).message == (
        "now must be an integer number of Unix seconds with |now| <= 2^53-1, got 1.2089258196146292e+24"
    )


def test_now_within_the_bounds_signs_without_wrapping(aura: AuraImage) -> None:
    class NumpyLikeInt:  # __index__ (numpy integers) is an int, as before
        def __index__(self) -> int:
            return 100

    assert aura.get_signed_url("a", now=NumpyLikeInt()) == aura.get_signed_url("a", now=100)  # type: ignore[arg-type]
    for now in (-SAFE, -1, 0):
        assert b64json(aura.sign_upload(now=now).split(".")[0])["exp"] == now + 3600
    for now in (SAFE, -SAFE):  # the extremes sign and verify, no overflow
        assert server.verify_upload_token(aura.sign_upload(now=now), SECRET, now=now)["iat"] == now
    # A serve exp past 2**53 has no exact JS value: refused by the core, never wrapped.
    invalid(lambda: aura.get_signed_url("a", now=SAFE))
    invalid(lambda: aura.get_signed_urls(["a"], now=SAFE))
    bottom = b64json(aura.get_signed_url("a", now=-SAFE).split("?token=")[1].split(".")[0])
    assert -SAFE < bottom["exp"] < -SAFE + 604800 + 1
    assert b64json(aura.get_signed_url("a", now=-3600).split("?token=")[1].split(".")[0]) == {"p": "p", "f": "a", "exp": 0}


# ---------------------------------------------------------------- other second counts


def test_second_counts_by_the_same_rule(stream: keys.GeneratedStreamKey, hs: jwt.Key) -> None:
    signer = StreamSigner(stream.key)
    token = signer.sign("v", now=100)
    jwt_token = jwt.encode({"exp": 200}, hs, "HS256")
    for v in HOSTILE:
        invalid(lambda: cloudflare.sign_images_url(IMAGES_URL, "key", expires_in=v, now=1), "expires_in")
        invalid(lambda: cloudflare.ImagesSigner("key").sign(IMAGES_URL, v, 1), "expires_in")
        invalid(lambda: signer.sign("v", expires_in=v, now=1), "expires_in")
        invalid(lambda: signer.sign_many(["v"], not_before=v, now=1), "not_before")
        invalid(lambda: signer.sign("v", not_before=v, now=1), "not_before")
        invalid(lambda: cloudflare.verify_stream_token(token, stream.key, video_id="v", now=100, leeway=v), "leeway")
        invalid(lambda: jwt.decode(jwt_token, hs, ["HS256"], now=100, leeway=v), "leeway")
    assert "?exp=61&sig=" in cloudflare.sign_images_url(IMAGES_URL, "key", expires_in=60, now=1)
    assert b64json(token.split(".")[1])["exp"] == 3700
    assert cloudflare.verify_stream_token(token, stream.key, video_id="v", now=3705, leeway=10)["sub"] == "v"


def test_auraimage_numbers_keep_their_rules(aura: AuraImage) -> None:
    # expires_in takes fractions (as @auraimage/sdk); bool, NaN, ±inf and ints past 2**53 are refused.
    for v in (True, math.nan, math.inf, -math.inf, 2**80, 2**64, -(2**80), 10**400):
        invalid(lambda: aura.sign_upload(expires_in=v, now=1))
        invalid(lambda: aura.get_signed_url("a", expires_in=v, now=1))
    invalid(lambda: aura.sign_upload(max_size=2**80, now=1))
    invalid(lambda: aura.sign_upload(max_size=True, now=1))
    invalid(lambda: aura_sign.parse_size(2**53 + 1))
    invalid(lambda: aura_sign.build_serve_url(cdn_url="https://cdn.example", project="p", name="n", width=2**80))
    invalid(lambda: aura_sign.build_serve_url(cdn_url="https://cdn.example", project="p", name="n", v=2**80))
    aura.sign_upload(expires_in=1.5, now=1)


def test_whole_numbers_that_would_overflow() -> None:
    urls = StreamUrls()
    for h in (-1, 2**32, 2**80, 1.5, math.nan, True):
        invalid(lambda: urls.thumbnail("tok", "jpg", None, h), "height")
    assert urls.thumbnail("tok", "jpg", None, 240).endswith("height=240")
    for status in (-1, 65536, 2**80, 200.0, True):
        invalid(lambda: aura_sign.parse_set_visibility_response(status, '{"visibility":"private"}'), "status")
    assert aura_sign.parse_set_visibility_response(200, '{"visibility":"private"}') == "private"


# ---------------------------------------------------------------- strings


def test_lone_surrogates_are_invalid_input_naming_the_argument(aura: AuraImage, stream: keys.GeneratedStreamKey, hs: jwt.Key) -> None:
    signer = StreamSigner(stream.key)
    for bad in SURROGATES:
        calls: Dict[str, Callable[[], Any]] = {
            "secret_key": lambda: AuraImage(f"sk{bad}", "p"),
            "project_name": lambda: AuraImage("sk", f"p{bad}"),
            "serve_secret": lambda: AuraImage("sk", "p", serve_secret=bad),
            "cdn_url": lambda: aura.get_signed_url("n", cdn_url=f"https://cdn{bad}", now=1),
            "name": lambda: aura.get_signed_url(bad, now=1),
            "names": lambda: aura.get_signed_urls(["ok", bad], now=1),
            "visibility": lambda: aura.visibility_request("n", bad, now=1),
            "allowed_types": lambda: aura.sign_upload(allowed_types=["image/png", bad], now=1),
            "max_size": lambda: aura.sign_upload(max_size=f"1{bad}mb", now=1),
            "project": lambda: aura_sign.build_serve_url(cdn_url="https://cdn.example", project=bad, name="n"),
            "fit": lambda: aura_sign.build_serve_url(cdn_url="https://cdn.example", project="p", name="n", fit=bad),
            "v": lambda: aura_sign.build_blurhash_url(cdn_url="https://cdn.example", project="p", name="n", v=bad),
            "body": lambda: aura_sign.parse_set_visibility_response(200, bad),
            "payload": lambda: server.sign_upload_token({"a": [1, {"b": bad}]}, "sk"),
            "secret": lambda: server.sign_serve_token({"a": 1}, f"psk{bad}"),
            "token": lambda: server.verify_serve_token(bad, SERVE, now=1),
            "url": lambda: cloudflare.sign_images_url(f"{IMAGES_URL}{bad}", "key", now=1),
            "key": lambda: cloudflare.ImagesSigner(bad),
            "mode": lambda: cloudflare.sign_images_url(IMAGES_URL, "key", now=1, mode=bad),
            "keys": lambda: cloudflare.verify_images_url(IMAGES_URL, ["key", bad], now=1),
            "video_id": lambda: signer.sign(f"v{bad}", now=1),
            "video_ids": lambda: signer.sign_many(["v", bad], now=1),
            "access_rules": lambda: signer.sign("v", now=1, access_rules=[{"type": "ip.geoip.country", "action": "allow", "country": [bad]}]),
            "viewer_country": lambda: cloudflare.verify_stream_token("a.b.c", stream.key, video_id=None, now=1, viewer_country=bad),
            "key_id": lambda: keys.generate_stream_key(bad),
            "text": lambda: cloudflare.StreamKey.from_any(bad),
            "claims": lambda: jwt.encode({"sub": bad}, hs, "HS256"),
            "headers": lambda: jwt.encode({"sub": "u"}, hs, "HS256", headers={bad: 1}),
            "kid": lambda: jwt.Key.hmac(HMAC, kid=bad),
            "algorithms": lambda: jwt.decode("a.b.c", hs, ["HS256", bad], now=1),
            "id": lambda: keys.KeyRing().add(bad, "k", now=1),
            "kind": lambda: keys.generate_secret(bad),
            "format": lambda: StreamUrls().thumbnail("t", format=bad),
            "customer_code": lambda: StreamUrls(bad),
        }
        for what, call in calls.items():
            e = invalid(call, what)
            assert "contains a lone surrogate" in e.message, (what, e.message)
    # The resolver's answer is converted the same way.
    upload = aura.sign_upload(now=1)
    invalid(lambda: server.verify_upload_token(upload, lambda project: [f"sk{SURROGATES[0]}"], now=1), "secret")
    assert "at index 1 " in invalid(lambda: aura.get_signed_url("a\ud800b", now=1)).message


def test_real_text_and_nul_sign(aura: AuraImage, stream: keys.GeneratedStreamKey) -> None:
    assert "/p/a%F0%9F%98%80b?token=" in aura.get_signed_url("a\U0001F600b", now=1)
    # NUL is text: signed (as the JS SDK would, %00 / \u0000), not refused.
    assert "/p/a%00b?token=" in aura.get_signed_url("a\x00b", now=1)
    upload = aura.sign_upload(name="a\x00b", now=1)
    assert server.verify_upload_token(upload, SECRET, now=1)["name"] == "a\x00b"
    token = StreamSigner(stream.key).sign("v\x00", now=1)
    assert cloudflare.verify_stream_token(token, stream.key, video_id="v\x00", now=1)["sub"] == "v\x00"


# ---------------------------------------------------------------- payloads


def test_payloads_that_cannot_be_json() -> None:
    cyclic: Dict[str, Any] = {"a": 1}
    cyclic["self"] = cyclic
    invalid(lambda: server.sign_upload_token(cyclic, "sk"), "payload")
    loop: List[Any] = []
    loop.append(loop)
    invalid(lambda: jwt.encode({"x": loop}, jwt.Key.hmac(HMAC), "HS256"), "claims")
    deep: Any = 1
    for _ in range(200):
        deep = [deep]
    invalid(lambda: server.sign_serve_token({"d": deep}, "psk"), "payload")
    fine: Any = 1
    for _ in range(100):
        fine = [fine]
    server.sign_serve_token({"d": fine}, "psk")
    invalid(lambda: server.sign_upload_token({"n": 10**400}, "sk"), "payload")
    assert b64json(server.sign_upload_token({"n": 2**80}, "sk").split(".")[0]) == {"n": 1.2089258196146292e24}


# ---------------------------------------------------------------- verifiers without a usable secret


def test_verifiers_refuse_empty_secrets_as_invalid_input(aura: AuraImage, stream: keys.GeneratedStreamKey) -> None:
    upload = aura.sign_upload(now=100)
    serve = aura.get_signed_url("n", now=100).split("?token=")[1]
    images = cloudflare.sign_images_url(IMAGES_URL, "key", now=100)
    for secret in ("", [], [""], ["", ""], ()):
        invalid(lambda: server.verify_upload_token(upload, secret, now=100))
        invalid(lambda: server.verify_serve_token(serve, secret, now=100))
        invalid(lambda: server.verify_serve_token("garbage", secret, now=100))  # before the token is read
        invalid(lambda: cloudflare.verify_images_url(images, secret, now=100))
    invalid(lambda: cloudflare.verify_stream_token(StreamSigner(stream.key).sign("v", now=1), [], video_id="v", now=1))
    invalid(lambda: cloudflare.ImagesSigner(""))
    invalid(lambda: jwt.Key.hmac(""))
    invalid(lambda: AuraImage("", "p"))
    # An empty entry beside a real one is skipped; a wrong secret is a refusal, not a misconfiguration.
    assert server.verify_upload_token(upload, ["", SECRET], now=100)["projectName"] == "p"
    assert server.verify_serve_token(serve, ["", SERVE], now=100)["f"] == "n"
    with pytest.raises(InvalidSignature):
        server.verify_upload_token(upload, "wrong", now=100)


# ---------------------------------------------------------------- secrecy


def test_no_exception_shows_a_secret(aura: AuraImage, stream: keys.GeneratedStreamKey) -> None:
    upload = aura.sign_upload(now=100)
    serve = aura.get_signed_url("n", now=100).split("?token=")[1]
    calls: List[Callable[[], Any]] = [
        lambda: AuraImage(SECRET + "\ud800", "p"),
        lambda: AuraImage(SECRET, "p", serve_secret=SERVE + "\udc00"),
        lambda: AuraImage(SECRET, "p", cdn_url="not a url"),
        lambda: AuraImage(SECRET, "p").get_signed_url("n", now=1),  # no serve secret
        lambda: aura.get_signed_url("n", now=2**80),
        lambda: aura.sign_upload(expires_in=math.nan, now=1),
        lambda: server.verify_upload_token(upload, "wrong" + SECRET, now=100),
        lambda: server.verify_upload_token(upload, SECRET, now=10**9),
        lambda: server.verify_upload_token(upload, [SECRET + "\ud800"], now=100),
        lambda: server.verify_upload_token(upload, lambda p: SECRET + "\ud800", now=100),
        lambda: server.verify_serve_token(serve, SERVE, now=100, project="p", name="other"),
        lambda: server.verify_serve_token(serve, "x" + SERVE, now=True),
        lambda: server.sign_upload_token({"a": 10**400}, SECRET),
        lambda: server.sign_serve_token({"a": "\ud800"}, SERVE),
        lambda: cloudflare.sign_images_url(IMAGES_URL, SECRET, now=2**80),
        lambda: cloudflare.sign_images_url("not a url", SECRET, now=1),
        lambda: cloudflare.verify_images_url(IMAGES_URL + "?exp=5&sig=00", [SECRET], now=1),
        lambda: cloudflare.ImagesSigner(SECRET + "\ud800"),
        lambda: cloudflare.StreamKey.from_any(stream.pem[:-40] + SECRET),
        lambda: cloudflare.StreamKey.from_any(SECRET),
        lambda: StreamSigner(SECRET),
        lambda: StreamSigner(stream.key).sign("v", now=1, expires_in=2**80),
        lambda: jwt.Key.hmac(SECRET[:10]),
        lambda: jwt.Key.hmac(HMAC + "\ud800"),
        lambda: jwt.encode({"a": 1}, HMAC, "RS256"),
        lambda: jwt.decode("a.b.c", HMAC, ["HS256"], now=1),
        lambda: jwt.decode(jwt.encode({"exp": 1}, HMAC, "HS256"), HMAC, ["HS256"], now=100, leeway=2**80),
        lambda: keys.KeyRing().add("k", SECRET, now=2**80),
        lambda: _native._panic_for_tests(),  # type: ignore[attr-defined]
    ]
    secrets = (SECRET, SERVE, HMAC, stream.pem, stream.jwk, "NEVER_SHOW")
    for call in calls:
        with pytest.raises(AuraError) as e:
            call()
        exc: BaseException = e.value
        seen = set()
        while exc is not None and id(exc) not in seen:  # the whole chain
            seen.add(id(exc))
            shown = [str(exc), repr(exc), *map(str, exc.args), *getattr(exc, "__notes__", []), str(vars(exc))]
            for text in shown:
                assert not any(s in text for s in secrets), text
            exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
