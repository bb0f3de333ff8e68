"""Akamai EdgeAuth (Auth Token 2.0) URL and ACL tokens, equal to
``akamai-edgeauth`` 0.3.2 (PyPI, ``style="python"``) and 0.2.0 (npm,
``style="node"``); the default style gives the bytes both packages agree on
and refuses what one of them gets wrong. :class:`EdgeAuthVerifier` is the
edge's side (the packages ship none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Literal, NamedTuple, NoReturn, Optional, Sequence, Union

from ._clock import now_or
from ._native import EdgeAuthSigner as _Signer
from ._native import EdgeAuthVerifier as _Verifier

__all__ = ["EdgeAuth", "EdgeAuthAlgorithm", "EdgeAuthClaims", "EdgeAuthStyle", "EdgeAuthToken", "EdgeAuthVerifier"]

EdgeAuthAlgorithm = Literal["sha256", "sha1", "md5"]
EdgeAuthStyle = Literal["default", "node", "python"]


class EdgeAuthToken(NamedTuple):
    """A token and what went into its HMAC (for debugging)."""

    token: str
    string_to_sign: str
    start: Optional[int]
    expires: int


@dataclass(frozen=True)
class EdgeAuthClaims:
    """The fields of a verified token, as written in it."""

    ip: Optional[str]
    start: Optional[int]
    expires: int
    acl: Optional[List[str]]
    session_id: Optional[str]
    payload: Optional[str]


class EdgeAuth:
    """``EdgeAuth(key=…, window_seconds=…)`` of ``akamai-edgeauth``: the hex
    key is parsed once; ``start_time`` is whole seconds or ``"now"``."""

    __slots__ = ("_inner", "_token_name")
    _inner: _Signer
    _token_name: str

    def __init__(
        self,
        key: str,
        *,
        algorithm: EdgeAuthAlgorithm = "sha256",
        style: EdgeAuthStyle = "default",
        token_name: str = "__token__",
        ip: Optional[str] = None,
        start_time: Optional[Union[int, str]] = None,
        end_time: Optional[int] = None,
        window_seconds: Optional[int] = None,
        session_id: Optional[str] = None,
        payload: Optional[str] = None,
        salt: Optional[str] = None,
        field_delimiter: str = "~",
        acl_delimiter: str = "!",
        escape_early: bool = False,
    ) -> None:
        inner = _Signer(key, algorithm, style, ip, start_time, end_time, window_seconds, session_id, payload, salt,
                        field_delimiter, acl_delimiter, escape_early)
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_token_name", token_name)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EdgeAuth is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("EdgeAuth holds a key and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def token_name(self) -> str:
        """The cookie, query parameter or header name (``__token__``)."""
        return self._token_name

    def sign_url(self, url: str, *, now: Optional[int] = None) -> EdgeAuthToken:
        return EdgeAuthToken(*self._inner.url_token(url, now_or(now)))

    def sign_acl(self, acl: Union[str, Sequence[str]], *, now: Optional[int] = None) -> EdgeAuthToken:
        entries = [acl] if isinstance(acl, str) else list(acl)
        return EdgeAuthToken(*self._inner.acl_token(entries, now_or(now)))

    def generate_url_token(self, url: str, *, now: Optional[int] = None) -> str:
        """The token for one URL (path and query as the edge sees them)."""
        return self.sign_url(url, now=now).token

    def generate_acl_token(self, acl: Union[str, Sequence[str]], *, now: Optional[int] = None) -> str:
        """The token for one ACL or several (``*`` and ``?`` wildcards)."""
        return self.sign_acl(acl, now=now).token


class EdgeAuthVerifier:
    """The edge's check: keys (rotation) and the property's token settings."""

    __slots__ = ("_inner",)
    _inner: _Verifier

    def __init__(
        self,
        keys: Union[str, Sequence[str]],
        *,
        algorithm: EdgeAuthAlgorithm = "sha256",
        style: EdgeAuthStyle = "default",
        salt: Optional[str] = None,
        field_delimiter: str = "~",
        acl_delimiter: str = "!",
        escape_early: bool = False,
    ) -> None:
        keys = [keys] if isinstance(keys, str) else list(keys)
        inner = _Verifier(keys, algorithm, style, salt, field_delimiter, acl_delimiter, escape_early)
        object.__setattr__(self, "_inner", inner)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EdgeAuthVerifier is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("EdgeAuthVerifier holds keys and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify_url(self, token: str, url: str, *, now: Optional[int] = None, viewer_ip: Optional[str] = None) -> EdgeAuthClaims:
        """Valid while ``st <= now < exp``."""
        return EdgeAuthClaims(**self._inner.verify_url(token, url, now_or(now), viewer_ip))

    def verify_acl(self, token: str, path: str, *, now: Optional[int] = None, viewer_ip: Optional[str] = None) -> EdgeAuthClaims:
        """One ACL entry must match ``path`` (else ``AccessDenied``)."""
        return EdgeAuthClaims(**self._inner.verify_acl(token, path, now_or(now), viewer_ip))
