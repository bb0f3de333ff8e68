"""Key generation and rotation."""

from __future__ import annotations

from typing import Any, List, NamedTuple, NoReturn, Optional, Tuple

from . import _native
from ._clock import now_or
from ._native import StreamKey

__all__ = ["GeneratedStreamKey", "KeyRing", "export_stream_key", "generate_key_id", "generate_secret", "generate_stream_key"]


def generate_secret(kind: str = "secret_key") -> str:
    """``sk_live_…`` (``kind="secret_key"``) or ``psk_live_…`` (``"serve_secret"``):
    the prefix and 32 random bytes as base64url without padding."""
    return _native.generate_secret(kind)


def generate_key_id() -> str:
    """32 lowercase hex digits, like a Stream key id."""
    return _native.generate_key_id()


class GeneratedStreamKey(NamedTuple):
    """A key in the shapes ``POST /stream/keys`` returns (``pem``, ``jwk`` are secret)."""

    id: str
    pem: str
    jwk: str
    key: StreamKey

    def __repr__(self) -> str:
        return f"GeneratedStreamKey(id={self.id!r}, pem=<redacted>, jwk=<redacted>, key={self.key!r})"


def generate_stream_key(key_id: Optional[str] = None) -> GeneratedStreamKey:
    return GeneratedStreamKey(*_native.generate_stream_key(key_id))


def export_stream_key(key: StreamKey, key_id: str) -> Tuple[str, str]:
    """``(pem, jwk)`` exactly as Cloudflare's API formats them."""
    return _native.export_stream_key(key, key_id)


class KeyRing:
    """Sign with the newest active key; verify with active and retiring keys;
    revoke one. Rotation never breaks a live URL until its key is revoked."""

    __slots__ = ("_inner",)
    _inner: _native.KeyRing

    def __init__(self) -> None:
        self._inner = _native.KeyRing()

    def __repr__(self) -> str:
        return repr(self._inner)

    def __reduce__(self) -> NoReturn:
        raise TypeError("KeyRing holds secrets and cannot be pickled")

    def add(self, key_id: str, key: Any, now: Optional[int] = None) -> None:
        self._inner.add(key_id, key, now_or(now))

    def rotate(self, key_id: str, key: Any, now: Optional[int] = None) -> None:
        self._inner.rotate(key_id, key, now_or(now))

    def retire(self, key_id: str) -> None:
        self._inner.retire(key_id)

    def revoke(self, key_id: str) -> None:
        self._inner.revoke(key_id)

    def signing_key(self) -> Tuple[str, Any]:
        return self._inner.signing_key()

    def verification_keys(self) -> List[Tuple[str, Any]]:
        return self._inner.verification_keys()

    def list(self) -> List[Tuple[str, str, int]]:
        return self._inner.list()
