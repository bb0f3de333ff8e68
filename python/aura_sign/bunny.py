"""Bunny CDN token authentication (``HS256-`` tokens), byte-identical to
BunnyWay's five official signers 2.1.0 (``style="node"``, ``"python"``,
``"go"``, ``"rust"``, ``"php"``); the default style gives the Python
signer's bytes in the query form and refuses what a signer gets wrong.
:class:`BunnyVerifier` is the edge's side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple, NoReturn, Optional, Sequence, Union

from ._clock import now_or
from ._native import BunnySigner as _Signer
from ._native import BunnyVerifier as _Verifier

__all__ = ["BunnySigner", "BunnyStyle", "BunnyToken", "BunnyVerifier", "SignedBunnyUrl"]

BunnyStyle = Literal["default", "node", "python", "go", "rust", "php"]


class SignedBunnyUrl(NamedTuple):
    url: str
    token: str
    expires: int
    signature_path: str
    signing_data: str


@dataclass(frozen=True)
class BunnyToken:
    """What a verified URL grants (signed parameters only)."""

    expires: int
    directory: bool
    ip_locked: bool
    path_allowed: Optional[str]
    countries_allowed: Optional[str]
    countries_blocked: Optional[str]
    speed_limit: Optional[str]
    ignore_params: bool


class BunnySigner:
    """A pull zone's URL token authentication key, held for the signer's
    lifetime (``token.py``'s ``sign_url(url, security_key, …)``)."""

    __slots__ = ("_inner",)
    _inner: _Signer

    def __init__(self, security_key: str) -> None:
        object.__setattr__(self, "_inner", _Signer(security_key))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("BunnySigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("BunnySigner holds a key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    def sign(
        self,
        url: str,
        *,
        expiration_time: int = 86400,
        expires_at: Optional[int] = None,
        user_ip: Optional[str] = None,
        directory: Optional[bool] = None,
        path_allowed: Optional[str] = None,
        countries_allowed: Optional[str] = None,
        countries_blocked: Optional[str] = None,
        ignore_params: bool = False,
        speed_limit: int = 0,
        style: BunnyStyle = "default",
        now: Optional[int] = None,
    ) -> SignedBunnyUrl:
        """``directory=None`` is the style's own default (the query form,
        except for the Python signer's ``is_directory=True``)."""
        return SignedBunnyUrl(*self._inner.sign(
            url, now_or(now), style, expiration_time, expires_at, user_ip, directory, path_allowed,
            countries_allowed, countries_blocked, ignore_params, speed_limit,
        ))

    def sign_url(self, url: str, **options: object) -> str:
        """:meth:`sign`'s URL."""
        return self.sign(url, **options).url  # type: ignore[arg-type]


class BunnyVerifier:
    """Security keys (rotation)."""

    __slots__ = ("_inner",)
    _inner: _Verifier

    def __init__(self, keys: Union[str, Sequence[str]]) -> None:
        keys = [keys] if isinstance(keys, str) else list(keys)
        object.__setattr__(self, "_inner", _Verifier(keys))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("BunnyVerifier is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("BunnyVerifier holds keys and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify(self, url: str, *, now: Optional[int] = None, viewer_ip: Optional[str] = None,
               viewer_country: Optional[str] = None) -> BunnyToken:
        """Valid while ``now <= expires``."""
        return BunnyToken(**self._inner.verify(url, now_or(now), viewer_ip, viewer_country))
