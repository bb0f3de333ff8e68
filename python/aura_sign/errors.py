"""Exceptions. Every one is an :class:`AuraError` with ``.code``: the core's
stable string (see ``aura_sign.all_error_codes()``). Messages never contain
secrets or key material."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Tuple


class AuraError(Exception):
    """Base class. ``code`` is stable across languages and versions."""

    code: str
    message: str

    def __init__(self, code: str, message: str, details: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        for key, value in (details or {}).items():
            setattr(self, key, value)

    def __reduce__(self) -> Tuple[Any, ...]:  # picklable across processes, like built-in exceptions
        details = {k: v for k, v in self.__dict__.items() if k not in ("code", "message")}
        return (type(self), (self.code, self.message, details))


class InvalidInput(AuraError, ValueError):
    """An argument outside the API contract (``invalid_input``)."""


class TokenError(AuraError):
    """A token or signed URL was refused."""


class MalformedToken(TokenError):
    """``malformed``: not parseable (bad base64url, JSON, shape)."""


class InvalidSignature(TokenError):
    """``bad_signature``: no trusted key produced the signature."""


class TokenExpired(TokenError):
    """``expired``."""


class TokenNotYetValid(TokenError):
    """``not_yet_valid``: ``nbf`` is in the future."""


class UnknownKeyId(TokenError):
    """``unknown_kid``: the key id is not trusted (never added, or revoked)."""


class KeyIdMismatch(TokenError):
    """``kid_mismatch``: header and claims ``kid`` differ."""


class AlgorithmNotAllowed(TokenError):
    """``alg_not_allowed``: ``none``, HS256 key confusion, or an algorithm not allowed."""


class WrongVideo(TokenError):
    """``sub_mismatch``: a valid token for another video."""


class WrongImage(TokenError):
    """``wrong_image``: a valid serve token for another project or image."""


class NotDownloadable(TokenError):
    """``not_downloadable``."""


class AccessDenied(TokenError):
    """``access_denied``: the viewer is blocked by access rule ``rule_index``."""

    rule_index: int


class MissingProjectName(TokenError):
    """``missing_project_name``: an upload token without projectName, verified with a resolver."""


class KeyFormatError(AuraError, ValueError):
    """``invalid_key`` (and base of the other key-loading errors)."""


class NotAPrivateKey(KeyFormatError):
    """``not_a_private_key``."""


class UnsupportedKeyType(KeyFormatError):
    """``unsupported_key_type``."""


class KeyTooSmall(KeyFormatError):
    """``key_too_small``: RSA under 2048 bits."""

    bits: int


class NotSignable(AuraError, ValueError):
    """Refused by design."""


class FlexibleVariantNotSignable(NotSignable):
    """``flexible_variant_not_signable``."""


class LifetimeTooLong(NotSignable):
    """``lifetime_too_long``: above 24 h without ``allow_long_lifetime=True``."""

    seconds: int


class RemoteError(AuraError):
    """``remote_error``: the service answered an error status (``status``;
    0 when no answer came at all), or ``success: false``. ``codes`` lists
    Cloudflare's numeric error codes from the answer (empty otherwise); the
    message carries them with their texts (``"5404: Key not found"``)."""

    status: int
    codes: List[int]


class InvalidResponse(AuraError):
    """``invalid_response``: the service answered something undocumented."""


class UploadFromUrlError(AuraError):
    """``upload_from_url``: ``upload_from_url`` failed, as the SDK's
    ``UploadFromUrlError``: ``kind`` is ``fetch``, ``content-type``, ``size``,
    ``upload`` or ``invalid-name``; ``url`` the source; ``status`` the HTTP
    status for a remote non-2xx answer or a refused upload, else ``None``."""

    kind: str
    url: str
    status: Optional[int]


class KeyNotFound(AuraError, KeyError):
    """``key_not_found``: a key ring operation on an unknown id."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return Exception.__str__(self)


class InternalError(AuraError):
    """``internal``: a bug; please report it."""
