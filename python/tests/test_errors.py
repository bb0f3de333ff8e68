"""One mapping from core codes to exceptions, proven to cover every code."""

from __future__ import annotations

import pickle

import pytest

import aura_sign
from aura_sign import _native, errors

EXPECTED = {
    "invalid_input": (errors.InvalidInput, ValueError),
    "malformed": (errors.MalformedToken, errors.TokenError),
    "bad_signature": (errors.InvalidSignature, errors.TokenError),
    "expired": (errors.TokenExpired, errors.TokenError),
    "not_yet_valid": (errors.TokenNotYetValid, errors.TokenError),
    "unknown_kid": (errors.UnknownKeyId, errors.TokenError),
    "kid_mismatch": (errors.KeyIdMismatch, errors.TokenError),
    "alg_not_allowed": (errors.AlgorithmNotAllowed, errors.TokenError),
    "sub_mismatch": (errors.WrongVideo, errors.TokenError),
    "not_downloadable": (errors.NotDownloadable, errors.TokenError),
    "access_denied": (errors.AccessDenied, errors.TokenError),
    "not_a_private_key": (errors.NotAPrivateKey, errors.KeyFormatError),
    "invalid_key": (errors.KeyFormatError, ValueError),
    "unsupported_key_type": (errors.UnsupportedKeyType, errors.KeyFormatError),
    "key_too_small": (errors.KeyTooSmall, errors.KeyFormatError),
    "missing_project_name": (errors.MissingProjectName, errors.TokenError),
    "wrong_image": (errors.WrongImage, errors.TokenError),
    "flexible_variant_not_signable": (errors.FlexibleVariantNotSignable, ValueError),
    "lifetime_too_long": (errors.LifetimeTooLong, ValueError),
    "remote_error": (errors.RemoteError, errors.AuraError),
    "invalid_response": (errors.InvalidResponse, errors.AuraError),
    "key_not_found": (errors.KeyNotFound, KeyError),
    "upload_from_url": (errors.UploadFromUrlError, errors.AuraError),
    "internal": (errors.InternalError, errors.AuraError),
}


def test_every_code_maps_to_its_exception() -> None:
    codes = aura_sign.all_error_codes()
    assert sorted(codes) == sorted(EXPECTED), "a core code without a Python expectation"
    assert len(set(codes)) == len(codes)
    examples = _native._error_examples()
    assert [e.code for e in examples] == codes
    for exc in examples:
        cls, also = EXPECTED[exc.code]
        assert type(exc) is cls, (exc.code, type(exc))
        assert isinstance(exc, also) and isinstance(exc, errors.AuraError)
        assert str(exc).startswith(f"[{exc.code}] ")


def test_details_are_attributes_and_exceptions_pickle() -> None:
    by_code = {e.code: e for e in _native._error_examples()}
    assert by_code["access_denied"].rule_index == 0
    assert by_code["remote_error"].status == 500
    assert isinstance(by_code["remote_error"].codes, list)
    ufu = by_code["upload_from_url"]
    assert ufu.kind in ("fetch", "content-type", "size", "upload", "invalid-name")
    assert isinstance(ufu.url, str) and (ufu.status is None or isinstance(ufu.status, int))
    again = pickle.loads(pickle.dumps(ufu))
    assert type(again) is errors.UploadFromUrlError and (again.kind, again.url, again.status) == (ufu.kind, ufu.url, ufu.status)
    assert by_code["key_too_small"].bits == 1024
    again = pickle.loads(pickle.dumps(by_code["remote_error"]))
    assert type(again) is errors.RemoteError and again.status == 500 and again.code == "remote_error"


def test_real_failures_raise_the_mapped_class() -> None:
    with pytest.raises(errors.InvalidInput):
        aura_sign.AuraImage("", "p")
    with pytest.raises(errors.KeyFormatError) as e:
        aura_sign.cloudflare.StreamKey.from_any("not a key")
    assert e.value.code == "invalid_key"
    with pytest.raises(errors.KeyNotFound):
        aura_sign.keys.KeyRing().revoke("nope")
