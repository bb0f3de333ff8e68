#!/usr/bin/env python3
"""Builds the seed corpora fuzz/corpus/<target>/ from tests/vectors/*.json.

Each seed is framed the way the target reads its input (fuzz/src/lib.rs):
big-endian integers first, then text fields separated by NUL, the last
field taking the rest. The output is deterministic; run it again after the
vectors change and commit the result:

    python3 fuzz/seed.py

At most MAX_FILES seeds per target; the script fails if a target's corpus
would exceed MAX_BYTES.
"""

import base64
import hashlib
import hmac
import json
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
CORPUS = ROOT / "fuzz" / "corpus"
MAX_FILES = 60
MAX_BYTES = 200 * 1024

# Must equal aura_fuzz::HS256_SECRET (fuzz/src/lib.rs).
HS256_SECRET = b"aura-fuzz HS256 test secret, not a real one"


def load(name):
    with open(VECTORS / name, encoding="utf-8") as f:
        return json.load(f)


def header(flags=0, now=0, pos=0, repl=0):
    """The 12-byte token-target header: flags u8, now i64, pos u16, repl u8."""
    return struct.pack(">BqHB", flags & 0xFF, now, pos & 0xFFFF, repl & 0xFF)


def text(s):
    return s.encode("utf-8", "surrogatepass")


def spread(items, n):
    """Up to n items, evenly spaced over the list (keeps the variety)."""
    items = list(items)
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(header_obj, claims):
    h = b64url(json.dumps(header_obj, separators=(",", ":")).encode())
    c = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(HS256_SECRET, f"{h}.{c}".encode(), hashlib.sha256).digest()
    return f"{h}.{c}.{b64url(sig)}"


def number(v):
    """A vector number ({"$num": "NaN"} etc. for what JSON cannot hold)."""
    if isinstance(v, dict) and "$num" in v:
        return {"NaN": float("nan"), "Infinity": float("inf"),
                "-Infinity": float("-inf"), "-0": -0.0}[v["$num"]]
    return float(v)


def auraimage_verify(ai):
    seeds = []
    cases = ai["cases"]
    by_kind = lambda k: [c for c in cases if c["kind"] == k]
    verify = lambda k: [c for c in by_kind(k) if isinstance(c["input"].get("token"), str)]
    for i, c in enumerate(verify("verify_serve")):
        seeds.append((c["id"], header(i, c["input"]["now_unix"], i * 7, i)
                      + text(c["input"]["token"])))
    for i, c in enumerate(spread(verify("verify_upload"), 24)):
        seeds.append((c["id"], header(i, c["input"]["now_unix"], i * 11, i)
                      + text(c["input"]["token"])))
    signed = lambda k: [c for c in by_kind(k) if "token" in c.get("output", {})]
    for i, c in enumerate(signed("serve_token")):
        exp = json.loads(c["output"]["payload_json"]).get("exp", 0)
        seeds.append((c["id"], header(i, int(exp) - 1 if isinstance(exp, int) else 0, i, i)
                      + text(c["output"]["token"])))
    for i, c in enumerate(spread(signed("upload_token"), 6)):
        seeds.append((c["id"], header(i, c["input"]["now_unix"], i, i)
                      + text(c["output"]["token"])))
    return seeds


def images_url(im):
    seeds = []
    chosen, seen_tags = [], set()
    for c in im["cases"]:  # first case of every tag combination, then more
        tags = tuple(c["tags"])
        if tags not in seen_tags:
            seen_tags.add(tags)
            chosen.append(c)
    rest = [c for c in im["cases"] if c not in chosen]
    chosen += spread(rest, max(0, 48 - len(chosen)))
    for i, c in enumerate(chosen[:48]):
        inp = c["input"]
        seeds.append((c["id"], header(i, inp["now_unix"], i * 13, i)
                      + struct.pack(">I", max(0, min(inp["expires_in"], 2**32 - 1)))
                      + text(inp["key"]) + b"\0" + text(inp["url"])))
    # Signed URLs as the verifier's input.
    signed = [c for c in im["cases"] if "signed_url" in c.get("output", {})]
    for i, c in enumerate(spread(signed, 12)):
        inp = c["input"]
        seeds.append((c["id"] + "-signed", header(i, inp["now_unix"], i, i)
                      + struct.pack(">I", inp["expires_in"])
                      + text(inp["key"]) + b"\0" + text(c["output"]["signed_url"])))
    return seeds


def stream_key_load(st):
    seeds = []
    for i, c in enumerate(st["key_parse_cases"]):
        seeds.append((c["id"], bytes([i & 0x1F]) + text(c["input"]["key_text"])))
    for k, key in enumerate(st["keys"]):
        for f, (name, value) in enumerate(sorted(key["formats"].items())):
            if k > 0 and name not in ("cf_jwk_b64", "public_spki_pem", "pkcs8_pem"):
                continue  # the first key in every format, the others in three
            flags = (k * 7 + f) & 0x0F | (0x10 if f % 3 == 0 else 0)
            seeds.append((f"{key['name']}-{name}", bytes([flags]) + text(value)))
    jwks = {"keys": [json.loads(k["formats"]["public_jwk_json"]) for k in st["keys"]]}
    seeds.append(("jwks-public", b"\0" + text(json.dumps(jwks))))
    one = {"keys": [json.loads(st["keys"][0]["formats"]["cf_jwk_json"])]}
    seeds.append(("jwks-one-private", b"\x01" + text(json.dumps(one, indent=1))))
    return seeds


def stream_verify(st):
    seeds = []
    for i, c in enumerate(st["verify_cases"]):
        inp = c["input"]
        flags = (2 if inp["purpose"] == "download" else 0) | (i % 4) | ((i % 3) << 5)
        seeds.append((c["id"], header(flags, inp["now_unix"], i * 17, i)
                      + text(inp["video_id"]) + b"\0" + b"\0" + text(inp["token"])))
    ips = ["81.2.69.160", "2001:db8::/32", "10.0.0.0/8", "93.184.216.34/24"]
    for i, c in enumerate(spread(st["sign_cases"] + st["seed003_cases"] + st["worker_cases"], 20)):
        inp = c["input"]
        video = inp.get("claims", {}).get("sub") or inp.get("video_id") or "v"
        flags = (i % 4) | (3 << 2) | ((i % 4) << 5)
        seeds.append((c["id"], header(flags, inp["now_unix"], i * 29, i)
                      + text(video) + b"\0" + text(ips[i % len(ips)]) + b"\0"
                      + text(c["output"]["token"])))
    return seeds


def jwt_decode(st, ai):
    seeds = []
    all_algs = 0x0F
    for i, c in enumerate(spread(st["sign_cases"], 16)):
        seeds.append((c["id"], header(all_algs | (i % 4) << 4, c["input"]["now_unix"], i, i)
                      + text(c["output"]["token"])))
    for i, c in enumerate(st["verify_cases"]):
        if c["name"].startswith(("alg_", "hs256_", "rs512", "malformed")):
            seeds.append((c["id"], header(all_algs, c["input"]["now_unix"], i, i)
                          + text(c["input"]["token"])))
    now = 1700000000
    payloads = [json.loads(c["output"]["payload_json"]) for c in ai["cases"]
                if c["kind"] == "upload_token" and "payload_json" in c["output"]][:6]
    shapes = [
        ({"alg": "HS256", "typ": "JWT", "kid": "h1"}, {"sub": "user-1", "exp": now + 60}),
        ({"alg": "HS256", "typ": "JWT"}, {"sub": "no kid", "exp": now + 60, "nbf": now - 5}),
        ({"alg": "HS256", "kid": "h1"}, {"sub": "expired", "exp": now - 1}),
        ({"alg": "HS256", "kid": "h1"}, {"sub": "no exp"}),
        ({"alg": "HS256", "kid": "h1"}, {"sub": "future", "exp": now + 600, "nbf": now + 100}),
        ({"alg": "HS256", "kid": "h1"}, {"exp": "1700000060"}),
        ({"alg": "HS256", "kid": 7}, {"exp": now + 1}),
        ({"alg": "ES256", "kid": "e1"}, {"exp": now + 1}),
        ({"alg": "EdDSA", "kid": "d1"}, {"exp": now + 1}),
        ({"alg": "none"}, {"exp": now + 1}),
    ] + [({"alg": "HS256", "typ": "JWT", "kid": "h1"}, p) for p in payloads]
    for i, (h, claims) in enumerate(shapes):
        seeds.append((f"hs256-{i:02d}", header(all_algs | 0x40, now, i * 5, i)
                      + text(hs256(h, claims))))
    return seeds


def parse_size(ai):
    seeds = []
    cases = [c for c in ai["cases"] if c["kind"] in ("parse_size", "parse_size_error")]
    strings = [c for c in cases if c["input"]["value_type"] == "string"]
    numbers = [c for c in cases if c["input"]["value_type"] == "number"]
    for c in numbers:
        seeds.append((c["id"], struct.pack(">d", number(c["input"]["value"]))))
    for i, c in enumerate(spread(strings, MAX_FILES - len(numbers))):
        seeds.append((c["id"], struct.pack(">d", float(i)) + text(c["input"]["value"])))
    return seeds


def serve_path(ai):
    seeds = []
    urls = []
    for c in ai["cases"]:
        out = c.get("output", {})
        if c["kind"] in ("build_serve_url", "signed_url") and "url" in out:
            urls.append((c["id"], out["url"]))
    for cid, url in spread(urls, 40):
        after_scheme = url.split("://", 1)[-1]
        path = "/" + after_scheme.split("/", 1)[1] if "/" in after_scheme else "/"
        seeds.append((cid, text(path.split("?", 1)[0])))
    pairs = []
    for c in ai["cases"]:
        if c["kind"] == "signed_url":
            project = c["input"]["constructor"].get("projectName", "")
            name = c["input"].get("name", "")
            if isinstance(name, str):
                pairs.append((c["id"] + "-pair", project, name))
    for cid, project, name in spread(pairs, 14):
        seeds.append((cid, text(project) + b"\0" + text(name)))
    for i, p in enumerate(["/my-app/w=400,q=75/blog/my%20hero.webp", "/p/a%2Fb",
                           "/p/100%25", "/a%20b/my%20photo.jxl", "/p/a=b", "/p"]):
        seeds.append((f"edge-{i}", text(p)))
    return seeds


def envelope(success, result=None, errors=()):
    return json.dumps({"success": success, "errors": list(errors),
                       "messages": [], "result": result}).encode()


def api_envelope(ai):
    def seed(status, op, flags, now, body):
        return struct.pack(">HBBqH", status, op, flags, now, 0) + body

    seeds = []
    for c in ai["cases"]:
        inp = c["input"]
        if c["kind"] == "set_visibility_request" and inp.get("mock_response"):
            r = inp["mock_response"]
            seeds.append((c["id"], seed(r["status"], 0, 0, inp["now_unix"], text(r["body"]))))
        if c["kind"] == "upload_from_url" and "status" in (inp.get("remote") or {}):
            r = inp["remote"]
            seeds.append((c["id"], seed(r["status"], 2, 0, inp["now_unix"],
                                        b"x" * min(r.get("body_bytes", 0), 64))))
            up = inp.get("upload_response")
            if up:
                seeds.append((c["id"] + "-upload",
                              seed(up["status"], 1, 0, inp["now_unix"], text(up["body"]))))
    keys = {"keys": [{"name": "default", "value": "v0"}, {"name": "prod", "value": "v1"}]}
    not_found = [{"code": 5404, "message": "Key not found"}]
    auth = [{"code": 10000, "message": "Authentication error"}]
    cf = [
        (200, 3, envelope(True, keys)), (200, 4, envelope(True, keys)),
        (200, 5, envelope(True, keys)), (200, 6, envelope(True, keys)),
        (200, 7, envelope(True, keys)), (200, 7, envelope(True, {"keys": []})),
        (200, 8, envelope(True, keys)), (404, 6, envelope(False, None, not_found)),
        (200, 9, envelope(True, {"id": "img-1", "requireSignedURLs": True})),
        (200, 10, envelope(True, {"id": "img-1", "requireSignedURLs": False})),
        (200, 12, envelope(True, [{"id": "k1", "created": "2014-01-02T02:20:00Z"}])),
        (200, 13, envelope(True, "Revoked")),
        (200, 14, envelope(True, {"uid": "u", "requireSignedURLs": True, "readyToStream": True})),
        (200, 16, envelope(True, {"token": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"})),
        (403, 11, envelope(False, None, auth)), (200, 11, envelope(False, None, auth)),
        (429, 3, b"Sun, 06 Nov 1994 08:49:37 GMT"), (503, 12, b"120"),
        (429, 11, b"Sunday, 06-Nov-94 08:49:37 GMT"), (502, 14, b"Sun Nov  6 08:49:37 1994"),
        (200, 3, b"<html>not json</html>"), (200, 3, b"[]"),
    ]
    for i, (status, op, body) in enumerate(cf):
        seeds.append((f"cf-{i:02d}-op{op}", seed(status, op, i % 8, 1700000000, body)))
    return seeds


def edge_paths(ai, im, st):
    """flags u8, len u64, then range NUL path NUL query NUL file bytes."""
    def seed(flags, length, rng, path, query, file=b""):
        return (struct.pack(">BQ", flags, length) + text(rng) + b"\0" + text(path)
                + b"\0" + text(query) + b"\0" + file)

    # Smallest headers of each format the edge sniffs (not from the vectors:
    # they hold no images).
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
           + struct.pack(">IIBBBBB", 3, 2, 8, 6, 0, 0, 0) + b"\0" * 4)
    gif = b"GIF89a" + struct.pack("<HH", 5, 7) + b"\x00\x00\x00;"
    bmp = b"BM" + b"\0" * 12 + struct.pack("<Iii", 40, 4, -3) + b"\0" * 28
    tiff = (b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 2)
            + struct.pack("<HHII", 256, 3, 1, 9) + struct.pack("<HHII", 257, 4, 1, 11))
    jpeg = b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\x01\x01\0\0\x01\0\x01\0\0"
    webp = b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8X" + struct.pack("<I", 10) + b"\0" * 4 + b"\x01\0\0\x02\0\0"
    files = [png, gif, bmp, tiff, jpeg, webp, b"\0\0\0\x1cftypavif\0\0\0\0mif1avif", b"\xff\x0a"]
    ranges = ["bytes=0-3", "bytes=4-", "bytes=-3", "bytes=-0", "bytes=0-1,3-4", "bytes=5-2", ""]
    seeds = []
    urls = [c["output"]["url"] for c in ai["cases"]
            if c["kind"] in ("build_serve_url", "signed_url") and "url" in c.get("output", {})]
    for i, url in enumerate(spread(urls, 24)):
        rest = url.split("://", 1)[-1]
        path_query = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        path, _, query = path_query.partition("?")
        seeds.append((f"serve-{i:02d}", seed(i % 8 * 8, 10 + i, ranges[i % len(ranges)], path,
                                            query or "image/webp,*/*", files[i % len(files)])))
    for i, c in enumerate(spread(im["cases"], 14)):
        rest = c["output"].get("signed_url", c["input"]["url"]).split("://", 1)[-1]
        path_query = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        path, _, query = path_query.partition("?")
        seeds.append((f"images-{c['id']}", seed(i * 8, 2**40 + i, ranges[i % len(ranges)], path, query)))
    for i, c in enumerate(spread(st["verify_cases"], 10)):
        suffix = ["manifest/video.m3u8", "downloads/default.mp4", "thumbnails/thumbnail.jpg"][i % 3]
        seeds.append((f"stream-{c['id']}", seed(i, 0, "bytes=0-0", f"/{c['input']['token']}/{suffix}", "")))
    return seeds


def edge_multipart():
    """flags u8, max_size u16, types u8, then boundary NUL splits NUL and
    raw (flags bit 0 clear): the body; built (bit 0 set): part filename NUL
    filename field NUL extras NUL file bytes. See
    fuzz/fuzz_targets/edge_multipart.rs."""
    fixtures = ROOT / "crates" / "aura-edge" / "tests" / "fixtures"
    png = (fixtures / "photo.png").read_bytes()
    files = {
        "png": png,
        "jpeg": (fixtures / "rotated.jpg").read_bytes(),
        "webp": (fixtures / "tiny.webp").read_bytes(),
        "gif": (fixtures / "anim.gif").read_bytes(),
        "jxl": (fixtures / "fake.jxl").read_bytes(),
        "text": (fixtures / "not-an-image.txt").read_bytes(),
        # An ftyp box whose `avif` brand is past byte 32: the early type
        # check once refused it when the first 32 bytes came in alone.
        "ftyp-late-brand": (struct.pack(">I", 48) + b"ftypisom\0\0\0\0isomiso2mp41"
                            + b"abcdefghijklmnopavif" + b"\x07" * 52),
        "ftyp-size0": struct.pack(">I", 0) + b"ftypmp41\0\0\0\0" + b"isom" * 60 + b"heic" + b"\0" * 16,
    }

    def head(flags, max_size, types, boundary, splits):
        return struct.pack(">BHB", flags, max_size, types) + boundary + b"\0" + splits + b"\0"

    def built(flags, max_size, types, boundary, splits, part_name, field, extras, file):
        return (head(flags | 1, max_size, types, boundary, splits) + part_name + b"\0"
                + field + b"\0" + extras + b"\0" + file)

    def form(boundary, parts):
        out = b""
        for disposition, content in parts:
            out += (b"--" + boundary + b"\r\nContent-Disposition: form-data; " + disposition
                    + b"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
        return out + b"--" + boundary + b"--\r\n"

    seeds = []
    b = b"aura-fuzz-boundary"
    # Built: flags bit 1 Content-Length, 2 quoted boundary, 3 no file, 4 the
    # filename field, 5 a second file, 6 no part filename, 7 file first.
    seeds.append(("built-png-1byte", built(0x12, 8192, 0, b, b"\x01", b"dir/photo.png", b"photo.png", b"note=hi", png)))
    seeds.append(("built-png-trickle", built(0xA2, 4096, 1, b, b"\x07\x90\x20", b"photo.png", b"", b"", png)))
    seeds.append(("built-png-413", built(0x02, 1000, 0, b, b"\x40", b"big.png", b"", b"", png)))
    seeds.append(("built-png-415", built(0x00, 8192, 2, b, b"\x05\x85", b"p.png", b"", b"a=1&b=2", png)))
    seeds.append(("built-missing-file", built(0x18, 100, 0, b, b"\x03", b"", b"x.jpg", b"file=1&filename=2", b"")))
    seeds.append(("built-no-part-name", built(0x74, 2048, 3, b"(quoted):=?", b"\x11", b"", b"caf\xc3\xa9.jpg", b"", files["jpeg"])))
    seeds.append(("built-bad-field", built(0x10, 2048, 0, b"x", b"\x02", b"a.gif", b"\xff\xfe", b"", files["gif"])))
    for i, name in enumerate(["webp", "gif", "jxl", "text", "jpeg"]):
        seeds.append((f"built-{name}", built(0x02 | (i << 5), 4096, i % 8, b + str(i).encode(),
                                             bytes([1 + i * 13]), name.encode() + b".bin", b"", b"k=v", files[name])))
    seeds.append(("built-ftyp-late-brand", built(0x00, 4096, 0, b, b"\x01", b"x.avif", b"", b"", files["ftyp-late-brand"])))
    seeds.append(("built-ftyp-late-brand-png-only", built(0x00, 4096, 1, b, b"\x01", b"x.avif", b"", b"", files["ftyp-late-brand"])))
    seeds.append(("built-ftyp-size0", built(0x00, 4096, 5, b, b"\x0b", b"x.heic", b"", b"", files["ftyp-size0"])))
    # Raw: flags bit 1 Content-Length, 2 the boundary field is the whole
    # Content-Type.
    file_part = (b'name="file"; filename="photo.png"', png)
    seeds.append(("raw-png", head(0x02, 8192, 0, b, b"\x01") + form(b, [(b'name="filename"', b"n.png"), file_part])))
    seeds.append(("raw-png-chunks", head(0x00, 8192, 0, b, b"\x30\xb0") + form(b, [file_part])))
    seeds.append(("raw-content-type", head(0x04, 8192, 0, b"multipart/form-data; boundary=\"a b\"", b"\x09")
                  + form(b"a b", [(b'name="file"; filename="t.gif"', files["gif"])])))
    seeds.append(("raw-preamble", head(0x00, 512, 0, b"zz", b"\x02")
                  + b"preamble\r\n" + form(b"zz", [(b'name=file', files["webp"])]) + b"epilogue"))
    seeds.append(("raw-truncated", head(0x00, 512, 0, b"zz", b"\x04")
                  + form(b"zz", [(b'name="file"', files["jpeg"][:200])])[:-8]))
    seeds.append(("raw-no-crlf", head(0x02, 64, 6, b"q", b"")
                  + b"--q\nContent-Disposition: form-data; name=\"file\"\n\nabc\n--q--"))
    # Found by libFuzzer (about 140 s from the seeds above, without the ftyp
    # ones) before the early type check waited for the whole ftyp box: a
    # refusal with 415 where the whole file sniffs as an allowed type.
    seeds.append(("regression-ftyp-early-415", base64.b64decode(
        "Q/////////////////////////////////////////////v/////////////////////////////////////////////////////////////////////////////////AJt80ViIAgUAIfkECBQAAAAsAAAAZnR5cGVhbWJsZQ0KLS16en8NCkNvbnRlbnQtRGlzcG9zaXRpa246IGZvcm0tZGF0YTsgbmFtZT1maWxl8A0gZWEgSlBFRyBYTHotYm91bmRhcnkw")))
    seeds.append(("raw-not-multipart", head(0x04, 64, 0, b"text/plain", b"\x01") + b"hello"))
    return seeds


def main():
    ai, im, st = load("auraimage.json"), load("cloudflare-images.json"), load("cloudflare-stream.json")
    targets = {
        "auraimage_verify": auraimage_verify(ai),
        "images_url": images_url(im),
        "stream_key_load": stream_key_load(st),
        "stream_verify": stream_verify(st),
        "jwt_decode": jwt_decode(st, ai),
        "parse_size": parse_size(ai),
        "serve_path": serve_path(ai),
        "api_envelope": api_envelope(ai),
        "edge_paths": edge_paths(ai, im, st),
        "edge_multipart": edge_multipart(),
    }
    for target, seeds in targets.items():
        out = CORPUS / target
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        seeds = seeds[:MAX_FILES]
        names = set()
        for name, data in seeds:
            safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
            while safe in names:
                safe += "_"
            names.add(safe)
            (out / safe).write_bytes(data)
        total = sum(len(d) for _, d in seeds)
        if total > MAX_BYTES:
            sys.exit(f"{target}: {total} bytes of seeds, more than {MAX_BYTES}")
        print(f"{target:18} {len(seeds):3} seeds {total:7} bytes")


if __name__ == "__main__":
    main()
