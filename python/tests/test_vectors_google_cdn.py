"""Every case of tests/vectors/google-cdn.json (Google's Python samples run
with the clock fixed) through aura_sign.google_cdn, with the logic of
crates/aura-core/tests/vectors_google_cdn.rs: the sample's bytes and
string-to-sign, or a refusal by rule; and every reference output through
the verifiers (accepted until Expires, expired after, refused under another
key)."""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Dict, List, Optional, Tuple

from _providers import PASS, Outcome
from conftest import load, tally

from aura_sign.errors import (AccessDenied, AuraError, InvalidInput, InvalidSignature, TokenExpired,
                              TokenNotYetValid, UnknownKeyId)
from aura_sign.google_cdn import (RULE_URL_PREFIX, CloudCdnSigner, CloudCdnVerifier, MediaCdnSigner,
                                  MediaCdnTokenSigner, MediaCdnTokenVerifier, MediaCdnVerifier, Signed)


class NotExpressible(Exception):
    """The case cannot be given to the typed API (a Python type error in the sample)."""


# ---- time: Python `datetime.fromisoformat` of the vectors' strings ------------

def days_from_civil(y: int, m: int, d: int) -> int:
    y = y - 1 if m <= 2 else y
    era = y // 400
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_iso(text: str) -> Tuple[int, int, Optional[int]]:
    """(seconds of the wall-clock time read as UTC, microseconds, UTC offset)."""
    date, rest = text.split("T", 1)
    y, mo, d = (int(x) for x in date.split("-"))
    at = next((k for k, ch in enumerate(rest) if ch in "+-"), None)
    time, offset = (rest, None) if at is None else (rest[:at], rest[at:])
    hms, _, frac = time.partition(".")
    h, mi, s = (int(x) for x in hms.split(":"))
    micros = int((frac or "0").ljust(6, "0")[:6])
    secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s
    off = None
    if offset is not None:
        sign = -1 if offset.startswith("-") else 1
        oh, om = (int(x) for x in offset[1:].split(":")[:2])
        off = sign * (oh * 3600 + om * 60)
    return secs, micros, off


def truncate(secs: int, micros: int) -> int:
    """``int((dt - epoch).total_seconds())``: truncated toward zero."""
    total = secs * 1_000_000 + micros
    return total // 1_000_000 if total >= 0 else -((-total) // 1_000_000)


TZ_OFFSET = {None: 0, "America/New_York": -5 * 3600, "Asia/Kolkata": 5 * 3600 + 1800, "Europe/Berlin": 3600}
"""UTC offset of the zones the vectors use, in January 2026."""

AWARE, NAIVE_UTC, LOCAL = "aware", "naive_utc", "local"


def clock_of(kind: str) -> str:
    if kind in ("cdn_signed_url", "cdn_signed_url_prefix", "cdn_signed_cookie"):
        return AWARE  # cdn/snippets.py after #12704: aware datetimes only
    if kind in ("media_cdn_signed_url", "media_cdn_signed_url_prefix", "media_cdn_signed_cookie"):
        return NAIVE_UTC  # media_cdn/snippets.py: naive datetimes, read as UTC
    return LOCAL  # dualtoken.py: aware, or naive read as local time


def seconds(v: Any, clock: str, tz: Optional[str]) -> int:
    """The Unix seconds the sample computes, or NotExpressible."""
    if not isinstance(v, str):
        raise NotExpressible("an int expiration_time is a Python TypeError; the API takes Unix seconds")
    secs, micros, off = parse_iso(v)
    if clock == AWARE and off is None:
        raise NotExpressible("a naive datetime is a Python TypeError in cdn/snippets.py; the API takes Unix seconds")
    if clock == NAIVE_UTC and off is not None:
        raise NotExpressible("an aware datetime is a Python TypeError in media_cdn/snippets.py; the API takes Unix seconds")
    if off is not None:
        return truncate(secs - off, micros)
    if clock == LOCAL:
        if tz not in TZ_OFFSET:
            raise AssertionError(f"unknown tz {tz}")
        return truncate(secs - TZ_OFFSET[tz], micros)
    return truncate(secs, micros)


def truthy(i: Dict[str, Any], key: str) -> Optional[str]:
    v = i.get(key)
    return v if isinstance(v, str) and v != "" else None


def opt(i: Dict[str, Any], key: str) -> Optional[str]:
    v = i.get(key)
    return v if isinstance(v, str) else None


# ---- signing ----------------------------------------------------------------

def run(kind: str, i: Dict[str, Any]) -> Signed:
    """The case through the API (raises NotExpressible when it cannot be given)."""
    tz, clock = i.get("tz"), clock_of(kind)
    expires = seconds(i["expiration_time"], clock, tz) if "expiration_time" in i else None
    key = i["base64_key"]
    if kind in ("cdn_signed_url", "cdn_signed_url_prefix", "cdn_signed_cookie"):
        c = CloudCdnSigner(i["key_name"], key)
        assert expires is not None
        if kind == "cdn_signed_url":
            return c.sign_url(i["url"], expires=expires)
        if kind == "cdn_signed_url_prefix":
            return c.sign_url_prefix(i["url"], i["url_prefix"], expires=expires)
        return c.sign_cookie(i["url_prefix"], expires=expires)
    if kind.startswith("media_cdn_") and kind != "media_cdn_token":
        m = MediaCdnSigner(i["key_name"], key)
        assert expires is not None
        if kind == "media_cdn_signed_url":
            return m.sign_url(i["url"], expires=expires)
        if kind == "media_cdn_signed_url_prefix":
            return m.sign_url_prefix(i["url"], i["url_prefix"], expires=expires)
        if kind == "media_cdn_signed_cookie":
            return m.sign_cookie(i["url_prefix"], expires=expires)
        assert kind == "media_cdn_path_component", kind
        return m.sign_path_component(i["url_prefix"], i["filename"], expires=expires)
    assert kind == "media_cdn_token", kind
    # The sample's precedence picks one resource: FullPath > PathGlobs > URLPrefix (truthy values only).
    resource: Dict[str, str]
    if truthy(i, "full_path") is not None:
        resource = {"full_path": i["full_path"]}
    elif truthy(i, "path_globs") is not None:
        resource = {"path_globs": i["path_globs"]}
    elif truthy(i, "url_prefix") is not None:
        resource = {"url_prefix": i["url_prefix"]}
    else:
        raise NotExpressible("no resource: the typed API always has one")
    headers: List[Tuple[str, str]] = []
    for h in i.get("headers") or []:
        if not isinstance(h.get("value"), str):
            raise NotExpressible("a header without a value cannot be expressed ((name, value) pairs)")
        headers.append((h["name"], h["value"]))
    starts = seconds(i["start_time"], clock, tz) if "start_time" in i else None
    signer = MediaCdnTokenSigner(key, i["signature_algorithm"])
    return signer.sign(**resource, starts=starts, expires=expires, session_id=opt(i, "session_id"),  # type: ignore[arg-type]
                       data=opt(i, "data"), headers=headers, ip_ranges=opt(i, "ip_ranges"), now=i["now_unix"])


def reference_output(case: Dict[str, Any]) -> Optional[str]:
    out = case.get("output") or {}
    return next((out[k] for k in ("signed_url", "cookie", "token") if isinstance(out.get(k), str)), None)


def compare(case: Dict[str, Any], got: Optional[Signed], err: Optional[BaseException]) -> Outcome:
    want = reference_output(case)
    if want is None:
        return PASS if err is not None else ("failed", f"reference raised {case.get('error')}, Aura signed {got}")
    if got is not None:
        sts = case["output"]["string_to_sign"]
        if got.value == want and got.string_to_sign == sts:
            return PASS
        return ("failed", f"bytes differ:\n  got  {got.value}\n  want {want}\n  got  sts {got.string_to_sign}\n  want sts {sts}")
    if isinstance(err, InvalidInput):
        return ("rejected", err.message)
    return ("failed", f"unexpected error {err!r}")


# ---- verifying the reference outputs ---------------------------------------

# Rust's `str::trim` (Unicode White_Space), which the Rust test uses here.
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"


def rust_trim(t: str) -> str:
    return t.strip(_WHITE_SPACE)


def expires_in(text: str) -> int:
    at = text.rindex("Expires=") + len("Expires=")
    digits = ""
    for ch in text[at:]:
        if not ch.isascii() or not ch.isdigit():
            break
        digits += ch
    return int(digits)


def other_key(key: str, first: str, second: str) -> str:
    """A key of the same kind that is not the case's."""
    return first if key == second else second


def public_key_of(key: str) -> Optional[bytes]:
    try:
        return MediaCdnSigner("k", key).public_key()
    except AuraError:
        return None


def result(call: Callable[[], Any]) -> Any:
    """The value, or the exception (AuraError) raised."""
    try:
        return call()
    except AuraError as e:
        return e


def ok(r: Any) -> bool:
    return not isinstance(r, BaseException)


ED_KEYS = ("vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo=", "X7H4C9FRM1vsvT5B4BsJsFilMitoVru1CmmV5hBFWLQ=")
HMAC_KEYS = ("ZECB2GCGgISWMyGLSM-d6DMUqqSrFqSOsJweQlM6x2k=", "Pi6vwsqGH8AyLx0PDIRpHjS_zhJl-cnJz13UtmqZQ5Q=")
CLOUD_KEYS = ("dDU4lYX-e6nRQowNdmXWJw==", "3Wl6GHS3A1mJZw_RhS8PzQ==")


def verify_reference(kind: str, i: Dict[str, Any], output: str) -> Outcome:
    """Accepted until Expires (or refused by the prefix rule where the URL is
    outside it), expired after, refused under another key."""
    key = i["base64_key"]
    key_name = i.get("key_name") if isinstance(i.get("key_name"), str) else ""
    e = expires_in(output)
    outside = kind in ("cdn_signed_url_prefix", "media_cdn_signed_url_prefix") and \
        not rust_trim(i["url"]).startswith(rust_trim(i["url_prefix"]))
    cookie_url = rust_trim(i["url_prefix"]) + "x" if isinstance(i.get("url_prefix"), str) else None

    def check(f: Callable[[int], Any], other: Any) -> Outcome:
        at = result(lambda: f(e))
        accepted = (ok(at) and not outside) or (
            outside and isinstance(at, AccessDenied) and getattr(at, "rule_index", None) == RULE_URL_PREFIX)
        later = result(lambda: f(e + 1))
        if accepted and isinstance(later, TokenExpired) and isinstance(other, (InvalidSignature, UnknownKeyId)):
            return PASS
        return ("failed", f"verify {output}: at expiry {at!r}, after {later!r}, other key {other!r}")

    if kind in ("cdn_signed_url", "cdn_signed_url_prefix", "cdn_signed_cookie"):
        try:
            v = CloudCdnVerifier([(key_name, key)])
        except AuraError:
            return ("na", "key name refused by rule")
        other = CloudCdnVerifier([(key_name, other_key(key, *CLOUD_KEYS))])
        if kind == "cdn_signed_cookie":
            assert cookie_url is not None
            url = cookie_url
            return check(lambda now: v.verify_cookie(output, url, now=now),
                         result(lambda: other.verify_cookie(output, url, now=e)))
        return check(lambda now: v.verify_url(output, now=now), result(lambda: other.verify_url(output, now=e)))

    if kind == "media_cdn_token":
        if "~Signature=" in output:
            pk, opk = public_key_of(key), public_key_of(other_key(key, *ED_KEYS))
            assert pk is not None and opk is not None
            tv = MediaCdnTokenVerifier(ed25519_public_keys=[pk])
            tother = MediaCdnTokenVerifier(ed25519_public_keys=[opk])
        else:
            tv = MediaCdnTokenVerifier(hmac_keys=[key])
            tother = MediaCdnTokenVerifier(hmac_keys=[other_key(key, *HMAC_KEYS)])
        headers = [(h["name"], h["value"]) for h in i.get("headers") or []]
        full, globs = truthy(i, "full_path"), truthy(i, "path_globs")
        if full is not None:
            path = full
        elif globs is not None:
            path = rust_trim(globs).replace("!", ",").split(",")[0].replace("*", "x")
        else:
            path = "/"
        url = (i.get("url_prefix") if isinstance(i.get("url_prefix"), str) else "") + "x"
        ip = None
        ranges = opt(i, "ip_ranges")
        if ranges is not None:
            first = ranges.split(",")[0].split("/")[0]
            try:
                ipaddress.ip_address(first)
                ip = first
            except ValueError:
                ip = None

        def f(now: int) -> Any:
            return tv.verify(output, url=url, path=path, headers=headers, ip=ip, now=now)

        starts = next((int(x[len("Starts="):]) for x in output.split("~") if x.startswith("Starts=")), None)
        at, later = result(lambda: f(e)), result(lambda: f(e + 1))
        other = result(lambda: tother.verify(output, url=url, path=path, headers=headers, ip=ip, now=e))
        before = result(lambda: f(starts - 1)) if starts is not None and starts > 0 else None
        if ok(at) and isinstance(later, TokenExpired) and isinstance(other, InvalidSignature) and \
                (before is None or isinstance(before, TokenNotYetValid)):
            return PASS
        return ("failed", f"verify {output}: at expiry {at!r}, after {later!r}, other key {other!r}, before start {before!r}")

    public = public_key_of(key)
    if public is None:
        return ("na", "no Ed25519 key")
    try:
        mv = MediaCdnVerifier([(key_name, public)])
    except AuraError:
        return ("na", "key name refused by rule")
    other_public = public_key_of(other_key(key, *ED_KEYS))
    assert other_public is not None
    mother = MediaCdnVerifier([(key_name, other_public)])
    if kind == "media_cdn_signed_cookie":
        assert cookie_url is not None
        url = cookie_url
        return check(lambda now: mv.verify_cookie(output, url, now=now),
                     result(lambda: mother.verify_cookie(output, url, now=e)))
    if kind == "media_cdn_path_component":
        return check(lambda now: mv.verify_path_component(output, now=now),
                     result(lambda: mother.verify_path_component(output, now=e)))
    return check(lambda now: mv.verify_url(output, now=now), result(lambda: mother.verify_url(output, now=e)))


def test_google_cdn_vectors() -> None:
    t = tally("google-cdn.json")
    cases = load("google-cdn.json")["cases"]
    assert len(cases) == 248
    for case in cases:
        cid, kind, i = case["id"], case["kind"], case["input"]
        try:
            got: Optional[Signed] = run(kind, i)
            err: Optional[BaseException] = None
        except NotExpressible as why:
            outcome: Outcome = ("na", str(why)) if "error" in case else \
                ("failed", f"cannot express a case the sample signs: {why}")
            t.record(kind, cid, outcome)
            continue
        except AuraError as e:
            got, err = None, e
        outcome = compare(case, got, err)
        t.record(kind, cid, outcome)
        if outcome[0] == "rejected":
            continue  # what Aura refuses to sign is not expected to verify either
        output = reference_output(case)
        if output is not None:
            o = verify_reference(kind, i, output)
            if o[0] != "na":
                t.record(f"verify.{kind}", cid, o)
    assert sum(k["run"] for k in t.kinds.values()) > 0
    assert not t.failures(), "\n".join(t.failures())
