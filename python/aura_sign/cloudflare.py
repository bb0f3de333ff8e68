"""Cloudflare Images signed URLs and Cloudflare Stream tokens, and the
Cloudflare API calls around them (:class:`Cloudflare`: Images signing keys,
image privacy, Stream signing keys, video privacy, ``/token``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, NoReturn, Optional, Sequence, Tuple, Union

from . import _native
from ._clock import now_or
from ._native import CloudflareApi, CloudflareAuth, ImagesSigner, StreamKey, StreamPublicKey, StreamUrls
from .errors import InvalidInput

if TYPE_CHECKING:  # httpx is the optional extra ``aura-sign[http]``
    from .transport import AsyncTransport, Transport

__all__ = [
    "AsyncCloudflare",
    "Cloudflare",
    "CloudflareApi",
    "CloudflareAuth",
    "CreatedStreamKey",
    "EnsuredKey",
    "ImageDetails",
    "ImagesSigner",
    "ImagesSigningKey",
    "Removal",
    "StreamKey",
    "StreamKeyInfo",
    "StreamPublicKey",
    "StreamSigner",
    "StreamToken",
    "StreamUrls",
    "VideoDetails",
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


# ---- the Cloudflare API -------------------------------------------------------
#
# The answer types below are built by the native layer (one conversion of the
# core's answers); values that are secrets (key values, PEMs, JWKs, tokens)
# are plain ``str`` attributes but never appear in ``repr``, and the objects
# holding them cannot be pickled.


def _no_pickle(what: str) -> NoReturn:
    raise TypeError(f"{what} holds a secret and cannot be pickled")


@dataclass(frozen=True, repr=False)
class ImagesSigningKey:
    """An Images signing key: sign URLs with ``value``
    (:func:`sign_images_url`)."""

    name: str
    value: str

    def __repr__(self) -> str:
        return f"ImagesSigningKey(name={self.name!r}, value=<redacted>)"

    def __reduce__(self) -> NoReturn:
        _no_pickle("ImagesSigningKey")


@dataclass(frozen=True)
class EnsuredKey:
    """What :meth:`Cloudflare.ensure_signing_key` did: ``action`` is
    ``"adopted"`` (it existed, nothing changed) or ``"created"``."""

    key: ImagesSigningKey
    action: str


@dataclass(frozen=True)
class Removal:
    """What :meth:`Cloudflare.remove_signing_key` did: ``kind`` is ``"kept"``
    (``delete=False``), ``"already_gone"`` or ``"deleted"`` (then
    ``remaining`` lists the keys left)."""

    kind: str
    remaining: Optional[List[ImagesSigningKey]] = None


@dataclass(frozen=True)
class ImageDetails:
    """An image as the API describes it; ``raw`` is the whole ``result``.
    After a change of ``requireSignedURLs`` use this ``id`` from then on."""

    id: str
    filename: Optional[str]
    require_signed_urls: bool
    uploaded: Optional[str]
    variants: List[str]
    creator: Optional[str]
    raw: Dict[str, Any]


@dataclass(frozen=True, repr=False)
class CreatedStreamKey:
    """A Stream signing key just created: Cloudflare shows ``pem`` and
    ``jwk`` (standard base64, as received) only this once. ``key`` is the
    loaded private key; :meth:`signer` signs tokens with it."""

    id: str
    created: Optional[str]
    pem: str
    jwk: Optional[str]
    key: StreamKey

    def signer(self, style: str = "cloudflare") -> StreamSigner:
        """A :class:`StreamSigner` whose ``kid`` is this key's ``id``."""
        return StreamSigner(self.key, key_id=self.id, style=style)

    def __repr__(self) -> str:
        return f"CreatedStreamKey(id={self.id!r}, created={self.created!r}, pem=<redacted>, jwk=<redacted>)"

    def __reduce__(self) -> NoReturn:
        _no_pickle("CreatedStreamKey")


@dataclass(frozen=True)
class StreamKeyInfo:
    """A listed Stream signing key (no key material)."""

    id: str
    created: Optional[str]
    key_id: Optional[str]


@dataclass(frozen=True)
class VideoDetails:
    """A video as the API describes it; ``state`` is ``status.state``;
    ``raw`` is the whole ``result``."""

    uid: str
    require_signed_urls: bool
    ready_to_stream: Optional[bool]
    state: Optional[str]
    raw: Dict[str, Any]


@dataclass(frozen=True, repr=False)
class StreamToken:
    """A token from Stream's ``/token`` endpoint (a bearer credential)."""

    token: str

    def __repr__(self) -> str:
        return "StreamToken(token=<redacted>)"

    def __reduce__(self) -> NoReturn:
        _no_pickle("StreamToken")


def _env(name: str) -> Optional[str]:
    return os.environ.get(name) or None


def _api_from(
    account_id: Optional[str], api_token: Optional[str], email: Optional[str], api_key: Optional[str], base_url: Optional[str]
) -> CloudflareApi:
    """The endpoint from the arguments, else the environment (the core
    chooses between the variables and checks every value)."""
    if api_token is not None and (email is not None or api_key is not None):
        raise TypeError("pass api_token, or email and api_key, not both")
    if api_token is not None:
        auth = CloudflareAuth.api_token(api_token)
    elif email is not None or api_key is not None:
        auth = CloudflareAuth.legacy(email or "", api_key or "")
    else:
        auth = CloudflareAuth.from_env_values(
            _env("CLOUDFLARE_API_TOKEN"), _env("CLOUDFLARE_EMAIL"), _env("CLOUDFLARE_API_KEY")
        )
    account = account_id if account_id is not None else _env("CLOUDFLARE_ACCOUNT_ID")
    if account is None:
        raise InvalidInput("invalid_input", "no account id: pass account_id or set CLOUDFLARE_ACCOUNT_ID")
    base = base_url if base_url is not None else _env("CLOUDFLARE_BASE_URL")
    return CloudflareApi(account, auth, base)


def _stream_token_exchange(
    api: CloudflareApi,
    uid: str,
    signing_key: Optional[Union[CreatedStreamKey, Tuple[str, str]]],
    exp: Optional[int],
    nbf: Optional[int],
    downloadable: Optional[bool],
    access_rules: Optional[AccessRules],
    original: Optional[bool],
) -> _native.Exchange:
    key_id: Optional[str] = None
    pem: Optional[str] = None
    if isinstance(signing_key, CreatedStreamKey):
        key_id, pem = signing_key.id, signing_key.pem
    elif signing_key is not None:
        key_id, pem = signing_key
    rules = None if access_rules is None else [dict(r) for r in access_rules]
    return api.stream_token(uid, key_id, pem, exp, nbf, downloadable, rules, original)


class _CloudflareBase:
    __slots__ = ("_api",)
    _api: CloudflareApi

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> NoReturn:
        _no_pickle(type(self).__name__)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(account_id={self._api.account_id!r}, "
            f"base_url={self._api.base_url!r}, auth={self._api.scheme!r})"
        )

    @property
    def api(self) -> CloudflareApi:
        """The native endpoint: its methods return the operations' exchanges."""
        return self._api


class Cloudflare(_CloudflareBase):
    """An account's Cloudflare API. Every request is built by the core, every
    answer read by it, every retry decided by it (a POST is repeated only
    after a 429 or when it was never sent, so a retry never creates a second
    key); a :class:`~aura_sign.transport.Transport` (httpx) moves the bytes.

    Credentials: ``api_token``, or ``email`` + ``api_key`` (the Global API
    key); when none is given, ``CLOUDFLARE_API_TOKEN``, else
    ``CLOUDFLARE_EMAIL`` + ``CLOUDFLARE_API_KEY``. ``account_id`` defaults to
    ``CLOUDFLARE_ACCOUNT_ID``, ``base_url`` to ``CLOUDFLARE_BASE_URL``, else
    ``https://api.cloudflare.com/client/v4``. Needs ``aura-sign[http]``.
    For asyncio, :class:`AsyncCloudflare` has the same methods.
    """

    __slots__ = ("_transport",)
    _transport: "Transport"

    def __init__(
        self,
        account_id: Optional[str] = None,
        *,
        api_token: Optional[str] = None,
        email: Optional[str] = None,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        transport: Optional["Transport"] = None,
    ) -> None:
        from .transport import Transport

        object.__setattr__(self, "_api", _api_from(account_id, api_token, email, api_key, base_url))
        object.__setattr__(self, "_transport", transport if transport is not None else Transport())

    @property
    def transport(self) -> "Transport":
        return self._transport

    def _run(self, exchange: _native.Exchange, kind: str) -> Any:
        return self._transport.run(exchange, kind)

    # ---- Images signing keys (cloudflare.md §1.6) ----

    def list_images_keys(self) -> List[ImagesSigningKey]:
        """Every signing key, with its value."""
        keys: List[ImagesSigningKey] = self._run(self._api.list_images_keys(), "images_keys")
        return keys

    def create_images_key(self, name: str) -> ImagesSigningKey:
        """Creates ``name``: lists first and refuses (``InvalidInput``) when it
        exists, since a second PUT would rotate a live key."""
        key: ImagesSigningKey = self._run(self._api.create_images_key(name), "images_key")
        return key

    def rotate_images_key(self, name: str) -> ImagesSigningKey:
        """A new value for the existing key ``name`` (URLs signed with the old
        one stop working); ``KeyNotFound`` when it does not exist."""
        key: ImagesSigningKey = self._run(self._api.rotate_images_key(name), "images_key")
        return key

    def delete_images_key(self, name: str) -> List[ImagesSigningKey]:
        """Deletes ``name``; returns the keys left."""
        keys: List[ImagesSigningKey] = self._run(self._api.delete_images_key(name), "images_keys")
        return keys

    def ensure_signing_key(self, name: str, *, adopt: Optional[bool] = None, delete: Optional[bool] = None) -> EnsuredKey:
        """``ensureSigningKey(name, {adopt})``: adopt an existing key (when
        ``adopt``, default ``False``), create a missing one, or refuse
        (``InvalidInput``) to rotate a live key silently."""
        ensured: EnsuredKey = self._run(self._api.ensure_signing_key(name, adopt, delete), "ensured")
        return ensured

    def remove_signing_key(self, name: str, *, adopt: Optional[bool] = None, delete: Optional[bool] = None) -> Removal:
        """The removal side of :meth:`ensure_signing_key`: keeps the key when
        ``delete=False`` (nothing is sent; default ``True``), else deletes it
        (already gone is not an error)."""
        removal: Removal = self._run(self._api.remove_signing_key(name, adopt, delete), "removed")
        return removal

    # ---- Images (cloudflare.md §1.5) ----

    def image_details(self, image_id: str) -> ImageDetails:
        details: ImageDetails = self._run(self._api.image_details(image_id), "image")
        return details

    def set_image_require_signed_urls(self, image_id: str, require: bool = True) -> ImageDetails:
        """``requireSignedURLs: true`` makes the image private (served only
        with a signed URL). Use the answer's ``id`` from then on."""
        details: ImageDetails = self._run(self._api.set_image_require_signed_urls(image_id, require), "image")
        return details

    # ---- Stream (cloudflare.md §2.3, §2.4) ----

    def create_stream_key(self) -> CreatedStreamKey:
        """A new signing key; ``.signer()`` signs tokens with it at once."""
        key: CreatedStreamKey = self._run(self._api.create_stream_key(), "stream_key")
        return key

    def list_stream_keys(self) -> List[StreamKeyInfo]:
        keys: List[StreamKeyInfo] = self._run(self._api.list_stream_keys(), "stream_keys")
        return keys

    def revoke_stream_key(self, key_id: str) -> Optional[str]:
        """Revokes a key (its tokens stop working); what Cloudflare answers."""
        revoked: Optional[str] = self._run(self._api.revoke_stream_key(key_id), "stream_key_revoked")
        return revoked

    def video_details(self, uid: str) -> VideoDetails:
        details: VideoDetails = self._run(self._api.video_details(uid), "video")
        return details

    def set_video_require_signed_urls(self, uid: str, require: bool = True) -> VideoDetails:
        """Seed 003's ``POST /stream/{uid}`` with ``requireSignedURLs``."""
        details: VideoDetails = self._run(self._api.set_video_require_signed_urls(uid, require), "video")
        return details

    def stream_token(
        self,
        uid: str,
        *,
        signing_key: Optional[Union[CreatedStreamKey, Tuple[str, str]]] = None,
        exp: Optional[int] = None,
        nbf: Optional[int] = None,
        downloadable: Optional[bool] = None,
        access_rules: Optional[AccessRules] = None,
        original: Optional[bool] = None,
    ) -> StreamToken:
        """A token signed by Cloudflare's ``/token`` endpoint (rate limited: a
        fallback; sign locally with :class:`StreamSigner` when you hold a
        key). ``signing_key``: a :class:`CreatedStreamKey` or ``(id, pem)``."""
        ex = _stream_token_exchange(self._api, uid, signing_key, exp, nbf, downloadable, access_rules, original)
        token: StreamToken = self._run(ex, "stream_token")
        return token


class AsyncCloudflare(_CloudflareBase):
    """:class:`Cloudflare` for asyncio: the same arguments and methods, each
    ``async``, over an :class:`~aura_sign.transport.AsyncTransport`."""

    __slots__ = ("_transport",)
    _transport: "AsyncTransport"

    def __init__(
        self,
        account_id: Optional[str] = None,
        *,
        api_token: Optional[str] = None,
        email: Optional[str] = None,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        transport: Optional["AsyncTransport"] = None,
    ) -> None:
        from .transport import AsyncTransport

        object.__setattr__(self, "_api", _api_from(account_id, api_token, email, api_key, base_url))
        object.__setattr__(self, "_transport", transport if transport is not None else AsyncTransport())

    @property
    def transport(self) -> "AsyncTransport":
        return self._transport

    async def _run(self, exchange: _native.Exchange, kind: str) -> Any:
        return await self._transport.run(exchange, kind)

    async def list_images_keys(self) -> List[ImagesSigningKey]:
        keys: List[ImagesSigningKey] = await self._run(self._api.list_images_keys(), "images_keys")
        return keys

    async def create_images_key(self, name: str) -> ImagesSigningKey:
        key: ImagesSigningKey = await self._run(self._api.create_images_key(name), "images_key")
        return key

    async def rotate_images_key(self, name: str) -> ImagesSigningKey:
        key: ImagesSigningKey = await self._run(self._api.rotate_images_key(name), "images_key")
        return key

    async def delete_images_key(self, name: str) -> List[ImagesSigningKey]:
        keys: List[ImagesSigningKey] = await self._run(self._api.delete_images_key(name), "images_keys")
        return keys

    async def ensure_signing_key(
        self, name: str, *, adopt: Optional[bool] = None, delete: Optional[bool] = None
    ) -> EnsuredKey:
        ensured: EnsuredKey = await self._run(self._api.ensure_signing_key(name, adopt, delete), "ensured")
        return ensured

    async def remove_signing_key(self, name: str, *, adopt: Optional[bool] = None, delete: Optional[bool] = None) -> Removal:
        removal: Removal = await self._run(self._api.remove_signing_key(name, adopt, delete), "removed")
        return removal

    async def image_details(self, image_id: str) -> ImageDetails:
        details: ImageDetails = await self._run(self._api.image_details(image_id), "image")
        return details

    async def set_image_require_signed_urls(self, image_id: str, require: bool = True) -> ImageDetails:
        details: ImageDetails = await self._run(self._api.set_image_require_signed_urls(image_id, require), "image")
        return details

    async def create_stream_key(self) -> CreatedStreamKey:
        key: CreatedStreamKey = await self._run(self._api.create_stream_key(), "stream_key")
        return key

    async def list_stream_keys(self) -> List[StreamKeyInfo]:
        keys: List[StreamKeyInfo] = await self._run(self._api.list_stream_keys(), "stream_keys")
        return keys

    async def revoke_stream_key(self, key_id: str) -> Optional[str]:
        revoked: Optional[str] = await self._run(self._api.revoke_stream_key(key_id), "stream_key_revoked")
        return revoked

    async def video_details(self, uid: str) -> VideoDetails:
        details: VideoDetails = await self._run(self._api.video_details(uid), "video")
        return details

    async def set_video_require_signed_urls(self, uid: str, require: bool = True) -> VideoDetails:
        details: VideoDetails = await self._run(self._api.set_video_require_signed_urls(uid, require), "video")
        return details

    async def stream_token(
        self,
        uid: str,
        *,
        signing_key: Optional[Union[CreatedStreamKey, Tuple[str, str]]] = None,
        exp: Optional[int] = None,
        nbf: Optional[int] = None,
        downloadable: Optional[bool] = None,
        access_rules: Optional[AccessRules] = None,
        original: Optional[bool] = None,
    ) -> StreamToken:
        ex = _stream_token_exchange(self._api, uid, signing_key, exp, nbf, downloadable, access_rules, original)
        token: StreamToken = await self._run(ex, "stream_token")
        return token
