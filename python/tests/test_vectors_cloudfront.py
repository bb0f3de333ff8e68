"""Every case of tests/vectors/cloudfront.json through aura_sign.cloudfront,
case for case as crates/aura-core/tests/vectors_cloudfront.rs (and
node/test/cloudfront.test.mjs):

- JS kinds (``url_*``, ``cookies_*``) in the ``aws-js`` style and botocore
  kinds (``botocore_url_*``, ``policy_json``) in the ``botocore`` style: the
  reference bytes, or a typed error by rule (listed with the reason);
- ``default`` on every JS case: the ``aws-js`` bytes, or ``invalid_input``
  by rule;
- PKCS#1 v1.5 is deterministic, so the signature must equal the
  reference's; ``finish`` with the reference signature gives the same bytes
  as ``sign``;
- the verifier on every reference output; ``differences`` in both styles;
  each ``regression_history`` entry: ``default`` returns exactly the URL it
  signed."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from _providers import PASS, Outcome
from conftest import VECTORS, load, tally

from aura_sign.cloudfront import (CloudFrontKey, CloudFrontPublicKey, CloudFrontSigner, CloudFrontVerifier,
                                  SignedCookies, SignedUrl, UnsignedCookies, UnsignedUrl, VerifiedAccess,
                                  build_policy, epoch_seconds_from_js_millis)
from aura_sign.errors import AuraError, InvalidInput, InvalidSignature

FILE_NAME = "cloudfront.json"
SHA256 = "dd17fdf82006590694bb3c4da161893163bd5a567a2b4d6de90ddf4b9f5b487a"
FILE = load(FILE_NAME)
Unsigned = Union[UnsignedUrl, UnsignedCookies]


# ---- inputs -------------------------------------------------------------------

def key_entry(name: str) -> Dict[str, Any]:
    return next(k for k in FILE["keys"]["rsa"] if k["name"] == name)


def private_text(spec: Dict[str, Any]) -> str:
    """The PEM text a case hands its signer (``*_buffer`` is the same PEM as a Buffer)."""
    if "literal" in spec:
        return spec["literal"]
    fmt = spec["format"]
    fmt = fmt[: -len("_buffer")] if fmt.endswith("_buffer") else fmt
    return key_entry(spec["key"])[fmt]


def public(name: str, key_pair_id: str) -> CloudFrontPublicKey:
    return CloudFrontPublicKey.from_pem(key_entry(name)["public_spki_pem"], key_pair_id)


def days_from_civil(y: int, m: int, d: int) -> int:
    y = y - 1 if m <= 2 else y
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def num(s: str) -> Optional[int]:
    return int(s) if s and all("0" <= c <= "9" for c in s) else None


def offset_seconds(s: str) -> Optional[int]:
    """``±HH:MM`` in seconds."""
    if not s or s[0] not in "+-":
        return None
    sign = 1 if s[0] == "+" else -1
    h, sep, m = s[1:].partition(":")
    hn, mn = num(h), num(m)
    if not sep or hn is None or mn is None:
        return None
    return sign * (hn * 3600 + mn * 60)


def iso_parts(s: str) -> Optional[Tuple[int, int, str]]:
    """(seconds of the wall-clock date-time, fraction in microseconds, the
    rest after the seconds) for ``YYYY-MM-DDTHH:MM:SS[.f…]rest``."""
    date, sep, time = s.partition("T")
    if not sep:
        return None
    d = date.split("-")
    if len(d) != 3:
        return None
    y, mo, da = num(d[0]), num(d[1]), num(d[2])
    if y is None or mo is None or da is None:
        return None
    hms, rest = time[:8], time[8:]
    t = hms.split(":")
    if len(t) != 3:
        return None
    h, mi, se = num(t[0]), num(t[1]), num(t[2])
    if h is None or mi is None or se is None:
        return None
    wall = days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60 + se
    micros = 0
    if rest.startswith("."):
        f = rest[1:]
        digits = len(f) - len(f.lstrip("0123456789"))
        frac = f[:digits][:6].ljust(6, "0")
        n = num(frac)
        if n is None:
            return None
        micros, rest = n, f[digits:]
    return wall, micros, rest


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def js_parse_date(s: str, tz: Optional[str]) -> float:
    """``Date.parse(s)`` for the forms in the file (ISO date, ISO date-time
    with ``Z``, an offset or none = local time, RFC 1123); NaN otherwise."""

    def local_offset(wall: int) -> int:
        if tz in (None, "UTC"):
            return 0
        if tz == "America/New_York":
            # EST (UTC−5) outside daylight time; the file uses January only.
            month = int((wall // 86_400) / 30.44) % 12
            assert not 2 <= month <= 10, "harness knows New York winter time only"
            return -5 * 3600
        raise AssertionError(f"harness does not know TZ {tz}")

    parts = iso_parts(s)
    if parts is not None:
        wall, micros, rest = parts
        if rest == "Z":
            offset = 0
        elif rest == "":
            offset = local_offset(wall)
        else:
            o = offset_seconds(rest)
            if o is None:
                return float("nan")
            offset = o
        return float((wall - offset) * 1000) + float(micros // 1000)
    d = s.split("-")
    if len(d) == 3 and len(d[0]) == 4 and len(d[1]) == 2 and len(d[2]) == 2:
        y, m, da = num(d[0]), num(d[1]), num(d[2])
        if y is not None and m is not None and da is not None:
            return float(days_from_civil(y, m, da) * 86_400_000)  # date-only = UTC
    w = s.split(" ")
    if len(w) == 6 and w[5] == "GMT" and w[2] in MONTHS:
        p = iso_parts(f"{w[3]}-{MONTHS.index(w[2]) + 1:02}-{w[1]}T{w[4]}")
        if p is not None and p[1] == 0 and p[2] == "":
            return float(p[0] * 1000)
    return float("nan")


def js_date_ms(v: Any, tz: Optional[str]) -> float:
    """``new Date(x).getTime()`` for a case's date input."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    if isinstance(v, str):
        return js_parse_date(v, tz)
    if isinstance(v, dict) and "Date" in v:
        return v["Date"]
    raise AssertionError(f"date input {v!r}")


def botocore_seconds(v: Any) -> Optional[int]:
    """botocore: ``int(datetime2timestamp(datetime.fromisoformat(s)))``,
    naive = UTC, truncated toward zero; ``None`` for a non-string."""
    if not isinstance(v, str):
        return None
    parts = iso_parts(v)
    assert parts is not None, f"ISO date {v}"
    wall, micros, rest = parts
    offset = 0 if rest == "" else offset_seconds(rest)
    assert offset is not None
    total = (wall - offset) * 1_000_000 + micros
    return total // 1_000_000 if total >= 0 else -((-total) // 1_000_000)


# ---- outputs ------------------------------------------------------------------

def cf_decode(text: str) -> bytes:
    return base64.b64decode(text.replace("-", "+").replace("_", "=").replace("~", "/"))


def reference_signature(out: Dict[str, Any]) -> bytes:
    """The ``Signature`` of a reference URL (or cookie), decoded."""
    if "signed_url" in out:
        part = next(p for p in re.split(r"[?&]", out["signed_url"]) if p.startswith("Signature="))
        return cf_decode(part[len("Signature="):])
    return cf_decode(out["cookies"]["CloudFront-Signature"])


def cookies_json(c: SignedCookies) -> Dict[str, Any]:
    return {k: int(v) if k == "CloudFront-Expires" else v for k, v in c.cookies.items()}


def signature_name(hash_algorithm: str) -> str:
    return "RSA-SHA256" if hash_algorithm == "SHA256" else "RSA-SHA1"


def complete(u: Unsigned, signature: Optional[bytes]) -> Tuple[Any, str, str]:
    """(output in the reference's terms, policy, hash): signed with the key, or finished with ``signature``."""
    r = u.sign() if signature is None else u.finish(signature)
    if isinstance(r, SignedUrl):
        return r.url, r.policy, u.hash_algorithm
    return cookies_json(r), r.policy, u.hash_algorithm


def reference_output(out: Dict[str, Any]) -> Any:
    return out["signed_url"] if "signed_url" in out else out["cookies"]


Prepared = Tuple[Optional[Unsigned], Optional[BaseException]]


def attempt(call: Callable[[], Unsigned]) -> Prepared:
    try:
        return call(), None
    except AuraError as e:
        return None, e


def compare(prepared: Prepared, case: Dict[str, Any], by_rule: Callable[[BaseException], Optional[str]]) -> Outcome:
    """Our result against the reference's, for a style that must give its bytes."""
    u, err = prepared
    ref_error = case.get("error")
    if err is not None:
        if ref_error is not None:
            return PASS
        reason = by_rule(err)
        return ("rejected", reason) if reason else ("failed", f"refused with {err!r}, reference produced output")
    assert u is not None
    if ref_error is not None:
        return ("failed", f"prepared what the reference refuses ({ref_error}): policy {u.policy!r}")
    out = case["output"]
    ref_sig = reference_signature(out)
    try:
        finished: Any = complete(u, ref_sig)
    except AuraError as e:
        finished = e
    try:
        output, policy, hash_algorithm = complete(u, None)
    except AuraError as e:
        return ("failed", f"signing failed: {e!r}")
    ours = {"signed_url": output} if isinstance(output, str) else {"cookies": output}
    if reference_signature(ours) != ref_sig:
        return ("failed", f"{signature_name(hash_algorithm)} signature differs from the reference's (PKCS#1 v1.5 is deterministic)")
    if policy != out["policy"]:
        return ("failed", f"policy {policy!r} != reference {out['policy']!r}")
    if "sign_alg" in out and out["sign_alg"] != signature_name(hash_algorithm):
        return ("failed", f"hash {signature_name(hash_algorithm)} != reference {out['sign_alg']}")
    if output != reference_output(out):
        return ("failed", f"output {output} != reference {reference_output(out)}")
    if isinstance(finished, InvalidSignature):
        return ("failed", "the reference signature does not verify over our policy bytes")
    if isinstance(finished, BaseException):
        return ("failed", f"finish failed: {finished!r}")
    if finished[0] != output:
        return ("failed", f"finish(reference signature) gave {finished[0]} but sign() {output}")
    return PASS


# ---- cases --------------------------------------------------------------------

def is_cookies(kind: str) -> bool:
    return kind.startswith("cookies")


def prepare_js(case: Dict[str, Any], style: str) -> Unsigned:
    """A JS case through a signer of ``style``."""
    i = case["input"]
    # the JS signer: any other value, or none, is SHA-1
    hash_algorithm = "SHA256" if i.get("algorithm") == "SHA256" else "SHA1"
    key_pair_id = i["keyPairId"] if isinstance(i.get("keyPairId"), str) else ""
    key = CloudFrontKey.from_pem(private_text(i["privateKey"]), key_pair_id, hash_algorithm)
    signer = CloudFrontSigner(key, style)  # type: ignore[arg-type]
    now = i["now_ms"] // 1000
    tz = i.get("tz")
    url = i["url"] if isinstance(i.get("url"), str) else None
    cookies = is_cookies(case["kind"])
    policy = i.get("policy")
    if isinstance(policy, str) and policy != "":
        if cookies:
            return signer.prepare_cookies_with_policy(policy, now=now)
        return signer.prepare_url_with_policy(url, policy, now=now)
    # JS treats a missing dateLessThan exactly as a falsy one ("Invalid policy").
    dlt = 0 if "dateLessThan" not in i else epoch_seconds_from_js_millis(js_date_ms(i["dateLessThan"], tz))
    dgt = None
    if "dateGreaterThan" in i:
        try:  # an invalid dateGreaterThan is silently dropped by the JS signer
            dgt = epoch_seconds_from_js_millis(js_date_ms(i["dateGreaterThan"], tz))
        except InvalidInput:
            dgt = None
    ip = i["ipAddress"] if isinstance(i.get("ipAddress"), str) else None
    target = url if url is not None else ""  # a missing url is falsy in JS too
    if cookies:
        return signer.prepare_cookies(target, date_less_than=dlt, date_greater_than=dgt, ip_address=ip, now=now)
    return signer.prepare_url(target, date_less_than=dlt, date_greater_than=dgt, ip_address=ip, now=now)


def aws_js_rule(e: BaseException) -> Optional[str]:
    """Errors the ``aws-js`` style may raise where the JS signer produced output."""
    if isinstance(e, AuraError) and e.code == "unsupported_key_type" and "encrypted" in e.message:
        return ("encrypted PEM keys are refused (unsupported_key_type): no PBES2 / legacy PEM decryption in "
                "the core; decrypt the key first")
    if isinstance(e, InvalidInput) and e.message.startswith("key pair id"):
        return ("a key pair id is required (invalid_input): the JS signer drops Key-Pair-Id when it is "
                "undefined, and CloudFront cannot verify such a URL or cookie")
    return None


def default_rule(e: BaseException) -> Optional[str]:
    """``default`` refuses only with ``invalid_input`` (its rules) or the ``aws-js`` rules."""
    r = aws_js_rule(e)
    if r is None and isinstance(e, InvalidInput):
        return f"default: {e.message}"
    return r


def no_rule(e: BaseException) -> Optional[str]:
    return None


BOTH_OR_NEITHER = ("botocore's both-or-neither ValueError: date_less_than and policy are separate methods of the "
                   "typed API")
INT_DATE = "a Python int where a datetime is required (AttributeError): the typed API takes i64 seconds"


def botocore_conditions(b: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    dlt = botocore_seconds(b.get("date_less_than"))
    if dlt is None:
        return None
    dgt = None
    if b.get("date_greater_than") is not None:
        dgt = botocore_seconds(b["date_greater_than"])
        if dgt is None:
            return None
    ip = b["ip_address"] if isinstance(b.get("ip_address"), str) else None
    return {"date_less_than": dlt, "date_greater_than": dgt, "ip_address": ip}


def botocore_plan(i: Dict[str, Any]) -> Tuple[str, Any]:
    """("na", why) | ("canned", seconds) | ("policy", text)."""
    d, p, b = "date_less_than" in i, "policy" in i, "build_policy" in i
    if (d and b) or (d and p) or not (d or p or b):
        return "na", BOTH_OR_NEITHER
    if d:
        n = botocore_seconds(i["date_less_than"])
        return ("na", INT_DATE) if n is None else ("canned", n)
    if p:
        return "policy", i["policy"]
    c = botocore_conditions(i["build_policy"])
    if c is None:
        return "na", INT_DATE
    return "policy", build_policy(i["build_policy"]["resource"], style="botocore", **c)


def run_botocore(case: Dict[str, Any]) -> Outcome:
    i = case["input"]
    plan, value = botocore_plan(i)
    if plan == "na":
        return ("na", value) if "error" in case else ("failed", f"not expressible but the reference signed: {value}")

    def prepare() -> Unsigned:
        key = CloudFrontKey.from_pem(private_text(i["private_key"]), i["key_id"], "SHA1")
        signer = CloudFrontSigner(key, "botocore")
        now = i["now_ms"] // 1000
        if plan == "canned":
            return signer.prepare_url(i["url"], date_less_than=value, now=now)
        return signer.prepare_url_with_policy(i["url"], value, now=now)

    return compare(attempt(prepare), case, no_rule)


def run_policy_json(case: Dict[str, Any]) -> Outcome:
    b = case["input"]["build_policy"]
    c = botocore_conditions(b)
    if c is None:
        return ("na", INT_DATE) if "error" in case else ("failed", "date not expressible")
    ours = build_policy(b["resource"], style="botocore", **c)
    return PASS if ours == case["output"]["policy"] else ("failed", f"{ours!r} != {case['output']['policy']!r}")


# ---- verifier -------------------------------------------------------------------

VERIFIER = CloudFrontVerifier([
    public("rsa-dev-1", "K2JCJMDEHXQW5F"),
    public("rsa-dev-2", "APKAEIBAERJR2EXAMPLE"),
    public("rsa-dev-1", "K+/=&x y"),
])


def dig(v: Any, *path: Union[str, int]) -> Any:
    """``v[p0][p1]…`` as serde_json indexes: ``None`` where a step is missing."""
    for p in path:
        if isinstance(p, int):
            v = v[p] if isinstance(v, list) and len(v) > p else None
        else:
            v = v.get(p) if isinstance(v, dict) else None
    return v


def strict_json(text: str) -> Any:
    def no_constant(name: str) -> Any:
        raise ValueError(name)  # serde_json reads no NaN / Infinity
    return json.loads(text, parse_constant=no_constant)


def verify_options(policy: str, now: int) -> Dict[str, Any]:
    """A time inside the reference policy's window and a viewer inside its
    ``IpAddress``, read from the reference policy independently of the library."""
    o: Dict[str, Any] = {"now": now, "client_ip": None}
    try:
        v = strict_json(policy)
    except ValueError:
        return o
    cond = dig(v, "Statement", 0, "Condition")
    start = dig(cond, "DateGreaterThan", "AWS:EpochTime")
    if isinstance(start, int) and not isinstance(start, bool) and -2**63 <= start < 2**63:
        o["now"] = start + 1
    ip = dig(cond, "IpAddress", "AWS:SourceIp")
    if isinstance(ip, str):
        first = ip.split("/")[0]
        try:
            ipaddress.ip_address(first)
            o["client_ip"] = first
        except ValueError:
            pass
    return o


NEVER_VALID = "DateGreaterThan after DateLessThan: never valid"
NO_CONDITION = "policy without Condition/DateLessThan, signed as given"
NOT_JSON = "policy `not json at all`, signed as given"
AFTER_FRAGMENT = "botocore appends the parameters after the fragment, which is never sent"
EXPECTED_REFUSALS: Dict[str, Tuple[str, str]] = {
    "cf-004": ("expired", "Expires=1767830: seconds passed where JS takes milliseconds"),
    "cf-014": ("expired", "Expires=-1"),
    "cf-159": ("expired", "Expires=0 (botocore truncates 1969-12-31T23:59:59.5 toward zero)"),
    "cf-097": ("expired", NEVER_VALID), "cf-217": ("expired", NEVER_VALID), "cf-220": ("expired", NEVER_VALID),
    "cf-233": ("expired", NEVER_VALID), "cf-235": ("expired", NEVER_VALID), "cf-239": ("expired", NEVER_VALID),
    "cf-074": ("malformed", "no Key-Pair-Id (keyPairId undefined)"),
    "cf-144": ("malformed", "no CloudFront-Key-Pair-Id (keyPairId undefined)"),
    "cf-169": ("malformed", "botocore writes the key id `K+/=&x y` raw, which splits the query"),
    "cf-164": ("malformed", AFTER_FRAGMENT), "cf-diff-011/botocore": ("malformed", AFTER_FRAGMENT),
    "cf-100": ("malformed", "AWS:SourceIp ` 1.2.3.4/32` (JS keeps the leading space)"),
    "cf-101": ("malformed", "AWS:SourceIp `01.002.3.4/08` (leading zeros: octal or decimal?)"),
    "cf-102": ("malformed", "AWS:SourceIp `0x7f.1e0.0.1/-0` (JS Number() syntax)"),
    "cf-180": ("malformed", "AWS:SourceIp `not-an-ip/32` (botocore validates nothing)"),
    "cf-124": ("malformed", NO_CONDITION), "cf-125": ("malformed", NO_CONDITION), "cf-126": ("malformed", NO_CONDITION),
    "cf-127": ("malformed", NO_CONDITION), "cf-185": ("malformed", NO_CONDITION), "cf-186": ("malformed", NO_CONDITION),
    "cf-128": ("malformed", NOT_JSON), "cf-153": ("malformed", NOT_JSON), "cf-187": ("malformed", NOT_JSON),
    "cf-123": ("wrong_image", "explicit policy for /vidéo/日本/* on a URL for /a.mp4"),
}


def check_verdict(cid: str, got: Any, policy: str) -> Outcome:
    expected = EXPECTED_REFUSALS.get(cid)
    if isinstance(got, VerifiedAccess):
        if expected is not None:
            return ("failed", f"accepted; expected {expected[0]}: {expected[1]}")
        return PASS if got.policy == policy else ("failed", f"verified another policy {got.policy!r}")
    if expected is not None and got.code == expected[0]:
        return ("rejected", f"{expected[0]}: {expected[1]}")
    return ("failed", f"refused: {got!r}")


def verify_reference(t: Any, kind: str, cid: str, out: Dict[str, Any], now: int) -> None:
    policy = out["policy"]
    o = verify_options(policy, now)
    got: Any
    try:
        if "signed_url" in out:
            got = VERIFIER.verify_url(out["signed_url"], now=o["now"], client_ip=o["client_ip"])
        else:
            cookies = out["cookies"]
            pairs = [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in cookies.items() if v is not None]
            # The request: a canned policy's resource exactly; for a custom
            # one, a URL its pattern covers (each `*` standing for "x").
            canned = "CloudFront-Expires" in cookies
            try:
                r = dig(strict_json(policy), "Statement", 0, "Resource")
            except ValueError:
                r = None
            resource = (r if canned else r.replace("*", "x")) if isinstance(r, str) else ""
            got = VERIFIER.verify_cookies(resource, pairs, now=o["now"], client_ip=o["client_ip"])
    except AuraError as e:
        got = e
    t.record(kind, cid, check_verdict(cid, got, policy))


# ---- regression history ---------------------------------------------------------

def whatwg_unchanged(url: str) -> bool:
    """Whether a WHATWG URL parser (``new URL(u).href``; Rust's ``url``
    crate) serialises an http(s) URL to the same text. Conservative: any
    character or form it would rewrite (non-ASCII, space or control
    characters, characters of the path / special-query / fragment
    percent-encode sets, an upper-case scheme or host, a default port, dot
    segments, a backslash, an empty path) answers False."""
    m = re.fullmatch(r"(https?)://([^/?#\\]*)(.*)", url, flags=re.S)
    if m is None:
        return False
    scheme, host, rest = m.groups()
    if not re.fullmatch(r"[a-z0-9.-]+(:[0-9]+)?", host):
        return False
    if host.endswith({"http": ":80", "https": ":443"}[scheme]):
        return False
    if not rest.startswith("/") or any(not 0x21 <= ord(c) <= 0x7E for c in rest) or "\\" in rest:
        return False
    rest, _, fragment = rest.partition("#")
    path, _, query = rest.partition("?")
    if any(c in '"<>`{}^' for c in path) or any(c in "\"<>'" for c in query) or any(c in '"<>`' for c in fragment):
        return False
    dots = {".", "..", "%2e", ".%2e", "%2e.", "%2e%2e"}
    return not any(seg.lower() in dots for seg in path.split("/")[1:])


def regression(case: Dict[str, Any]) -> Outcome:
    """``default`` (with a SHA-256 key, so it can sign here) on a regression
    input: refused by rule, or a URL whose bytes without CloudFront's
    parameters are exactly the signed ``Resource``, which a WHATWG parser
    leaves unchanged, which equals the fixed reference's ``Resource``, and
    which verifies."""
    i = case["input"]
    key = CloudFrontKey.from_pem(private_text(i["privateKey"]), i["keyPairId"], "SHA256")
    signer = CloudFrontSigner(key, "default")
    now = i["now_ms"] // 1000
    dlt = epoch_seconds_from_js_millis(js_date_ms(i["dateLessThan"], None))
    dgt = epoch_seconds_from_js_millis(js_date_ms(i["dateGreaterThan"], None)) if "dateGreaterThan" in i else None
    ip = i["ipAddress"] if isinstance(i.get("ipAddress"), str) else None
    try:
        signed = signer.sign_url(i["url"], date_less_than=dlt, date_greater_than=dgt, ip_address=ip, now=now)
    except InvalidInput as e:
        return ("rejected", f"default refuses: {e.message}")
    except AuraError as e:
        return ("failed", repr(e))
    signed_resource = json.loads(signed.policy)["Statement"][0]["Resource"]
    wire_base = signed.url.split("Expires=" if signed.canned else "Policy=", 1)[0].rstrip("?&")
    fixed_resource = json.loads(case["output"]["policy"])["Statement"][0]["Resource"]
    o = verify_options(signed.policy, now)
    if wire_base != signed_resource:
        return ("failed", f"returned {wire_base!r} but signed {signed_resource!r}")
    if not whatwg_unchanged(signed.url):
        return ("failed", f"a client would not send {signed.url!r} as is")
    if signed_resource != fixed_resource:
        return ("failed", f"resource {signed_resource!r} != the fixed signer's {fixed_resource!r}")
    try:
        VERIFIER.verify_url(signed.url, now=o["now"], client_ip=o["client_ip"])
    except AuraError as e:
        return ("failed", f"own URL refused: {e!r}")
    return PASS


# ---- main -------------------------------------------------------------------------

def test_cloudfront_vectors() -> None:
    digest = hashlib.sha256((VECTORS / FILE_NAME).read_bytes()).hexdigest()
    assert digest == SHA256, f"{FILE_NAME} differs from the copy recorded in PROVENANCE.md"
    t = tally(FILE_NAME)
    cases: List[Dict[str, Any]] = FILE["cases"]
    assert len(cases) == FILE["counts"]["total"]
    for case in cases:
        cid, kind = case["id"], case["kind"]
        now = case["input"].get("now_ms", 0) // 1000
        if kind in ("url_canned", "url_custom", "cookies_canned", "cookies_custom"):
            t.record(kind, cid, compare(attempt(lambda: prepare_js(case, "aws-js")), case, aws_js_rule))
            default_kind = "default: cookies" if is_cookies(kind) else "default: url"
            t.record(default_kind, cid, compare(attempt(lambda: prepare_js(case, "default")), case, default_rule))
        elif kind in ("botocore_url_canned", "botocore_url_custom"):
            t.record(kind, cid, run_botocore(case))
        elif kind == "policy_json":
            t.record(kind, cid, run_policy_json(case))
        else:
            raise AssertionError(f"unknown kind {kind}")
        out = case.get("output")
        if out is not None and "policy_json" not in out and "sign_alg" in out:
            verify_kind = "verify: reference cookies" if is_cookies(kind) else "verify: reference url"
            verify_reference(t, verify_kind, cid, out, now)

    for d in FILE["differences"]:
        did, i = d["id"], d["input"]
        dgt = i["date_greater_than_epoch"] if isinstance(i.get("date_greater_than_epoch"), int) else None
        ip = i["ip_address"] if isinstance(i.get("ip_address"), str) else None
        pem = key_entry(i["key"])["pkcs1_pem"]
        for side, style in (("js", "aws-js"), ("botocore", "botocore")):
            def prepare() -> Unsigned:
                signer = CloudFrontSigner(CloudFrontKey.from_pem(pem, i["key_pair_id"], "SHA1"), style)  # type: ignore[arg-type]
                return signer.prepare_url(i["url"], date_less_than=i["date_less_than_epoch"], date_greater_than=dgt,
                                          ip_address=ip, now=0)
            t.record(f"differences: {side}", did, compare(attempt(prepare), d[side], no_rule))
            if "output" in d[side]:
                verify_reference(t, "verify: reference url", f"{did}/{side}", d[side]["output"], 1_767_225_600)

    for entry in FILE["regression_history"]["entries"]:
        case = next(c for c in cases if c["id"] == entry["case"])
        t.record("regression_history", entry["case"], regression(case))
    assert sum(k["run"] for k in t.kinds.values()) > 0
    assert not t.failures(), "\n".join(t.failures())
