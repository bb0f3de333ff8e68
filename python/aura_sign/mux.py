"""Mux signed playback, DRM-license and viewer-count tokens (RS256 JWTs),
byte-identical to ``@mux/mux-node`` 15.3.0's ``mux.jwt.signPlaybackId`` /
``signDrmLicense`` / ``signViewerCounts``, from the signing key parsed once;
and :class:`MuxVerifier`. ``now`` (Unix seconds) defaults to the clock read
here.

Refused by rule where mux-node signs anyway: an empty playback id (mux-node
drops ``sub``) and ``type`` names that are ``Object.prototype`` members."""

from __future__ import annotations

import os
from typing import Any, Dict, List, Literal, Mapping, NoReturn, Optional, Sequence, Tuple, Union, overload

from ._clock import now_or
from ._native import MuxPublicKey
from ._native import MuxSigner as _Signer
from ._native import MuxVerifier as _Verifier

__all__ = ["MuxPlaybackType", "MuxPublicKey", "MuxSigner", "MuxVerifier", "MuxViewerCountType"]

MuxPlaybackType = Literal["video", "thumbnail", "gif", "storyboard", "stats", "drm_license"]
MuxViewerCountType = Literal["video", "asset", "playback", "live_stream"]
Expiration = Union[int, float, str]
"""Seconds (used as is), or a time span: ``"7d"``, ``"2 hours"``, ``"90s"``."""
TypeEntry = Union[str, Tuple[str, Mapping[str, Any]]]


class MuxSigner:
    """``MuxSigner(key_id, key_secret)``: the signing key's id (the ``kid``)
    and its private key (the dashboard's base64 string, or PKCS#1 / PKCS#8
    PEM). As mux-node, they default to ``MUX_SIGNING_KEY`` and
    ``MUX_PRIVATE_KEY``."""

    __slots__ = ("_inner",)
    _inner: _Signer

    def __init__(self, key_id: Optional[str] = None, key_secret: Optional[str] = None) -> None:
        kid = key_id if key_id is not None else os.environ.get("MUX_SIGNING_KEY", "")
        secret = key_secret if key_secret is not None else os.environ.get("MUX_PRIVATE_KEY", "")
        object.__setattr__(self, "_inner", _Signer(kid, secret))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MuxSigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("MuxSigner holds a private key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def key_id(self) -> str:
        return self._inner.key_id

    def public_key(self) -> MuxPublicKey:
        """The public half, under this signer's key id (for a :class:`MuxVerifier`)."""
        return self._inner.public_key()

    @overload
    def sign_playback_id(self, playback_id: str, *, type: Optional[MuxPlaybackType] = None,
                         expiration: Optional[Expiration] = None, params: Optional[Mapping[str, Any]] = None,
                         now: Optional[int] = None) -> str: ...

    @overload
    def sign_playback_id(self, playback_id: str, *, type: Union[List[TypeEntry], Tuple[TypeEntry, ...]],
                         expiration: Optional[Expiration] = None, params: Optional[Mapping[str, Any]] = None,
                         now: Optional[int] = None) -> Dict[str, str]: ...

    def sign_playback_id(self, playback_id: str, *, type: Union[None, str, Sequence[TypeEntry]] = None,
                         expiration: Optional[Expiration] = None, params: Optional[Mapping[str, Any]] = None,
                         now: Optional[int] = None) -> Union[str, Dict[str, str]]:
        """``jwt.signPlaybackId(playbackId, {type, expiration, params})``:
        one type (default ``video``) → the token; a list of names or
        ``(name, params)`` pairs → ``{"playback-token": …, "thumbnail-token": …}``."""
        if type is None or isinstance(type, str):
            return self._inner.sign_playback_id(playback_id, now_or(now), type, expiration, params)
        return dict(self.sign_playback_ids(playback_id, type, expiration=expiration, params=params, now=now))

    def sign_playback_ids(self, playback_id: str, types: Sequence[TypeEntry], *,
                          expiration: Optional[Expiration] = None, params: Optional[Mapping[str, Any]] = None,
                          now: Optional[int] = None) -> List[Tuple[str, str]]:
        """One token per entry, ``[(token name, token)]`` in first-appearance order."""
        return self._inner.sign_playback_ids(playback_id, list(types), now_or(now), expiration, params)

    def sign_drm_license(self, playback_id: str, *, type: Optional[MuxPlaybackType] = None,
                         expiration: Optional[Expiration] = None, params: Optional[Mapping[str, Any]] = None,
                         now: Optional[int] = None) -> str:
        """``jwt.signDrmLicense``: a ``drm_license`` token (``aud: "d"``)."""
        return self._inner.sign_drm_license(playback_id, now_or(now), type, expiration, params)

    def sign_viewer_counts(self, id: str, *, type: Optional[MuxViewerCountType] = None,
                           expiration: Optional[Expiration] = None, params: Optional[Mapping[str, Any]] = None,
                           now: Optional[int] = None) -> str:
        """``jwt.signViewerCounts(id, {type})``: ``id`` is the video, asset,
        playback or live stream id the type names (default ``video``)."""
        return self._inner.sign_viewer_counts(id, now_or(now), type, expiration, params)


def _public(k: Union[MuxPublicKey, MuxSigner]) -> MuxPublicKey:
    return k.public_key() if isinstance(k, MuxSigner) else k


class MuxVerifier:
    """Trusted public keys, each under its signing-key id (a
    :class:`MuxSigner` gives its own). RS256 only; the key chosen by
    ``kid``; ``aud``, ``sub``, ``exp``, ``nbf`` checked."""

    __slots__ = ("_inner",)
    _inner: _Verifier

    def __init__(self, keys: Union[MuxPublicKey, MuxSigner, Sequence[Union[MuxPublicKey, MuxSigner]]]) -> None:
        items = [keys] if isinstance(keys, (MuxPublicKey, MuxSigner)) else list(keys)
        object.__setattr__(self, "_inner", _Verifier([_public(k) for k in items]))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MuxVerifier is immutable")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify_playback(self, token: str, playback_id: str, *, type: MuxPlaybackType = "video",
                        now: Optional[int] = None, leeway: int = 0) -> Dict[str, Any]:
        """A playback token of ``type`` for ``playback_id``: its claims."""
        return self._inner.verify(token, "playback", playback_id, now_or(now), type, leeway)

    def verify_viewer_counts(self, token: str, id: str, *, type: MuxViewerCountType = "video",
                             now: Optional[int] = None, leeway: int = 0) -> Dict[str, Any]:
        """A viewer-count token of ``type`` for ``id``: its claims."""
        return self._inner.verify(token, "viewer_counts", id, now_or(now), type, leeway)
