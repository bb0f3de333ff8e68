//! The newest JS signer's URL handling (3.1166.0, cloudfront.md §2.2, §2.4,
//! §1.3): `encodeUrlPath` (pure string processing, no URL parser),
//! `getResource` (scheme check and the rtmp stream name) and
//! `extendedEncodeURIComponent` (@smithy/core) for parameter names and values.

use crate::error::{invalid, Result};
use crate::js::uri::push_encode_uri_component;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The JS signer's scheme error, word for word.
pub(crate) const BAD_SCHEME: &str =
    "Invalid URI scheme. Scheme must be one of http, https, or rtmp";

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `decodeURIComponent(s)`: every `%XX` decoded (reserved characters too);
/// `None` where JS throws (a `%` not followed by two hex digits, or escapes
/// that do not form UTF-8). Raw characters are complete UTF-8 already, so
/// decoding the escapes into the byte stream and checking the whole result
/// fails exactly where JS's per-sequence check does.
fn decode_uri_component(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = hex_value(*b.get(i + 1)?)?;
            let lo = hex_value(*b.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One path segment: `encodeURIComponent(decodeURIComponent(seg))`, or
/// `encodeURIComponent(seg)` when decoding throws (every `%` → `%25`).
fn push_path_segment(out: &mut String, segment: &str) {
    match decode_uri_component(segment) {
        Some(decoded) => push_encode_uri_component(out, &decoded),
        None => push_encode_uri_component(out, segment),
    }
}

/// `encodeQueryComponent`: `%XX` kept (upper-cased), `+` kept, everything
/// else `encodeURIComponent`-ed with `'` → `%27`.
fn push_query_component(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut run_start = 0;
    let flush = |out: &mut String, run: &str| {
        let start = out.len();
        push_encode_uri_component(out, run);
        if out[start..].contains('\'') {
            let fixed = out[start..].replace('\'', "%27");
            out.truncate(start);
            out.push_str(&fixed);
        }
    };
    while i < b.len() {
        let escape = b[i] == b'%'
            && b.get(i + 1).copied().and_then(hex_value).is_some()
            && b.get(i + 2).copied().and_then(hex_value).is_some();
        if escape || b[i] == b'+' {
            flush(out, &s[run_start..i]);
            if escape {
                out.push('%');
                out.push(b[i + 1].to_ascii_uppercase() as char);
                out.push(b[i + 2].to_ascii_uppercase() as char);
                i += 3;
            } else {
                out.push('+');
                i += 1;
            }
            run_start = i;
        } else {
            i += 1;
        }
    }
    flush(out, &s[run_start..]);
}

/// `encodeUrlPath(url)` of the JS signer. The origin (scheme, userinfo, host,
/// port) is never touched; without `//`, or without a `/` after the origin,
/// the URL is returned unchanged. `#` is not special.
pub(crate) fn encode_url_path(url: &str) -> String {
    let Some(slashes) = url.find("//") else {
        return url.to_string();
    };
    let Some(path_rel) = url[slashes + 2..].find('/') else {
        return url.to_string();
    };
    let path_start = slashes + 2 + path_rel;
    let rest = &url[path_start..];
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(url.len() + 16);
    out.push_str(&url[..path_start]);
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_path_segment(&mut out, segment);
    }
    if let Some(query) = query {
        let mut first = true;
        for piece in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            out.push(if first { '?' } else { '&' });
            first = false;
            push_query_component(&mut out, name);
            out.push('=');
            push_query_component(&mut out, value);
        }
        // A query that is empty, or holds only empty pieces, is dropped with
        // its `?` (the vectors pin `…/a.mp4?` → `…/a.mp4`; `?&` is unpinned).
    }
    out
}

/// The scheme as `getResource` sees it: `url.slice(0, url.indexOf("//"))`,
/// which without `//` is the URL minus its last UTF-16 unit (so a last
/// astral character leaves half a surrogate pair, which matches no scheme).
fn js_protocol(url: &str) -> Option<&str> {
    match url.find("//") {
        Some(i) => Some(&url[..i]),
        None => {
            let last = url.chars().next_back()?;
            (last.len_utf16() == 1).then(|| &url[..url.len() - last.len_utf8()])
        }
    }
}

/// What `getResource` does with the scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// `http:`, `https:`, `ws:`, `wss:`: the URL is used unchanged.
    Web,
    /// `rtmp:`: the origin is removed; the stream name is signed and returned.
    Rtmp,
}

pub(crate) fn scheme(url: &str) -> Result<Scheme> {
    match js_protocol(url) {
        Some("http:" | "https:" | "ws:" | "wss:") => Ok(Scheme::Web),
        Some("rtmp:") => Ok(Scheme::Rtmp),
        _ => Err(invalid(BAD_SCHEME)),
    }
}

/// `getResource(url)`: unchanged for http(s)/ws(s); for rtmp the origin
/// `rtmp://host`, an optional `:port` and the first `/` are removed.
pub(crate) fn get_resource(url: &str) -> Result<String> {
    match scheme(url)? {
        Scheme::Web => Ok(url.to_string()),
        Scheme::Rtmp => {
            let after = &url[url.find("//").expect("rtmp: has //") + 2..];
            let host_end = after.find([':', '/']).unwrap_or(after.len());
            let mut rest = &after[host_end..];
            if let Some(port) = rest.strip_prefix(':') {
                rest = port.trim_start_matches(|c: char| c.is_ascii_digit());
            }
            Ok(rest.strip_prefix('/').unwrap_or(rest).to_string())
        }
    }
}

/// `extendedEncodeURIComponent` (@smithy/core): unchanged when the whole
/// string matches `^[\w.~-]+$`, else `encodeURIComponent` with `! ' ( ) *`
/// also escaped.
pub(crate) fn push_extended_encode(out: &mut String, s: &str) {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'~' | b'-'))
    {
        out.push_str(s);
        return;
    }
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        }
    }
}

/// The inverse of [`push_extended_encode`] for values that were produced by
/// it: `None` unless re-encoding the decoded text gives `s` back exactly.
pub(crate) fn decode_extended_canonical(s: &str) -> Option<String> {
    let decoded = decode_uri_component(s)?;
    let mut again = String::with_capacity(s.len());
    push_extended_encode(&mut again, &decoded);
    (again == s).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "https://d111111abcdef8.cloudfront.net";

    fn enc(path_and_query: &str) -> String {
        encode_url_path(&format!("{H}{path_and_query}"))[H.len()..].to_string()
    }

    #[test]
    fn path_rules() {
        assert_eq!(enc("/docs/My File.pdf"), "/docs/My%20File.pdf");
        assert_eq!(enc("/docs/My%20File.pdf"), "/docs/My%20File.pdf");
        assert_eq!(enc("/docs/a+b.pdf"), "/docs/a%2Bb.pdf");
        assert_eq!(enc("/docs/a=b,c.pdf"), "/docs/a%3Db%2Cc.pdf");
        assert_eq!(enc("/docs/it's.pdf"), "/docs/it's.pdf");
        assert_eq!(enc("/vid%c3%a9o.mp4"), "/vid%C3%A9o.mp4");
        assert_eq!(enc("/a%2Fb/c%2fd.mp4"), "/a%2Fb/c%2Fd.mp4");
        assert_eq!(enc("/%41"), "/A");
        assert_eq!(enc("/a%zz.mp4"), "/a%25zz.mp4");
        assert_eq!(enc("/a%.mp4"), "/a%25.mp4");
        assert_eq!(enc("/a%E9%zz.mp4"), "/a%25E9%25zz.mp4");
        assert_eq!(enc("/./a/../b.mp4"), "/./a/../b.mp4");
        assert_eq!(enc("//double//slash/"), "//double//slash/");
        assert_eq!(enc("/a.mp4#t=10"), "/a.mp4%23t%3D10");
        assert_eq!(enc("/vidéo"), "/vid%C3%A9o");
    }

    #[test]
    fn query_rules() {
        assert_eq!(enc("/a?q=a b"), "/a?q=a%20b");
        assert_eq!(enc("/a?q=a+b"), "/a?q=a+b");
        assert_eq!(enc("/a?q=%2b%3a"), "/a?q=%2B%3A");
        assert_eq!(enc("/a?q=*'~!()"), "/a?q=*%27~!()");
        assert_eq!(enc("/a?flag"), "/a?flag=");
        assert_eq!(enc("/a?a=1&&b=2&"), "/a?a=1&b=2");
        assert_eq!(enc("/a?=x"), "/a?=x");
        assert_eq!(enc("/a?a=b=c"), "/a?a=b%3Dc");
        assert_eq!(enc("/a?a=%zz&b=%4"), "/a?a=%25zz&b=%254");
        assert_eq!(enc("/a?a=1?b=2&c=/x:y@z"), "/a?a=1%3Fb%3D2&c=%2Fx%3Ay%40z");
        assert_eq!(enc("/a?%41=%41"), "/a?%41=%41");
        assert_eq!(enc("/a?"), "/a");
        assert_eq!(enc("/a?x=1#t=10"), "/a?x=1%23t%3D10");
    }

    #[test]
    fn origin_untouched() {
        assert_eq!(encode_url_path("https://h?q=a b"), "https://h?q=a b");
        assert_eq!(
            encode_url_path("https://H.X:8443/a b"),
            "https://H.X:8443/a%20b"
        );
        assert_eq!(encode_url_path("no-scheme/a b"), "no-scheme/a b");
    }

    #[test]
    fn resources_and_schemes() {
        assert_eq!(
            get_resource("rtmp://s5c39gqb8ow64r.cloudfront.net:1935/cfx/st/a%20b.mp3?x=1").unwrap(),
            "cfx/st/a%20b.mp3?x=1"
        );
        assert_eq!(
            get_resource("rtmp://h/cfx/st/a.mp3").unwrap(),
            "cfx/st/a.mp3"
        );
        assert_eq!(get_resource("wss://h/live").unwrap(), "wss://h/live");
        for bad in [
            "HTTPS://h/a",
            "ftp://h/a",
            "h/a.mp4",
            "*",
            "httphttps://h/*",
            "",
            "http:😀",
        ] {
            assert_eq!(
                get_resource(bad).unwrap_err().message(),
                BAD_SCHEME,
                "{bad:?}"
            );
        }
        assert_eq!(get_resource("http:x").unwrap(), "http:x"); // JS's indexOf(-1) quirk
    }

    #[test]
    fn extended_encoding() {
        let e = |s: &str| {
            let mut o = String::new();
            push_extended_encode(&mut o, s);
            o
        };
        assert_eq!(e("K2JCJMDEHXQW5F"), "K2JCJMDEHXQW5F");
        assert_eq!(e("K+/=&x y"), "K%2B%2F%3D%26x%20y");
        assert_eq!(e("a!'()*"), "a%21%27%28%29%2A");
        assert_eq!(
            decode_extended_canonical("K%2B%2F%3D%26x%20y").unwrap(),
            "K+/=&x y"
        );
        assert_eq!(
            decode_extended_canonical("K2JCJMDEHXQW5F").unwrap(),
            "K2JCJMDEHXQW5F"
        );
        assert!(decode_extended_canonical("K%2b").is_none());
        assert!(decode_extended_canonical("%4B2").is_none());
    }
}
