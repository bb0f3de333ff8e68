"""Every case of tests/vectors/mux.json (@mux/mux-node 15.3.0) through
aura_sign.mux, with the logic of crates/aura-core/tests/vectors_mux.rs (and
node/test/mux.test.mjs): every token byte for byte and through the
verifier, typed errors where mux-node throws, refusals by rule."""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from _providers import PASS, Outcome
from conftest import load, tally

from aura_sign import _native
from aura_sign.errors import AuraError, TokenExpired, InvalidSignature
from aura_sign.mux import MuxPublicKey, MuxSigner, MuxVerifier

FILE = load("mux.json")
KEYS = {k["name"]: k for k in FILE["keys"]}
TOKEN_TYPES = {"playback-token": "video", "thumbnail-token": "thumbnail", "gif-token": "gif",
               "storyboard-token": "storyboard", "stats-token": "stats", "drm-token": "drm_license"}


class NotApplicable(Exception):
    pass


class Sha512CryptoKey(Exception):
    """A WebCrypto key imported as RSASSA/SHA-512 (signs SHA-512 under RS256)."""


def field(name: str, f: str) -> str:
    return KEYS[name][f]


def key_input(key: Optional[Dict[str, Any]]) -> str:
    """What the case hands the SDK as key material, as text."""
    if key is None:
        return ""
    form = key["form"]
    if form == "literal":
        return key["value"]
    name = key["name"]
    if form in ("pkcs1_pem", "pkcs8_pem", "base64_pkcs1_pem", "base64_pkcs8_pem", "public_spki_pem", "sec1_pem",
                "encrypted_pkcs8_pem"):
        return field(name, form)
    if form == "pkcs1_pem_crlf":
        return field(name, "pkcs1_pem").replace("\n", "\r\n")
    if form == "pkcs8_pem_crlf":
        return field(name, "pkcs8_pem").replace("\n", "\r\n")
    if form == "pkcs1_pem_padded":
        return f"\n  {field(name, 'pkcs1_pem')}\n\n"
    if form == "pkcs8_pem_no_newlines":
        return field(name, "pkcs8_pem").replace("\n", "")
    if form == "base64_pkcs1_pem_wrapped":
        b = base64.b64encode(field(name, "pkcs1_pem").encode()).decode()
        return "\n".join(b[k:k + 76] for k in range(0, len(b), 76))
    if form == "base64_sec1_pem":
        return base64.b64encode(field(name, "sec1_pem").encode()).decode()
    if form == "cryptokey_pkcs8":
        # A CryptoKey imported from the PKCS#8 DER is what a parsed key is: run it from the same PKCS#8 text.
        return field(name, "pkcs8_pem")
    if form == "cryptokey_pkcs8_sha512":
        raise Sha512CryptoKey()
    if form == "cryptokey_hmac":
        raise NotApplicable("an HMAC CryptoKey: no HMAC key can be a Mux signing key (the type is RSA)")
    if form == "uint8array_pkcs1_der":
        raise NotApplicable("a bytes key: this API takes key text; mux-node also refuses it")
    raise AssertionError(f"key form {form}")


def key_id(i: Dict[str, Any]) -> str:
    """The kid: config.keyId, else the case's key id unless none is given."""
    k = i["config"].get("keyId")
    if isinstance(k, str):
        return k
    return "" if i["key_id_via"] == "none" else i["key_id"]


def now_of(i: Dict[str, Any]) -> int:
    return i["now_ms"] // 1000


def run(case: Dict[str, Any], key_text: str) -> Union[str, List[Tuple[str, str]]]:
    i, kind = case["input"], case["kind"]
    config = i["config"]
    o = {"expiration": config.get("expiration"), "params": config.get("params"), "now": now_of(i)}
    ty = config.get("type")
    # mux-node resolves the type before the keys; so does this order.
    getattr(_native, "_mux_check_type")("viewer_counts" if kind == "signViewerCounts" else "playback", ty)
    signer = MuxSigner(key_id(i), key_text)
    if kind.startswith("signPlaybackId.multi"):
        return signer.sign_playback_ids(i["id"], ty, **o)
    ty = ty if isinstance(ty, str) else None
    if kind == "signPlaybackId":
        return signer.sign_playback_id(i["id"], type=ty, **o)  # type: ignore[arg-type]
    if kind == "signDrmLicense":
        return signer.sign_drm_license(i["id"], type=ty, **o)  # type: ignore[arg-type]
    assert kind == "signViewerCounts", kind
    return signer.sign_viewer_counts(i["id"], type=ty, **o)  # type: ignore[arg-type]


def expected_codes(case: Dict[str, Any]) -> Sequence[str]:
    msg = case["error"]["message"]
    if msg.startswith(("Invalid signature type", "Invalid time span", "Signing key required")):
        return ["invalid_input"]
    if msg.startswith(("Private key required", "Specified signing key")):
        return ["invalid_key"]
    if msg in ("Invalid keyData", "Invalid key type"):
        return ["invalid_key", "not_a_private_key", "unsupported_key_type"]
    raise AssertionError(f"unmapped reference error {msg}")


def rule_for(case: Dict[str, Any]) -> Optional[str]:
    if "prototype_type_quirk" in case["tags"]:
        return "type is an Object.prototype member: mux-node signs without aud (or aud {}); Aura: invalid_input"
    if case["input"]["id"] == "":
        return "empty playback id: mux-node silently drops sub; Aura: invalid_input"
    return None


def audience_of(case: Dict[str, Any]) -> Tuple[bool, str]:
    """(viewer counts?, type)."""
    ty = case["input"]["config"].get("type")
    if case["kind"] == "signViewerCounts":
        return True, ty or "video"
    if case["kind"] == "signDrmLicense":
        return False, ty or "drm_license"
    return False, ty or "video"


def verify_as(v: MuxVerifier, token: str, id: str, aud: Tuple[bool, str], now: int) -> Dict[str, Any]:
    viewer_counts, ty = aud
    if viewer_counts:
        return v.verify_viewer_counts(token, id, type=ty, now=now)  # type: ignore[arg-type]
    return v.verify_playback(token, id, type=ty, now=now)  # type: ignore[arg-type]


def verifier_for(i: Dict[str, Any]) -> MuxVerifier:
    return MuxVerifier(MuxPublicKey.from_any(field(i["key"]["name"], "public_spki_pem"), key_id(i)))


def verify_one(case: Dict[str, Any], token: str, aud: Tuple[bool, str]) -> Optional[str]:
    """The token passes the verifier, or is refused as expired when the reference made it so."""
    i = case["input"]
    if not isinstance((i.get("key") or {}).get("name"), str):
        return None
    v = verifier_for(i)
    now = now_of(i)
    part = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    expired = claims["exp"] <= now
    try:
        verify_as(v, token, i["id"], aud, now)
    except AuraError as e:
        return None if expired and isinstance(e, TokenExpired) else f"verifier: {e!r} (expired {expired})"
    return "verifier accepted an expired token" if expired else None


def case_outcome(case: Dict[str, Any]) -> Outcome:
    i = case["input"]
    if i.get("key_file_path") is not None:
        return ("na", "keyFilePath: the core does no I/O (mux-node 15.3.0 also refuses it)")
    try:
        key_text = key_input(i["key"])
    except NotApplicable as why:
        return ("na", str(why))
    except Sha512CryptoKey:
        try:
            verify_as(verifier_for(i), case["output"]["token"], i["id"], audience_of(case), now_of(i))
        except InvalidSignature:
            return ("strict", "a SHA-512 CryptoKey signs under an RS256 header (token does not verify); Aura keys "
                              "are RS256 only, and its verifier refuses this token (bad_signature)")
        except AuraError as e:
            return ("failed", f"sha512 token: {e!r}")
        return ("failed", "sha512 token verified")
    got: Any
    err: Optional[AuraError] = None
    try:
        got = run(case, key_text)
    except AuraError as e:
        got, err = None, e
    if "error" in case:
        codes = expected_codes(case)
        if err is None:
            return ("failed", f"reference {case['error']}; Aura signed")
        return PASS if err.code in codes else ("failed", f"reference {case['error']['message']}; Aura {err!r} (want {codes})")
    rule = rule_for(case)
    if rule is not None:
        if err is not None and err.code == "invalid_input":
            return ("rejected", rule)
        return ("failed", f"expected invalid_input by rule, got {repr(err) if err else 'a token'}")
    if err is not None:
        return ("failed", f"Aura refused: {err!r}")
    out = case["output"]
    if isinstance(got, str):
        if got != out["token"]:
            return ("failed", f"token differs\n  got  {got}\n  want {out['token']}")
        why = verify_one(case, got, audience_of(case))
        return PASS if why is None else ("failed", why)
    names = [n for n, _ in got]
    if names != out["token_names"]:
        return ("failed", f"names {names} != {out['token_names']}")
    for name, token in got:
        want = out["tokens"][name]["token"]
        if token != want:
            return ("failed", f"{name} differs\n  got  {token}\n  want {want}")
        why = verify_one(case, token, (False, TOKEN_TYPES[name]))
        if why is not None:
            return ("failed", f"{name}: {why}")
    return PASS


def test_mux_vectors() -> None:
    t = tally("mux.json")
    assert len(FILE["cases"]) == 226
    for case in FILE["cases"]:
        kind = case["kind"] + (".error" if "error" in case else "")
        t.record(kind, case["id"], case_outcome(case))
    assert sum(k["run"] for k in t.kinds.values()) > 0
    assert not t.failures(), "\n".join(t.failures())
