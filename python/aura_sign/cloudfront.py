"""AWS CloudFront signed URLs and signed cookies (canned and custom
policies, RSA-SHA1 and RSA-SHA256 key pairs), byte-identical to
``@aws-sdk/cloudfront-signer`` 3.1166.0 (``style="aws-js"``) and botocore
1.44.8 (``style="botocore"``); ``style="default"`` signs exactly the URL it
returns. :class:`CloudFrontVerifier` checks URLs and cookies."""

from __future__ import annotations

import datetime as _dt
from typing import Dict, Literal, Mapping, NamedTuple, NoReturn, Optional, Sequence, Tuple, Union

from ._clock import now_or
from ._native import CloudFrontKey, CloudFrontPublicKey
from ._native import CloudFrontSigner as _Signer
from ._native import CloudFrontUnsignedCookies as _UnsignedCookies
from ._native import CloudFrontUnsignedUrl as _UnsignedUrl
from ._native import CloudFrontVerifier as _Verifier
from ._native import cloudfront_build_policy as _build_policy
from ._native import cloudfront_epoch_seconds as _epoch_seconds

__all__ = [
    "CloudFrontKey",
    "CloudFrontPublicKey",
    "CloudFrontSigner",
    "CloudFrontStyle",
    "CloudFrontVerifier",
    "HashAlgorithm",
    "SignedCookies",
    "SignedUrl",
    "UnsignedCookies",
    "UnsignedUrl",
    "VerifiedAccess",
    "build_policy",
    "epoch_seconds_from_js_millis",
]

CloudFrontStyle = Literal["default", "aws-js", "botocore"]
HashAlgorithm = Literal["SHA1", "SHA256"]
When = Union[int, _dt.datetime]


def _seconds(when: When) -> int:
    """Unix seconds; a naive datetime is UTC (as botocore reads it), the
    fraction truncated toward zero."""
    if isinstance(when, _dt.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=_dt.timezone.utc)
        return int(when.timestamp())
    return when


class SignedUrl(NamedTuple):
    url: str
    policy: str
    hash_algorithm: str
    canned: bool


class SignedCookies(NamedTuple):
    """``cookies``: name → value in the JS signer's order; ``policy``: the signed text."""

    cookies: Dict[str, str]
    policy: str


class VerifiedAccess(NamedTuple):
    key_pair_id: str
    hash_algorithm: str
    canned: bool
    policy: str
    resource: str
    date_less_than: int
    date_greater_than: Optional[int]
    ip_address: Optional[str]


def epoch_seconds_from_js_millis(ms: float) -> int:
    """``Math.round(ms / 1000)`` for a JavaScript time value, as the AWS JS
    SDK converts its dates; NaN and out-of-range values raise
    :class:`~aura_sign.errors.InvalidInput`."""
    return _epoch_seconds(ms)


def build_policy(resource: str, *, date_less_than: When, date_greater_than: Optional[When] = None,
                 ip_address: Optional[str] = None, style: CloudFrontStyle = "default") -> str:
    """The custom policy ``style`` writes (botocore's ``build_policy`` for ``style="botocore"``)."""
    dgt = None if date_greater_than is None else _seconds(date_greater_than)
    return _build_policy(style, resource, _seconds(date_less_than), dgt, ip_address)


class UnsignedUrl:
    """A URL built but for its signature: ``policy`` is the exact text to
    sign; :meth:`sign` signs it with the held key, :meth:`finish` takes an
    RSA PKCS#1 v1.5 signature made elsewhere (an HSM), checked first."""

    __slots__ = ("_inner",)
    _inner: _UnsignedUrl

    def __init__(self, inner: _UnsignedUrl) -> None:
        object.__setattr__(self, "_inner", inner)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("UnsignedUrl is immutable")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def policy(self) -> str:
        return self._inner.policy

    @property
    def hash_algorithm(self) -> str:
        return self._inner.hash_algorithm

    @property
    def canned(self) -> bool:
        return self._inner.canned

    def sign(self) -> SignedUrl:
        return SignedUrl(*self._inner.sign())

    def finish(self, signature: bytes) -> SignedUrl:
        return SignedUrl(*self._inner.finish(bytes(signature)))


class UnsignedCookies:
    """Cookies built but for their signature (see :class:`UnsignedUrl`)."""

    __slots__ = ("_inner",)
    _inner: _UnsignedCookies

    def __init__(self, inner: _UnsignedCookies) -> None:
        object.__setattr__(self, "_inner", inner)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("UnsignedCookies is immutable")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def policy(self) -> str:
        return self._inner.policy

    @property
    def hash_algorithm(self) -> str:
        return self._inner.hash_algorithm

    def sign(self) -> SignedCookies:
        pairs, policy = self._inner.sign()
        return SignedCookies(dict(pairs), policy)

    def finish(self, signature: bytes) -> SignedCookies:
        pairs, policy = self._inner.finish(bytes(signature))
        return SignedCookies(dict(pairs), policy)


class CloudFrontSigner:
    """A parsed key pair and a style (``botocore.signers.CloudFrontSigner``
    without the ``rsa_signer`` callback)."""

    __slots__ = ("_inner",)
    _inner: _Signer

    def __init__(self, key: CloudFrontKey, style: CloudFrontStyle = "default") -> None:
        object.__setattr__(self, "_inner", _Signer(key, style))

    @classmethod
    def from_pem(cls, pem: str, key_pair_id: str, *, hash_algorithm: HashAlgorithm = "SHA1",
                 style: CloudFrontStyle = "default") -> "CloudFrontSigner":
        return cls(CloudFrontKey.from_pem(pem, key_pair_id, hash_algorithm), style)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CloudFrontSigner is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("CloudFrontSigner holds a private key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def style(self) -> str:
        return self._inner.style

    @property
    def key_pair_id(self) -> str:
        return self._inner.key_pair_id

    def sign_url(self, url: str, *, date_less_than: When, date_greater_than: Optional[When] = None,
                 ip_address: Optional[str] = None, now: Optional[int] = None) -> SignedUrl:
        """Canned policy when only ``date_less_than`` is given, else custom."""
        dgt = None if date_greater_than is None else _seconds(date_greater_than)
        return SignedUrl(*self._inner.sign_url(url, now_or(now), _seconds(date_less_than), dgt, ip_address))

    def prepare_url(self, url: str, *, date_less_than: When, date_greater_than: Optional[When] = None,
                    ip_address: Optional[str] = None, now: Optional[int] = None) -> UnsignedUrl:
        """Everything but the signature (for a signature made elsewhere)."""
        dgt = None if date_greater_than is None else _seconds(date_greater_than)
        return UnsignedUrl(self._inner.prepare_url(url, now_or(now), _seconds(date_less_than), dgt, ip_address))

    def prepare_url_with_policy(self, url: Optional[str], policy: str, *, now: Optional[int] = None) -> UnsignedUrl:
        return UnsignedUrl(self._inner.prepare_url_with_policy(url, policy, now_or(now)))

    def prepare_cookies(self, url: str, *, date_less_than: When, date_greater_than: Optional[When] = None,
                        ip_address: Optional[str] = None, now: Optional[int] = None) -> UnsignedCookies:
        dgt = None if date_greater_than is None else _seconds(date_greater_than)
        return UnsignedCookies(self._inner.prepare_cookies(url, now_or(now), _seconds(date_less_than), dgt, ip_address))

    def prepare_cookies_with_policy(self, policy: str, *, now: Optional[int] = None) -> UnsignedCookies:
        return UnsignedCookies(self._inner.prepare_cookies_with_policy(policy, now_or(now)))

    def sign_url_with_policy(self, url: Optional[str], policy: str, *, now: Optional[int] = None) -> SignedUrl:
        """A policy given as text, signed byte for byte."""
        return SignedUrl(*self._inner.sign_url_with_policy(url, policy, now_or(now)))

    def generate_presigned_url(self, url: str, date_less_than: Optional[When] = None, policy: Optional[str] = None,
                               *, now: Optional[int] = None) -> str:
        """botocore's signature: exactly one of ``date_less_than`` and ``policy``."""
        if (date_less_than is None) == (policy is None):
            raise ValueError("Need to provide either date_less_than or policy, but not both")
        if policy is not None:
            return self.sign_url_with_policy(url, policy, now=now).url
        assert date_less_than is not None
        return self.sign_url(url, date_less_than=date_less_than, now=now).url

    def sign_cookies(self, url: str, *, date_less_than: When, date_greater_than: Optional[When] = None,
                     ip_address: Optional[str] = None, now: Optional[int] = None) -> SignedCookies:
        dgt = None if date_greater_than is None else _seconds(date_greater_than)
        pairs, policy = self._inner.sign_cookies(url, now_or(now), _seconds(date_less_than), dgt, ip_address)
        return SignedCookies(dict(pairs), policy)

    def sign_cookies_with_policy(self, policy: str, *, now: Optional[int] = None) -> SignedCookies:
        pairs, text = self._inner.sign_cookies_with_policy(policy, now_or(now))
        return SignedCookies(dict(pairs), text)


class CloudFrontVerifier:
    """Trusted public keys, looked up by key pair id."""

    __slots__ = ("_inner",)
    _inner: _Verifier

    def __init__(self, keys: Union[CloudFrontPublicKey, Sequence[CloudFrontPublicKey]]) -> None:
        keys = [keys] if isinstance(keys, CloudFrontPublicKey) else list(keys)
        object.__setattr__(self, "_inner", _Verifier(keys))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CloudFrontVerifier is immutable")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify_url(self, url: str, *, now: Optional[int] = None, client_ip: Optional[str] = None,
                   allow_sha1: bool = True) -> VerifiedAccess:
        return VerifiedAccess(**self._inner.verify_url(url, now_or(now), client_ip, allow_sha1))

    def verify_cookies(self, url: str, cookies: Union[Mapping[str, str], Sequence[Tuple[str, str]]], *,
                       now: Optional[int] = None, client_ip: Optional[str] = None,
                       allow_sha1: bool = True) -> VerifiedAccess:
        pairs = list(cookies.items()) if isinstance(cookies, Mapping) else list(cookies)
        return VerifiedAccess(**self._inner.verify_cookies(url, pairs, now_or(now), client_ip, allow_sha1))
