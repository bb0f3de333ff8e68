"""Server-side tokens (``@auraimage/sdk/server``): sign and verify upload and
serve tokens. Verifiers raise :mod:`aura_sign.errors` exceptions."""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Union

from . import _native
from ._clock import now_or

__all__ = [
    "MAX_SERVE_TTL_SEC",
    "sign_serve_token",
    "sign_upload_token",
    "verify_serve_token",
    "verify_upload_token",
]

MAX_SERVE_TTL_SEC: int = _native.MAX_SERVE_TTL_SEC

Secret = Union[str, Sequence[str]]
Resolver = Callable[[str], Union[str, Sequence[str]]]


def sign_upload_token(payload: Mapping[str, Any], secret: str) -> str:
    """Signs any payload exactly as the SDK (``JSON.stringify`` order and numbers)."""
    return _native.sign_upload_token(dict(payload), secret)


def sign_serve_token(payload: Mapping[str, Any], secret: str) -> str:
    return _native.sign_serve_token(dict(payload), secret)


def verify_upload_token(token: str, secret: Union[Secret, Resolver], now: Optional[int] = None) -> Dict[str, Any]:
    """``secret``: a secret, several (rotation, tried in order), or a callable
    ``project_name -> secret(s)``. Returns the payload."""
    return _native.verify_upload_token(token, secret, now_or(now))


def verify_serve_token(
    token: str,
    secret: Secret,
    now: Optional[int] = None,
    project: Optional[str] = None,
    name: Optional[str] = None,
) -> Dict[str, Any]:
    """Returns the payload ``{p, f, exp}``; with ``project`` and ``name`` a
    token for another image raises :class:`~aura_sign.errors.WrongImage`."""
    return _native.verify_serve_token(token, secret, now_or(now), project, name)
