"""The standards' own JWS examples (tests/vectors/jose/: RFC 7515 Appendix A,
RFC 7520 §4, RFC 8037 Appendix A) through aura_sign.jwt, with the logic of
crates/aura-core/tests/vectors_jose.rs: deterministic signatures re-signed
byte for byte, every supported example verified, every altered character
refused, algorithms Aura lacks refused with ``alg_not_allowed``."""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List, Optional

import pytest
from conftest import VECTORS, load

from aura_sign import jwt
from aura_sign.errors import AuraError

ALL = ["HS256", "RS256", "ES256", "EdDSA"]
DETERMINISTIC = {"HS256", "RS256", "EdDSA"}


def b64u_decode(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Case:
    def __init__(self, id: str, alg: str, jwk: Optional[Dict[str, Any]], token: Optional[str],
                 payload: bytes, deterministic: bool, na: str = "") -> None:
        self.id, self.alg, self.jwk, self.token = id, alg, jwk, token
        self.payload, self.deterministic, self.na = payload, deterministic, na


def cookbook_case(id: str, alg: str, jwk: Dict[str, Any], signing: Dict[str, Any],
                  compact: Optional[str], payload: bytes) -> Case:
    if compact is not None and ".." in compact:  # detached content, re-attached (RFC 7515 App. F)
        token: Optional[str] = ".".join([signing["protected_b64u"], signing["sig-input"].split(".")[1], signing["sig"]])
    elif compact is not None:
        token = compact
    elif "protected_b64u" in signing:  # JSON serialization only: the compact JWS of its sig-input
        token = signing["sig-input"] + "." + signing["sig"]
    else:
        return Case(id, alg, jwk, None, payload, False, "no protected header: alg is unprotected")
    return Case(id, alg, jwk, token, payload, alg in DETERMINISTIC)


def cases() -> List[Case]:
    out: List[Case] = []
    for path in sorted((VECTORS / "jose").glob("*.json")):
        name = path.name
        doc = load("jose/" + name)
        if name.startswith("rfc7515"):
            for e in doc["examples"]:
                out.append(Case("RFC7515 " + e["id"], e["alg"], e.get("key"), e["compact"],
                                e["payload"].encode("utf-8"), bool(e["reproducible"])))
        elif name.startswith("4_") or name.startswith("curve25519"):
            id = "RFC8037 A.4" if name.startswith("curve25519") else "RFC7520 " + name.split(".")[0].replace("_", ".")
            inp = doc["input"]
            payload = inp["payload"].encode("utf-8")
            if isinstance(inp["key"], list):
                for i, signing in enumerate(doc["signing"]):
                    out.append(cookbook_case(f"{id}[{i}]", inp["alg"][i], inp["key"][i], signing, None, payload))
            else:
                out.append(cookbook_case(id, inp["alg"], inp["key"], doc["signing"],
                                         doc["output"].get("compact"), payload))
    return out


CASES = cases()


def tampered(token: str) -> List[str]:
    return [token[:i] + ("B" if c == "A" else "A") + token[i + 1:] for i, c in enumerate(token)]


def code_of(fn: Any) -> str:
    try:
        fn()
    except AuraError as e:
        return e.code
    return "ok"


def test_cases_cover_every_file() -> None:
    assert len(CASES) == 16
    assert sum(1 for c in CASES if c.alg in ALL and c.token) == 10


@pytest.mark.parametrize("case", [c for c in CASES if c.alg in ALL and c.token], ids=lambda c: c.id)
def test_supported_example(case: Case) -> None:
    assert case.jwk is not None and case.token is not None
    key = jwt.Key.from_jwk(json.dumps(case.jwk))
    assert key.algorithm == case.alg
    assert key.kid == case.jwk.get("kid")
    header, payload = jwt.verify_compact(case.token, key, ALL)
    assert payload == case.payload and header["alg"] == case.alg
    others = [a for a in ALL if a != case.alg]
    assert code_of(lambda: jwt.verify_compact(case.token, [key], others)) == "alg_not_allowed"
    protected = b64u_decode(case.token.split(".")[0])
    fresh = jwt.sign_compact(protected, case.payload, key)
    if case.deterministic:
        assert fresh == case.token
    else:
        assert fresh != case.token and jwt.verify_compact(fresh, key, ALL)[1] == case.payload
    refused = [code_of(lambda: jwt.verify_compact(t, key, ALL)) for t in tampered(case.token)]
    assert "ok" not in refused and len(refused) == len(case.token)


@pytest.mark.parametrize("case", [c for c in CASES if c.alg not in ALL and c.token], ids=lambda c: c.id)
def test_unsupported_algorithm_is_refused(case: Case) -> None:
    assert case.token is not None
    keys = []
    if case.jwk is not None:
        try:
            keys.append(jwt.Key.from_jwk(json.dumps(case.jwk)))
        except AuraError as e:
            assert e.code == "unsupported_key_type"  # P-521
    assert code_of(lambda: jwt.verify_compact(case.token or "", keys, ALL)) == "alg_not_allowed"
    for k in keys:
        header = b64u_decode(case.token.split(".")[0])
        assert code_of(lambda: jwt.sign_compact(header, case.payload, k)) == "alg_not_allowed"


def test_not_applicable_are_the_unprotected_alg_ones() -> None:
    assert [c.id for c in CASES if c.token is None] == ["RFC7520 4.7", "RFC7520 4.8[1]"]


@pytest.mark.parametrize("name,expected", [
    ("3_1.ec_public_key.json", "unsupported_key_type"),
    ("3_2.ec_private_key.json", "unsupported_key_type"),
    ("3_3.rsa_public_key.json", "RS256"),
    ("3_4.rsa_private_key.json", "RS256"),
    ("3_5.symmetric_key_mac_computation.json", "HS256"),
    ("3_6.symmetric_key_encryption.json", "invalid_key"),
])
def test_cookbook_keys(name: str, expected: str) -> None:
    text = (VECTORS / "jose" / name).read_text(encoding="utf-8")
    try:
        got = jwt.Key.from_jwk(text).algorithm
    except AuraError as e:
        got = e.code
    assert got == expected


def test_secrets_never_in_repr() -> None:
    for c in CASES:
        if c.jwk is not None and c.alg in ALL:
            r = repr(jwt.Key.from_jwk(json.dumps(c.jwk)))
            for member in ("d", "k", "p", "q"):
                if member in c.jwk:
                    assert c.jwk[member] not in r


def test_public_key_verifies_and_cannot_sign() -> None:
    rsa_public = jwt.Key.from_jwk((VECTORS / "jose" / "3_3.rsa_public_key.json").read_text(encoding="utf-8"))
    case = next(c for c in CASES if c.id == "RFC7520 4.1")
    assert case.token is not None
    assert jwt.verify_compact(case.token, rsa_public, ["RS256"])[1] == case.payload
    header = b64u_decode(case.token.split(".")[0])
    assert code_of(lambda: jwt.sign_compact(header, b"x", rsa_public)) == "not_a_private_key"
