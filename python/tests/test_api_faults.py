"""The Cloudflare calls against a scripted local server (stdlib http.server):
rate limits (Retry-After in seconds and as an HTTP date), 5xx, a response
slower than the timeout, malformed JSON, success:false envelopes. Each test
asserts the method, path, headers and body of every request and the number
of attempts. Sleeps are injected and recorded, so nothing waits for real;
every decision (retry or not, how long) is the core's."""

from __future__ import annotations

import json
from typing import Iterator, List, Optional, Sequence, Tuple

import httpx
import pytest
from _servers import LocalServer, Recorded, Reply, closed_port, scripted

from aura_sign.cloudflare import Cloudflare
from aura_sign.errors import InvalidInput, InvalidResponse, RemoteError
from aura_sign.keys import generate_stream_key
from aura_sign.transport import Transport

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "tok-SECRET-MARK"
KID = "5213cfa121f70b8c1380686ffc371ba3"
UID = "ea95132c15732412d22c1476fa83f27a"
HTTP_DATE = "Sun, 06 Nov 1994 08:49:37 GMT"  # RFC 9110's example
HTTP_DATE_UNIX = 784_111_777
NOW = 1_700_000_000
JSON_TYPE = ("Content-Type", "application/json")

BEARER = ("authorization", f"Bearer {TOKEN}")
JSON = ("content-type", "application/json")
# What httpx adds on its own besides the headers a test names.
TRANSPORT_HEADERS = {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}


def ok(result: str) -> bytes:
    return f'{{"success":true,"errors":[],"messages":[],"result":{result}}}'.encode()


def failure(*errors: Tuple[int, str]) -> bytes:
    items = ",".join(json.dumps({"code": c, "message": m}) for c, m in errors)
    return f'{{"success":false,"errors":[{items}],"messages":[],"result":null}}'.encode()


def reply(status: int, body: bytes, *headers: Tuple[str, str], delay: float = 0.0) -> Reply:
    return Reply(status, body, [JSON_TYPE, *headers], delay=delay)


def keys_json(*names: str) -> bytes:
    return ok(json.dumps({"keys": [{"name": n, "value": f"value-of-{n}"} for n in names]}))


def path(rest: str) -> str:
    return f"/accounts/{ACCOUNT}/{rest}"


def assert_request(rec: Recorded, method: str, where: str, headers: Sequence[Tuple[str, str]], body: bytes = b"") -> None:
    """Method, path and body exactly; each named header exactly; no header
    beyond those and the transport's own."""
    assert (rec.method, rec.path) == (method, where), rec
    assert rec.body == body, rec.body
    for k, v in headers:
        assert rec.header(k) == v, f"{method} {where}: header {k}"
    named = {k for k, _ in headers}
    extra = [k for k, _ in rec.headers if k not in named and k not in TRANSPORT_HEADERS]
    assert extra == [], f"{method} {where}: unexpected headers {extra}"
    if body:
        assert rec.header("content-length") == str(len(body))


class Setup:
    def __init__(self) -> None:
        self.sleeps: List[float] = []
        self.servers: List[LocalServer] = []
        self.clients: List[httpx.Client] = []

    def server(self, *replies: Reply) -> LocalServer:
        s = scripted(list(replies))
        self.servers.append(s)
        return s

    def cloudflare(self, server_base: str, *, timeout: float = 5.0, now: int = NOW,
                   api_token: Optional[str] = TOKEN, legacy: Optional[Tuple[str, str]] = None) -> Cloudflare:
        http = httpx.Client(timeout=timeout, trust_env=False)
        self.clients.append(http)
        transport = Transport(http, sleep=self.sleeps.append, jitter=lambda: 0.0, clock=lambda: now)
        if legacy is not None:
            return Cloudflare(ACCOUNT, email=legacy[0], api_key=legacy[1], base_url=server_base, transport=transport)
        return Cloudflare(ACCOUNT, api_token=api_token, base_url=server_base, transport=transport)


@pytest.fixture()
def setup() -> Iterator[Setup]:
    s = Setup()
    try:
        yield s
    finally:
        for c in s.clients:
            c.close()
        for server in s.servers:
            server.stop()


# ---- rate limits ------------------------------------------------------------------


def test_post_is_retried_after_429_with_retry_after_seconds(setup: Setup) -> None:
    k = generate_stream_key(KID)
    created = json.dumps({"created": "2014-01-02T02:20:00Z", "id": KID, "jwk": k.jwk, "pem": k.pem})
    server = setup.server(reply(429, failure((10000, "Rate limited")), ("Retry-After", "1")), reply(200, ok(created)))
    key = setup.cloudflare(server.base).create_stream_key()
    assert key.id == KID and key.pem == k.pem and key.key.modulus_sha256 == k.key.modulus_sha256
    assert setup.sleeps == [1.0], "Retry-After: 1 honoured (through the injected sleep)"
    assert len(server.requests) == 2, "attempts"
    for r in server.requests:
        assert_request(r, "POST", path("stream/keys"), [BEARER, JSON], b"{}")


def test_get_is_retried_after_429_with_retry_after_date(setup: Setup) -> None:
    server = setup.server(reply(429, failure((10000, "Rate limited")), ("Retry-After", HTTP_DATE)),
                          reply(200, keys_json("default")))
    cf = setup.cloudflare(server.base, now=HTTP_DATE_UNIX - 1)  # the date is 1 s after the clock
    keys = cf.list_images_keys()
    assert [(k.name, k.value) for k in keys] == [("default", "value-of-default")]
    assert setup.sleeps == [1.0], "waited until the date"
    assert len(server.requests) == 2
    for r in server.requests:
        assert_request(r, "GET", path("images/v1/keys"), [BEARER])


def test_persistent_429_gives_up_after_three_attempts(setup: Setup) -> None:
    server = setup.server(*[reply(429, failure((10000, "Rate limited")), ("Retry-After", "0"))] * 3)
    with pytest.raises(RemoteError) as e:
        setup.cloudflare(server.base).stream_token(UID)
    assert (e.value.status, e.value.codes, e.value.message) == (429, [10000], "10000: Rate limited")
    assert len(server.requests) == 3
    for r in server.requests:
        assert_request(r, "POST", path(f"stream/{UID}/token"), [BEARER, JSON], b"{}")


# ---- server errors ----------------------------------------------------------------


def test_get_500_then_200_is_retried(setup: Setup) -> None:
    server = setup.server(Reply(500, b"<html>internal error</html>", [("Content-Type", "text/html")]),
                          reply(200, ok('[{"id":"a1","created":"2014-01-02T02:20:00Z"}]')))
    keys = setup.cloudflare(server.base).list_stream_keys()
    assert [(k.id, k.created, k.key_id) for k in keys] == [("a1", "2014-01-02T02:20:00Z", None)]
    assert setup.sleeps == [], "jitter 0: the backoff is 0 ms, so no sleep"
    assert len(server.requests) == 2
    for r in server.requests:
        assert_request(r, "GET", path("stream/keys"), [BEARER])


def test_post_that_failed_with_500_is_not_repeated(setup: Setup) -> None:
    server = setup.server(reply(500, failure((10002, "Internal error"))), reply(200, ok("{}")))
    with pytest.raises(RemoteError) as e:
        setup.cloudflare(server.base).create_stream_key()
    assert (e.value.status, e.value.codes, e.value.message) == (500, [10002], "10002: Internal error")
    assert len(server.requests) == 1, "a second POST could leave a second key behind"
    assert_request(server.requests[0], "POST", path("stream/keys"), [BEARER, JSON], b"{}")


def test_a_response_slower_than_the_timeout(setup: Setup) -> None:
    # A GET is retried after a timeout (3 attempts), a POST is not (it may have been acted on).
    server = setup.server(*[reply(200, keys_json("default"), delay=2.0)] * 3)
    cf = setup.cloudflare(server.base, timeout=0.2)
    with pytest.raises(RemoteError) as e:
        cf.list_images_keys()
    assert e.value.status == 0 and e.value.codes == []
    assert e.value.message == f"GET http://{server.base[7:]}{path('images/v1/keys')} failed after 3 attempt(s): timed out"
    assert len(server.requests) == 3
    for r in server.requests:
        assert_request(r, "GET", path("images/v1/keys"), [BEARER])

    post = setup.server(reply(200, ok("{}"), delay=2.0))
    with pytest.raises(RemoteError) as e:
        setup.cloudflare(post.base, timeout=0.2).set_video_require_signed_urls(UID, True)
    assert e.value.message.endswith("failed after 1 attempt(s): timed out")
    assert len(post.requests) == 1
    assert_request(post.requests[0], "POST", path(f"stream/{UID}"), [BEARER, JSON],
                   f'{{"uid":"{UID}","requireSignedURLs":true}}'.encode())


def test_an_unsent_post_is_retried(setup: Setup) -> None:
    # Nothing listens: the request was never sent, so even a POST is tried 3 times.
    cf = setup.cloudflare(f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(RemoteError) as e:
        cf.create_stream_key()
    assert e.value.status == 0 and "failed after 3 attempt(s)" in e.value.message


# ---- answers the core refuses -----------------------------------------------------------


def test_malformed_json_is_invalid_response(setup: Setup) -> None:
    server = setup.server(reply(200, b'{"success":true,"result":'))
    with pytest.raises(InvalidResponse) as e:
        setup.cloudflare(server.base).video_details(UID)
    assert e.value.code == "invalid_response"
    assert len(server.requests) == 1
    assert_request(server.requests[0], "GET", path(f"stream/{UID}"), [BEARER])


@pytest.mark.parametrize("status,code,text", [(403, 5403, "Images is not enabled for this account"),
                                              (404, 5404, "Image not found"),
                                              (400, 10000, "Authentication error")])
def test_success_false_envelopes(setup: Setup, status: int, code: int, text: str) -> None:
    server = setup.server(reply(status, failure((code, text))))
    with pytest.raises(RemoteError) as e:
        setup.cloudflare(server.base).set_image_require_signed_urls("img/1", True)
    assert (e.value.code, e.value.status, e.value.codes) == ("remote_error", status, [code])
    assert e.value.message == f"{code}: {text}" and str(e.value) == f"[remote_error] {code}: {text}"
    assert len(server.requests) == 1
    assert_request(server.requests[0], "PATCH", path("images/v1/img%2F1"), [BEARER, JSON], b'{"requireSignedURLs":true}')


def test_success_false_with_a_200_and_several_codes(setup: Setup) -> None:
    server = setup.server(reply(200, failure((5403, "not enabled"), (10000, "Authentication error"))))
    with pytest.raises(RemoteError) as e:
        setup.cloudflare(server.base).list_images_keys()
    assert (e.value.status, e.value.codes) == (200, [5403, 10000])
    assert e.value.message == "5403: not enabled; 10000: Authentication error"


# ---- sequences and the legacy scheme ---------------------------------------------------


def test_ensure_creates_a_missing_key_with_legacy_credentials(setup: Setup) -> None:
    server = setup.server(reply(200, keys_json("default")), reply(200, keys_json("default", "prod")))
    cf = setup.cloudflare(server.base, legacy=("ops@example.com", "key-SECRET-MARK"))
    ensured = cf.ensure_signing_key("prod")
    assert (ensured.action, ensured.key.name, ensured.key.value) == ("created", "prod", "value-of-prod")
    legacy = [("x-auth-email", "ops@example.com"), ("x-auth-key", "key-SECRET-MARK")]
    get, put = server.requests
    assert_request(get, "GET", path("images/v1/keys"), legacy)
    assert_request(put, "PUT", path("images/v1/keys/prod"), legacy)
    assert get.header("authorization") is None


def test_removal_after_a_5404_counts_as_gone(setup: Setup) -> None:
    server = setup.server(reply(200, keys_json("default", "prod")), reply(404, failure((5404, "Key not found"))))
    removal = setup.cloudflare(server.base).remove_signing_key("prod")
    assert (removal.kind, removal.remaining) == ("already_gone", None)
    get, delete = server.requests
    assert_request(get, "GET", path("images/v1/keys"), [BEARER])
    assert_request(delete, "DELETE", path("images/v1/keys/prod"), [BEARER])


def test_bad_arguments_send_nothing(setup: Setup) -> None:
    server = setup.server()
    cf = setup.cloudflare(server.base)
    for call in (lambda: cf.ensure_signing_key("not a name"), lambda: cf.video_details("../x"),
                 lambda: cf.stream_token(UID, exp=10, nbf=20)):
        with pytest.raises(InvalidInput):
            call()
    assert server.requests == []
