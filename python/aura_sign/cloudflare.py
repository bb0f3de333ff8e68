"""Cloudflare Images signed URLs and Cloudflare Stream tokens."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, NoReturn, Optional, Sequence, Tuple, Union

from . import _native
from ._clock import now_or
from ._native import ImagesSigner, StreamKey, StreamPublicKey, StreamUrls

__all__ = [
    "ImagesSigner",
    "StreamKey",
    "StreamPublicKey",
    "StreamSigner",
    "StreamUrls",
    "evaluate_access_rules",
    "sign_images_url",
    "verify_images_url",
    "verify_stream_token",
]

AccessRules = Sequence[Mapping[str, Any]]
_REQUIRED = object()


def sign_images_url(url: str, key: str, expires_in: int = 86400, now: Optional[int] = None, mode: str = "default") -> str:
    """``mode="default"`` strips old ``exp``/``sig``, signs custom-domain URLs
    over the account path and refuses flexible variants; ``mode="worker"``
    reproduces Cloudflare's docs Worker byte for byte."""
    return _native.sign_images_url(url, key, expires_in, now_or(now), mode)


def verify_images_url(url: str, keys: Union[str, Sequence[str]], now: Optional[int] = None) -> int:
    """Returns ``exp``; valid while ``now <= exp``."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    return _native.verify_images_url(url, keys, now_or(now))


class StreamSigner:
    """Signs Stream tokens with a parsed key held for the signer's lifetime.

    ``style``: ``cloudflare`` (default), ``jsonwebtoken``,
    ``jsonwebtoken-claims-kid`` or ``go-jose``.
    """

    __slots__ = ("_inner",)
    _inner: _native.StreamSigner

    def __init__(self, key: Union[StreamKey, str], key_id: Optional[str] = None, style: str = "cloudflare") -> None:
        object.__setattr__(self, "_inner", _native.StreamSigner(key, key_id, style))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("StreamSigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("StreamSigner holds a private key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def key_id(self) -> str:
        return self._inner.key_id

    def sign(
        self,
        video_id: str,
        *,
        expires_in: int = 3600,
        not_before: Optional[int] = None,
        access_rules: Optional[AccessRules] = None,
        downloadable: Optional[bool] = None,
        allow_long_lifetime: bool = False,
        now: Optional[int] = None,
    ) -> str:
        rules = None if access_rules is None else [dict(r) for r in access_rules]
        return self._inner.sign(video_id, now_or(now), expires_in, not_before, rules, downloadable, allow_long_lifetime)

    def sign_many(
        self,
        video_ids: Iterable[str],
        *,
        expires_in: int = 3600,
        not_before: Optional[int] = None,
        access_rules: Optional[AccessRules] = None,
        downloadable: Optional[bool] = None,
        allow_long_lifetime: bool = False,
        now: Optional[int] = None,
    ) -> List[str]:
        """One token per video (a playlist), signed on every core without the GIL."""
        rules = None if access_rules is None else [dict(r) for r in access_rules]
        return self._inner.sign_many(
            list(video_ids), now_or(now), expires_in, not_before, rules, downloadable, allow_long_lifetime
        )


def verify_stream_token(
    token: str,
    keys: Union[StreamPublicKey, StreamKey, Sequence[Union[StreamPublicKey, StreamKey]]],
    *,
    video_id: Optional[str] = _REQUIRED,  # type: ignore[assignment]
    now: Optional[int] = None,
    leeway: int = 0,
    purpose: str = "playback",
    viewer_ip: Optional[str] = None,
    viewer_country: Optional[str] = None,
    require_exp: bool = True,
) -> Dict[str, Any]:
    """Verifies a Stream token and returns its claims.

    ``video_id`` is required: pass the expected video UID, or ``None`` to
    skip the ``sub`` check on purpose.
    """
    if video_id is _REQUIRED:
        raise TypeError("verify_stream_token() needs video_id= (pass None to skip the sub check on purpose)")
    return _native.verify_stream_token(
        token, keys, video_id, now_or(now), leeway, purpose, viewer_ip, viewer_country, require_exp
    )


def evaluate_access_rules(
    rules: AccessRules, viewer_ip: Optional[str], viewer_country: Optional[str]
) -> Tuple[str, Optional[int]]:
    """``("allow"|"block", index of the deciding rule or None)``: first match wins."""
    return _native.evaluate_access_rules([dict(r) for r in rules], viewer_ip, viewer_country)
