"""aura-sign: signed, expiring URLs and tokens for private media.

AuraImage (byte-identical to ``@auraimage/sdk``), Cloudflare Images signed
URLs and Cloudflare Stream tokens, from one Rust core.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, NamedTuple, NoReturn, Optional, Sequence, Tuple, Union

from . import _native
from ._clock import now_or
from .errors import AuraError

from . import akamai, bunny, cloudflare, cloudfront, errors, google_cdn, imgix, jwt, keys, mux, server  # noqa: E402  (submodules, importable as attributes)

if TYPE_CHECKING:  # httpx is the optional extra ``aura-sign[http]``
    from .transport import AsyncTransport, Transport

__all__ = [
    "AuraError",
    "akamai",
    "bunny",
    "cloudflare",
    "cloudfront",
    "google_cdn",
    "imgix",
    "mux",
    "errors",
    "jwt",
    "keys",
    "server",
    "AuraImage",
    "all_error_codes",
    "build_blurhash_url",
    "build_serve_url",
    "HttpRequest",
    "parse_set_visibility_response",
    "parse_size",
]

Number = Union[int, float]
_LAZY = threading.Lock()  # one default transport per AuraImage, even across threads


def all_error_codes() -> List[str]:
    """Every stable error ``code``, each once."""
    return _native.all_error_codes()


class HttpRequest(NamedTuple):
    """An HTTP request as data (for your own HTTP client)."""

    method: str
    url: str
    headers: List[Tuple[str, str]]
    body: str


class AuraImage:
    """An AuraImage project signer (``new AuraImage({...})`` in the JS SDK).

    Immutable and thread-safe; secrets never appear in ``repr`` and the
    object cannot be pickled. The HTTP calls (:meth:`set_visibility`,
    :meth:`upload`, :meth:`upload_from_url`) need ``aura-sign[http]`` and go
    through ``transport`` (default: a :class:`~aura_sign.transport.Transport`
    made on first use); their ``*_async`` versions through
    ``async_transport`` (an :class:`~aura_sign.transport.AsyncTransport`).
    """

    __slots__ = ("_inner", "_transport", "_async_transport")
    _inner: _native.AuraImage
    _transport: Optional["Transport"]
    _async_transport: Optional["AsyncTransport"]

    def __init__(
        self,
        secret_key: str,
        project_name: str,
        serve_secret: Optional[str] = None,
        cdn_url: Optional[str] = None,
        *,
        transport: Optional["Transport"] = None,
        async_transport: Optional["AsyncTransport"] = None,
    ) -> None:
        object.__setattr__(self, "_inner", _native.AuraImage(secret_key, project_name, serve_secret, cdn_url))
        object.__setattr__(self, "_transport", transport)
        object.__setattr__(self, "_async_transport", async_transport)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("AuraImage is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("AuraImage holds secrets and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def project_name(self) -> str:
        return self._inner.project_name

    @property
    def cdn_url(self) -> Optional[str]:
        return self._inner.cdn_url

    def sign_upload(
        self,
        *,
        max_size: Union[str, Number] = "30mb",
        allowed_types: Sequence[str] = ("image/*",),
        expires_in: Number = 3600,
        project_name: Optional[str] = None,
        visibility: Optional[str] = None,
        name: Optional[str] = None,
        overwrite: Optional[bool] = None,
        now: Optional[int] = None,
    ) -> str:
        """An upload token (header ``X-Aura-Signature``)."""
        return self._inner.sign_upload(
            now_or(now), max_size, list(allowed_types), expires_in, project_name, visibility, name, overwrite
        )

    def get_signed_url(
        self, name: str, expires_in: Number = 3600, cdn_url: Optional[str] = None, now: Optional[int] = None
    ) -> str:
        """A signed URL for a private image; ``expires_in`` is clamped to [60, 604800]."""
        return self._inner.get_signed_url(name, now_or(now), expires_in, cdn_url)

    def get_signed_urls(
        self, names: Iterable[str], expires_in: Number = 3600, cdn_url: Optional[str] = None, now: Optional[int] = None
    ) -> List[str]:
        """Signed URLs for many names in one call (the GIL is released)."""
        return self._inner.get_signed_urls(list(names), now_or(now), expires_in, cdn_url)

    def visibility_request(self, name: str, visibility: str, now: Optional[int] = None) -> HttpRequest:
        """The exact ``setVisibility`` request (PATCH, signed header, JSON body);
        read the answer with :func:`parse_set_visibility_response`."""
        return HttpRequest(*self._inner.set_visibility_request(name, visibility, now_or(now)))

    # ---- the HTTP calls (auraimage.md §7, §8, §10) ----

    @property
    def transport(self) -> "Transport":
        """The transport of the HTTP calls (made on first use)."""
        with _LAZY:
            if self._transport is None:
                from .transport import Transport

                object.__setattr__(self, "_transport", Transport())
        assert self._transport is not None
        return self._transport

    @property
    def async_transport(self) -> "AsyncTransport":
        """The transport of the ``*_async`` calls (made on first use)."""
        with _LAZY:
            if self._async_transport is None:
                from .transport import AsyncTransport

                object.__setattr__(self, "_async_transport", AsyncTransport())
        assert self._async_transport is not None
        return self._async_transport

    def _upload_exchange(self, now: int, file: Union[bytes, bytearray, memoryview], filename: str, content_type: str,
                         max_size: Union[str, Number], allowed_types: Sequence[str], expires_in: Number,
                         project_name: Optional[str], visibility: Optional[str], name: Optional[str],
                         overwrite: Optional[bool]) -> _native.Exchange:
        from .transport import boundary

        return self._inner.upload_exchange(
            bytes(file), filename, content_type, now, boundary(),
            max_size, list(allowed_types), expires_in, project_name, visibility, name, overwrite,
        )

    def _from_url_exchange(self, now: int, url: str, name: Optional[str], max_size: Optional[Union[str, Number]],
                           visibility: Optional[str], overwrite: Optional[bool],
                           timeout_ms: Optional[int]) -> _native.Exchange:
        from .transport import boundary

        return self._inner.upload_from_url_exchange(url, now, boundary(), name, max_size, visibility, overwrite, timeout_ms)

    def set_visibility(self, name: str, visibility: str) -> Optional[str]:
        """``setVisibility(name, "public" | "private")``: the visibility the
        server reports. Raises :class:`~aura_sign.errors.RemoteError` with
        the SDK's message on a non-2xx answer."""
        t = self.transport
        answer: Optional[str] = t.run(self._inner.set_visibility_exchange(name, visibility, t.now()), "visibility")
        return answer

    def upload(
        self,
        file: Union[bytes, bytearray, memoryview],
        filename: str,
        *,
        content_type: str = "application/octet-stream",
        max_size: Union[str, Number] = "30mb",
        allowed_types: Sequence[str] = ("image/*",),
        expires_in: Number = 3600,
        project_name: Optional[str] = None,
        visibility: Optional[str] = None,
        name: Optional[str] = None,
        overwrite: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """Uploads ``file`` (one multipart ``file`` part named ``filename``)
        with a fresh upload token for the options (as :meth:`sign_upload`);
        returns the upload result (``url, name, blurhash, width, height,
        format, size, visibility``)."""
        t = self.transport
        ex = self._upload_exchange(t.now(), file, filename, content_type, max_size, allowed_types, expires_in,
                                   project_name, visibility, name, overwrite)
        result: Dict[str, Any] = t.run(ex, "uploaded")
        return result

    def upload_from_url(
        self,
        url: str,
        *,
        name: Optional[str] = None,
        max_size: Optional[Union[str, Number]] = None,
        visibility: Optional[str] = None,
        overwrite: Optional[bool] = None,
        timeout_ms: Optional[int] = None,
    ) -> Dict[str, Any]:
        """``uploadFromUrl(url, options)``: fetches ``url`` once (within
        ``timeout_ms``, default 30000), checks it, uploads it. Failures are
        :class:`~aura_sign.errors.UploadFromUrlError` with the SDK's ``kind``
        (``fetch``, ``content-type``, ``size``, ``upload``,
        ``invalid-name``), ``url``, ``status`` and message."""
        t = self.transport
        ex = self._from_url_exchange(t.now(), url, name, max_size, visibility, overwrite, timeout_ms)
        result: Dict[str, Any] = t.run(ex, "uploaded")
        return result

    async def set_visibility_async(self, name: str, visibility: str) -> Optional[str]:
        """:meth:`set_visibility` for asyncio."""
        t = self.async_transport
        answer: Optional[str] = await t.run(self._inner.set_visibility_exchange(name, visibility, t.now()), "visibility")
        return answer

    async def upload_async(
        self,
        file: Union[bytes, bytearray, memoryview],
        filename: str,
        *,
        content_type: str = "application/octet-stream",
        max_size: Union[str, Number] = "30mb",
        allowed_types: Sequence[str] = ("image/*",),
        expires_in: Number = 3600,
        project_name: Optional[str] = None,
        visibility: Optional[str] = None,
        name: Optional[str] = None,
        overwrite: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """:meth:`upload` for asyncio."""
        t = self.async_transport
        ex = self._upload_exchange(t.now(), file, filename, content_type, max_size, allowed_types, expires_in,
                                   project_name, visibility, name, overwrite)
        result: Dict[str, Any] = await t.run(ex, "uploaded")
        return result

    async def upload_from_url_async(
        self,
        url: str,
        *,
        name: Optional[str] = None,
        max_size: Optional[Union[str, Number]] = None,
        visibility: Optional[str] = None,
        overwrite: Optional[bool] = None,
        timeout_ms: Optional[int] = None,
    ) -> Dict[str, Any]:
        """:meth:`upload_from_url` for asyncio."""
        t = self.async_transport
        ex = self._from_url_exchange(t.now(), url, name, max_size, visibility, overwrite, timeout_ms)
        result: Dict[str, Any] = await t.run(ex, "uploaded")
        return result


def parse_set_visibility_response(status: int, body: str) -> Optional[str]:
    """The visibility a 2xx answer reports; raises RemoteError otherwise."""
    return _native.parse_set_visibility_response(status, body)


def parse_size(value: Union[str, Number]) -> int:
    """``"30mb"`` → 31457280 (units of 1024, JS semantics)."""
    return _native.parse_size(value)


def build_serve_url(
    *,
    cdn_url: str,
    project: str,
    name: str,
    width: Optional[int] = None,
    height: Optional[int] = None,
    fit: Optional[str] = None,
    quality: Optional[int] = None,
    format: Optional[str] = None,
    lqip: bool = False,
    v: Optional[Union[str, int]] = None,
) -> str:
    """A public serve URL with transforms (no secret involved)."""
    return _native.build_serve_url(cdn_url, project, name, width, height, fit, quality, format, lqip, v)


def build_blurhash_url(*, cdn_url: str, project: str, name: str, v: Optional[Union[str, int]] = None) -> str:
    return _native.build_blurhash_url(cdn_url, project, name, v)
