"""General JWT, shaped like PyJWT, with keys parsed once.

``key`` is a prepared :class:`Key` (parsed once; use this in hot paths) or
text (parsed on every call, for convenience)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Union

from . import _native
from ._clock import now_or
from ._native import JwtKey as Key

__all__ = ["Key", "decode", "encode"]

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
