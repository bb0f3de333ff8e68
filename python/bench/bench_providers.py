"""Our signers beside the vendors' own Python packages, same inputs
(bench/corpus.json "providers"), one run; prints ops/s and ours ÷ theirs.

    pip install "python[bench-providers]"   # botocore, cryptography, imgix 4.0.0, akamai-edgeauth 0.3.2
    python python/bench/bench_providers.py

Not part of the test suite. Each pair is checked byte for byte first."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import time
from typing import Callable, List, Tuple

from akamai.edgeauth import EdgeAuth as VendorEdgeAuth
from botocore.signers import CloudFrontSigner as BotoSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from imgix import UrlBuilder

from aura_sign.akamai import EdgeAuth
from aura_sign.cloudfront import CloudFrontSigner
from aura_sign.imgix import ImgixClient

CORPUS = json.loads((pathlib.Path(__file__).resolve().parents[2] / "bench" / "corpus.json").read_text())
NOW = CORPUS["now"]
P = CORPUS["providers"]


def ops_per_second(fn: Callable[[], object], seconds: float = 1.0) -> float:
    for _ in range(50):
        fn()
    best = 0.0
    for _ in range(3):  # best of three runs of `seconds / 3`
        n, start = 0, time.perf_counter()
        while True:
            for _ in range(100):
                fn()
            n += 100
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / 3:
                break
        best = max(best, n / elapsed)
    return best


def cloudfront() -> Tuple[Callable[[], str], Callable[[], str]]:
    c = P["cloudfront"]
    pem = CORPUS["stream"]["key_pkcs8_pem"]
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    boto = BotoSigner(c["key_pair_id"], lambda m: key.sign(m, padding.PKCS1v15(), hashes.SHA1()))  # type: ignore[union-attr, call-arg, arg-type]
    ours = CloudFrontSigner.from_pem(pem, c["key_pair_id"], style="botocore")
    when = dt.datetime.fromtimestamp(NOW + c["expires_in"], tz=dt.timezone.utc)
    return (lambda: ours.generate_presigned_url(c["url"], date_less_than=when, now=NOW),
            lambda: boto.generate_presigned_url(c["url"], date_less_than=when))


def imgix() -> Tuple[Callable[[], str], Callable[[], str]]:
    i = P["imgix"]
    theirs = UrlBuilder(i["domain"], sign_key=i["token"], include_library_param=False)
    ours = ImgixClient(i["domain"], i["token"], style="python")
    return (lambda: ours.create_url(i["path"], i["params"]), lambda: theirs.create_url(i["path"], i["params"]))


def akamai(acl: bool) -> Tuple[Callable[[], str], Callable[[], str]]:
    a = P["akamai"]
    end = NOW + a["end_in"]
    theirs = VendorEdgeAuth(key=a["key"], end_time=end)
    ours = EdgeAuth(a["key"], end_time=end, style="python")
    if acl:
        return (lambda: ours.generate_acl_token(a["acl"], now=NOW), lambda: theirs.generate_acl_token(a["acl"]))
    return (lambda: ours.generate_url_token(a["url"], now=NOW), lambda: theirs.generate_url_token(a["url"]))


def main() -> None:
    rows: List[Tuple[str, float, float]] = []
    for name, (ours, theirs) in [
        ("cloudfront url (botocore + cryptography, RSA-SHA1)", cloudfront()),
        ("imgix create_url (imgix 4.0.0)", imgix()),
        ("akamai url token (akamai-edgeauth 0.3.2)", akamai(False)),
        ("akamai acl token (akamai-edgeauth 0.3.2)", akamai(True)),
    ]:
        assert ours() == theirs(), f"{name}: {ours()} != {theirs()}"
        rows.append((name, ops_per_second(ours), ops_per_second(theirs)))
    print(f"{'pair':<52} {'ours ops/s':>12} {'theirs ops/s':>13} {'ours/theirs':>12}")
    for name, a, b in rows:
        print(f"{name:<52} {a:>12,.0f} {b:>13,.0f} {a / b:>11.2f}x")


if __name__ == "__main__":
    main()
