"""aura-sign: signed, expiring URLs and tokens for private media.

AuraImage (byte-identical to ``@auraimage/sdk``), Cloudflare Images signed
URLs and Cloudflare Stream tokens, from one Rust core.
"""

from __future__ import annotations

from typing import Iterable, List, NamedTuple, NoReturn, Optional, Sequence, Tuple, Union

from . import _native
from ._clock import now_or
from .errors import AuraError

from . import cloudflare, errors, jwt, keys, server  # noqa: E402  (submodules, importable as attributes)

__all__ = [
    "AuraError",
    "cloudflare",
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
    object cannot be pickled.
    """

    __slots__ = ("_inner",)
    _inner: _native.AuraImage

    def __init__(
        self,
        secret_key: str,
        project_name: str,
        serve_secret: Optional[str] = None,
        cdn_url: Optional[str] = None,
    ) -> None:
        object.__setattr__(self, "_inner", _native.AuraImage(secret_key, project_name, serve_secret, cdn_url))

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
