"""General JWT, shaped like PyJWT, with keys parsed once.

``key`` is a prepared :class:`Key` (parsed once; use this in hot paths) or
text (parsed on every call, for convenience). ``Key.from_jwk`` reads one JWK
(RFC 7517). :func:`sign_compact` and :func:`verify_compact` are the JWS
Compact Serialization over exact bytes (RFC 7515 §3.1): the caller writes the
protected header, the payload need not be JSON, and only the signature is
checked."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._clock import now_or
from ._native import JwtKey as Key

__all__ = ["Key", "decode", "encode", "sign_compact", "verify_compact"]

KeyLike = Union[Key, str]


def _key(key: KeyLike, algorithm: str) -> Key:
    return key if isinstance(key, Key) else Key.from_text(key, algorithm)


def encode(claims: Mapping[str, Any], key: KeyLike, algorithm: str, headers: Optional[Mapping[str, Any]] = None) -> str:
    return _native.jwt_encode(dict(claims), _key(key, algorithm), algorithm, dict(headers) if headers else None)


def decode(
    token: str,
    key: Union[KeyLike, Sequence[Key]],
    algorithms: Sequence[str],
    now: Optional[int] = None,
    leeway: int = 0,
    require_exp: bool = False,
) -> Dict[str, Any]:
    if isinstance(key, (Key, str)):
        keys = [_key(key, algorithms[0] if len(algorithms) == 1 else "RS256")]
    else:
        keys = list(key)
    return _native.jwt_decode(token, keys, list(algorithms), now_or(now), leeway, require_exp)


def _bytes(value: Union[bytes, str]) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def sign_compact(protected_header: Union[bytes, str], payload: Union[bytes, str], key: Key) -> str:
    """``BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`` over these
    exact bytes (a ``str`` is UTF-8). The header's ``alg`` must be the key's."""
    return _native.jws_sign_compact(_bytes(protected_header), _bytes(payload), key)


def verify_compact(
    token: str, key: Union[Key, Sequence[Key]], algorithms: Sequence[str]
) -> Tuple[Dict[str, Any], bytes]:
    """``(protected header, payload bytes)`` once the signature verifies with
    one of ``key`` under one of ``algorithms``; no claim is looked at."""
    keys = [key] if isinstance(key, Key) else list(key)
    return _native.jws_verify_compact(token, keys, list(algorithms))
