"""imgix signed URLs and srcsets (``s=`` signing), byte-identical to
``@imgix/js-core`` 3.8.0 (``style="js"``, the default) and ``imgix`` 4.0.0
on PyPI (``style="python"``), and a verifier (:class:`ImgixVerifier`)."""

from __future__ import annotations

from typing import Dict, Literal, Mapping, NamedTuple, NoReturn, Optional, Sequence, Union

from ._clock import now_or
from ._native import ImgixClient as _Client
from ._native import ImgixVerifier as _Verifier

__all__ = ["ImgixClient", "ImgixStyle", "ImgixVerifiedUrl", "ImgixVerifier", "ParamValue"]

ImgixStyle = Literal["js", "python"]
ParamValue = Union[str, int, float, bool, None, Sequence[Union[str, int, float, bool]]]


class ImgixVerifiedUrl(NamedTuple):
    path_and_query: str
    expires: Optional[int]


def _qualities(q: Optional[Mapping[int, int]]) -> Optional[Dict[int, int]]:
    if q is None:
        return None
    if not isinstance(q, Mapping):
        raise TypeError(f"variable_qualities must be a mapping of ratio to quality, not {type(q).__name__}")
    return dict(q)


class ImgixClient:
    """``UrlBuilder(domain, sign_key=…)`` of the ``imgix`` package /
    ``new ImgixClient({domain, secureURLToken})`` of js-core. The token is
    held for the client's lifetime; without one nothing is signed.
    ``include_library_param`` (``ixlib=``) defaults to ``False``."""

    __slots__ = ("_inner",)
    _inner: _Client

    def __init__(
        self,
        domain: str,
        secure_url_token: Optional[str] = None,
        *,
        style: ImgixStyle = "js",
        use_https: bool = True,
        include_library_param: bool = False,
    ) -> None:
        object.__setattr__(self, "_inner", _Client(domain, secure_url_token, style, use_https, include_library_param))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ImgixClient is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("ImgixClient holds a secure URL token and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    @property
    def style(self) -> str:
        return self._inner.style

    def build_url(self, path: str, params: Optional[Mapping[str, ParamValue]] = None, *,
                  disable_path_encoding: bool = False) -> str:
        """``buildURL`` / ``create_url``: the parameters in the mapping's order."""
        return self._inner.build_url(path, None if params is None else dict(params), disable_path_encoding)

    create_url = build_url

    def build_srcset(
        self,
        path: str,
        params: Optional[Mapping[str, ParamValue]] = None,
        *,
        disable_path_encoding: bool = False,
        widths: Optional[Sequence[int]] = None,
        min_width: Optional[int] = None,
        max_width: Optional[int] = None,
        width_tolerance: Optional[float] = None,
        device_pixel_ratios: Optional[Sequence[float]] = None,
        variable_qualities: Optional[Mapping[int, int]] = None,
        disable_variable_quality: bool = False,
    ) -> str:
        """``buildSrcSet`` / ``create_srcset``: width- or DPR-described candidates."""
        return self._inner.build_srcset(
            path, None if params is None else dict(params), disable_path_encoding,
            None if widths is None else list(widths), min_width, max_width, width_tolerance,
            None if device_pixel_ratios is None else list(device_pixel_ratios),
            _qualities(variable_qualities), disable_variable_quality,
        )

    create_srcset = build_srcset


class ImgixVerifier:
    """Secure URL tokens (rotation); ``s`` must be the last parameter and an
    ``expires`` parameter is enforced."""

    __slots__ = ("_inner",)
    _inner: _Verifier

    def __init__(self, tokens: Union[str, Sequence[str]]) -> None:
        tokens = [tokens] if isinstance(tokens, str) else list(tokens)
        object.__setattr__(self, "_inner", _Verifier(tokens))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ImgixVerifier is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("ImgixVerifier holds tokens and cannot be pickled")

    def __repr__(self) -> str:
        return repr(self._inner)

    def verify(self, url: str, *, now: Optional[int] = None) -> ImgixVerifiedUrl:
        return ImgixVerifiedUrl(*self._inner.verify(url, now_or(now)))
