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
from ._native import CloudFrontVerifier as _Verifier

__all__ = [
    "CloudFrontKey",
    "CloudFrontPublicKey",
    "CloudFrontSigner",
    "CloudFrontStyle",
    "CloudFrontVerifier",
    "HashAlgorithm",
    "SignedCookies",
    "SignedUrl",
    "VerifiedAccess",
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
