"""Google Cloud CDN (HMAC-SHA1) and Media CDN (Ed25519) signed URLs, URL
prefixes and cookies, Media CDN path components and tokens (Ed25519,
HMAC-SHA1, HMAC-SHA256), byte-identical to Google's Python samples
(``cdn/snippets.py``, ``media_cdn/snippets.py``, ``media_cdn/dualtoken.py``);
and verifiers, which the samples do not ship.

Times are whole Unix seconds (the samples take ``datetime``: pass
``int(dt.timestamp())``). Keys are decoded once, in the constructor, as the
samples decode them (``base64.urlsafe_b64decode``). Refused with
:class:`~aura_sign.errors.InvalidInput` where the samples write something
the edge cannot read: key names outside ``A–Z a–z 0–9 - _ .``, expiries
before 1970, URLs with control characters or a bracketed / non-ASCII host,
and ``~`` (or ``,`` / ``=`` in headers) inside token values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Literal, Mapping, NamedTuple, NoReturn, Optional, Sequence, Tuple, Union

from . import _native
from ._clock import now_or
from ._native import CloudCdnSigner as _CloudSigner
from ._native import CloudCdnVerifier as _CloudVerifier
from ._native import MediaCdnSigner as _MediaSigner
from ._native import MediaCdnTokenSigner as _TokenSigner
from ._native import MediaCdnTokenVerifier as _TokenVerifier
from ._native import MediaCdnVerifier as _MediaVerifier

__all__ = [
    "CLOUD_CDN_COOKIE_NAME",
    "MEDIA_CDN_COOKIE_NAME",
    "RULE_HEADERS",
    "RULE_IP_RANGES",
    "RULE_PATH",
    "RULE_URL_PREFIX",
    "CloudCdnSigner",
    "CloudCdnVerifier",
    "GoogleCdnGrant",
    "MediaCdnSigner",
    "MediaCdnTokenGrant",
    "MediaCdnTokenSigner",
    "MediaCdnTokenVerifier",
    "MediaCdnVerifier",
    "Signed",
    "TokenAlgorithm",
]

CLOUD_CDN_COOKIE_NAME: str = _native.CLOUD_CDN_COOKIE_NAME
MEDIA_CDN_COOKIE_NAME: str = _native.MEDIA_CDN_COOKIE_NAME
RULE_URL_PREFIX: int = _native.GOOGLE_CDN_RULE_URL_PREFIX
"""``AccessDenied.rule_index`` when the request URL is outside the signed ``URLPrefix``."""
RULE_PATH: int = _native.GOOGLE_CDN_RULE_PATH
"""… when the request path is outside a token's ``FullPath`` / ``PathGlobs``."""
RULE_IP_RANGES: int = _native.GOOGLE_CDN_RULE_IP_RANGES
"""… when the viewer IP is outside a token's ``IPRanges`` (or unknown)."""
RULE_HEADERS: int = _native.GOOGLE_CDN_RULE_HEADERS
"""… when a header a token signs is missing from the request."""

TokenAlgorithm = Literal["ed25519", "sha1", "sha256"]
Headers = Union[Mapping[str, str], Sequence[Tuple[str, str]]]


class Signed(NamedTuple):
    """What the sample returns (URL, ``Name=value`` cookie, or token) and the
    exact text given to HMAC / Ed25519."""

    value: str
    string_to_sign: str


@dataclass(frozen=True)
class GoogleCdnGrant:
    """A verified signed URL or cookie: ``url_prefix`` is ``None`` for a
    whole-URL signature."""

    key_name: str
    expires: int
    url_prefix: Optional[str]


@dataclass(frozen=True)
class MediaCdnTokenGrant:
    """The fields of a verified Media CDN token."""

    starts: Optional[int]
    expires: int
    session_id: Optional[str]
    data: Optional[str]
    header_names: List[str]
    ip_ranges: Optional[str]


def _pairs(headers: Optional[Headers]) -> List[Tuple[str, str]]:
    if headers is None:
        return []
    return list(headers.items()) if isinstance(headers, Mapping) else [tuple(h) for h in headers]  # type: ignore[misc]


class CloudCdnSigner:
    """``cdn/snippets.py``'s ``sign_url`` / ``sign_url_prefix`` /
    ``sign_cookie`` with the key name and base64url key held (decoded once)."""

    __slots__ = ("_inner",)
    _inner: _CloudSigner

    def __init__(self, key_name: str, base64_key: str) -> None:
        object.__setattr__(self, "_inner", _CloudSigner(key_name, base64_key))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CloudCdnSigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("CloudCdnSigner holds a key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def key_name(self) -> str:
        return self._inner.key_name

    def sign_url(self, url: str, *, expires: int) -> Signed:
        """``url?Expires=E&KeyName=K&Signature=S`` (``&`` when ``url`` has a query)."""
        return Signed(*self._inner.sign_url(url, expires))

    def sign_url_prefix(self, url: str, url_prefix: str, *, expires: int) -> Signed:
        """``url?URLPrefix=P&Expires=E&KeyName=K&Signature=S``: only the policy is signed."""
        return Signed(*self._inner.sign_url_prefix(url, url_prefix, expires))

    def sign_cookie(self, url_prefix: str, *, expires: int) -> Signed:
        """``Cloud-CDN-Cookie=URLPrefix=P:Expires=E:KeyName=K:Signature=S``."""
        return Signed(*self._inner.sign_cookie(url_prefix, expires))


class CloudCdnVerifier:
    """A backend's keys by key name (several names: rotation)."""

    __slots__ = ("_inner",)
    _inner: _CloudVerifier

    def __init__(self, keys: Union[Mapping[str, str], Sequence[Tuple[str, str]]]) -> None:
        pairs = list(keys.items()) if isinstance(keys, Mapping) else [tuple(k) for k in keys]
        object.__setattr__(self, "_inner", _CloudVerifier(pairs))  # type: ignore[arg-type]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CloudCdnVerifier is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("CloudCdnVerifier holds keys and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify_url(self, url: str, *, now: Optional[int] = None) -> GoogleCdnGrant:
        """A URL from ``sign_url`` or ``sign_url_prefix``; valid while ``now <= Expires``."""
        return GoogleCdnGrant(**self._inner.verify_url(url, now_or(now)))

    def verify_cookie(self, cookie: str, request_url: str, *, now: Optional[int] = None) -> GoogleCdnGrant:
        """A ``Cloud-CDN-Cookie`` value (with or without its name) for a request to ``request_url``."""
        return GoogleCdnGrant(**self._inner.verify_cookie(cookie, request_url, now_or(now)))


class MediaCdnSigner:
    """``media_cdn/snippets.py`` (and ``dualtoken.sign_path_component``) with
    the key name and the Ed25519 seed (base64url, 32 bytes) held."""

    __slots__ = ("_inner",)
    _inner: _MediaSigner

    def __init__(self, key_name: str, base64_key: str) -> None:
        object.__setattr__(self, "_inner", _MediaSigner(key_name, base64_key))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MediaCdnSigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("MediaCdnSigner holds a key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def key_name(self) -> str:
        return self._inner.key_name

    def public_key(self) -> bytes:
        """The 32-byte public key to register in the keyset."""
        return self._inner.public_key()

    def sign_url(self, url: str, *, expires: int) -> Signed:
        return Signed(*self._inner.sign_url(url, expires))

    def sign_url_prefix(self, url: str, url_prefix: str, *, expires: int) -> Signed:
        return Signed(*self._inner.sign_url_prefix(url, url_prefix, expires))

    def sign_cookie(self, url_prefix: str, *, expires: int) -> Signed:
        """``Edge-Cache-Cookie=URLPrefix=P:Expires=E:KeyName=K:Signature=S``."""
        return Signed(*self._inner.sign_cookie(url_prefix, expires))

    def sign_path_component(self, url_prefix: str, filename: str, *, expires: int) -> Signed:
        """``url_prefix + "edge-cache-token=Expires=E&KeyName=K&Signature=S/" + filename``."""
        return Signed(*self._inner.sign_path_component(url_prefix, filename, expires))


class MediaCdnVerifier:
    """Public keys by key name (a Media CDN keyset): 32 bytes or base64url text."""

    __slots__ = ("_inner",)
    _inner: _MediaVerifier

    def __init__(self, keys: Union[Mapping[str, Union[bytes, str]], Sequence[Tuple[str, Union[bytes, str]]]]) -> None:
        pairs = list(keys.items()) if isinstance(keys, Mapping) else [tuple(k) for k in keys]
        object.__setattr__(self, "_inner", _MediaVerifier(pairs))  # type: ignore[arg-type]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MediaCdnVerifier is immutable")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify_url(self, url: str, *, now: Optional[int] = None) -> GoogleCdnGrant:
        return GoogleCdnGrant(**self._inner.verify_url(url, now_or(now)))

    def verify_cookie(self, cookie: str, request_url: str, *, now: Optional[int] = None) -> GoogleCdnGrant:
        return GoogleCdnGrant(**self._inner.verify_cookie(cookie, request_url, now_or(now)))

    def verify_path_component(self, url: str, *, now: Optional[int] = None) -> GoogleCdnGrant:
        return GoogleCdnGrant(**self._inner.verify_path_component(url, now_or(now)))


class MediaCdnTokenSigner:
    """``dualtoken.sign_token`` with the key held: ``algorithm="ed25519"``
    (the 32-byte seed), ``"sha1"`` or ``"sha256"`` (an HMAC secret)."""

    __slots__ = ("_inner",)
    _inner: _TokenSigner

    def __init__(self, base64_key: str, algorithm: TokenAlgorithm = "ed25519") -> None:
        object.__setattr__(self, "_inner", _TokenSigner(base64_key, algorithm))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MediaCdnTokenSigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("MediaCdnTokenSigner holds a key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def algorithm(self) -> str:
        return self._inner.algorithm

    def public_key(self) -> Optional[bytes]:
        """The Ed25519 public key (``None`` for HMAC keys)."""
        return self._inner.public_key()

    def sign(
        self,
        *,
        full_path: Optional[str] = None,
        path_globs: Optional[str] = None,
        url_prefix: Optional[str] = None,
        starts: Optional[int] = None,
        expires: Optional[int] = None,
        session_id: Optional[str] = None,
        data: Optional[str] = None,
        headers: Optional[Headers] = None,
        ip_ranges: Optional[str] = None,
        now: Optional[int] = None,
    ) -> Signed:
        """Exactly one of ``full_path``, ``path_globs`` (``,`` or ``!``
        separated) and ``url_prefix``; ``expires`` defaults to ``now + 3600``;
        ``headers`` are ``(name, value)`` pairs (the token lists the names,
        the signature covers ``name=value``)."""
        given = [(k, v) for k, v in (("full_path", full_path), ("path_globs", path_globs),
                                      ("url_prefix", url_prefix)) if v is not None]
        if len(given) != 1:
            raise TypeError("sign() takes exactly one of full_path, path_globs and url_prefix")
        kind, resource = given[0]
        return Signed(*self._inner.sign(kind, resource, now_or(now), starts, expires, session_id, data,
                                        _pairs(headers), ip_ranges))


class MediaCdnTokenVerifier:
    """Ed25519 public keys (32 bytes) and HMAC secrets (base64url) a token
    may be signed with; tokens carry no key name, so every key of the
    signature's kind is tried."""

    __slots__ = ("_inner",)
    _inner: _TokenVerifier

    def __init__(self, *, ed25519_public_keys: Sequence[bytes] = (), hmac_keys: Sequence[str] = ()) -> None:
        object.__setattr__(self, "_inner", _TokenVerifier(list(ed25519_public_keys), list(hmac_keys)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MediaCdnTokenVerifier is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("MediaCdnTokenVerifier holds keys and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify(self, token: str, *, url: str = "", path: str = "", headers: Optional[Headers] = None,
               ip: Optional[str] = None, now: Optional[int] = None) -> MediaCdnTokenGrant:
        """The request the token comes with: full ``url`` (for ``URLPrefix``),
        ``path`` (``FullPath`` / ``PathGlobs``), ``headers``, viewer ``ip``.
        ``Starts <= now <= Expires``."""
        return MediaCdnTokenGrant(**self._inner.verify(token, now_or(now), url, path, _pairs(headers), ip))
