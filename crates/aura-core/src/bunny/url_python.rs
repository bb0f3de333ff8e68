//! The Python signer: `urllib.parse.urlparse` and `parse_qs` of CPython 3.11.

use std::net::Ipv6Addr;

use super::percent::decode_lenient;
use super::reading::{split_pair, UrlReading};
use crate::error::{invalid, Result};

/// `urlsplit` + `urlparse`'s `;params` cut: the parts the signer uses.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PythonUrl<'a> {
    /// Lower-cased.
    pub scheme: String,
    /// Raw: userinfo, port and case kept.
    pub netloc: &'a str,
    /// Raw, with `;params` of the last segment removed.
    pub path: &'a str,
    /// Raw, as `urlsplit` returns it (before the `;params` cut).
    pub split_path: &'a str,
    /// Raw, after the first `?` and before `#`.
    pub query: &'a str,
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// `urlsplit(url)` then `_splitparams` (callers reject leading C0 controls,
/// spaces, tabs and newlines, which 3.11 strips or removes first).
pub(super) fn urlparse(url: &str) -> Result<PythonUrl<'_>> {
    let mut scheme = String::new();
    let mut rest = url;
    if let Some(i) = url.find(':') {
        let head = &url[..i];
        if i > 0
            && head.starts_with(|c: char| c.is_ascii_alphabetic())
            && head.chars().all(is_scheme_char)
        {
            scheme = head.to_ascii_lowercase();
            rest = &url[i + 1..];
        }
    }
    let mut netloc = "";
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = &after[..end];
        rest = &after[end..];
        if !netloc.is_ascii() {
            // `_checknetloc` NFKC-normalises non-ASCII netlocs; not reproduced.
            return Err(invalid(
                "a non-ASCII host is not signed in the python style (urlsplit's NFKC check is not reproduced)",
            ));
        }
        if netloc.contains('[') != netloc.contains(']') {
            return Err(invalid("Invalid IPv6 URL"));
        }
        if netloc.contains('[') {
            check_bracketed_host(netloc)?;
        }
    }
    if let Some(i) = rest.find('#') {
        rest = &rest[..i];
    }
    let (mut path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let split_path = path;
    if uses_params(&scheme) && path.contains(';') {
        path = split_params(path);
    }
    Ok(PythonUrl {
        scheme,
        netloc,
        path,
        split_path,
        query,
    })
}

/// `urllib.parse.uses_params`.
fn uses_params(scheme: &str) -> bool {
    matches!(
        scheme,
        "" | "ftp"
            | "hdl"
            | "prospero"
            | "http"
            | "imap"
            | "https"
            | "shttp"
            | "rtsp"
            | "rtspu"
            | "sip"
            | "sips"
            | "mms"
            | "sftp"
            | "tel"
    )
}

/// `_splitparams`: the path before the `;` of its last segment.
fn split_params(path: &str) -> &str {
    let from = path.rfind('/').unwrap_or(0);
    match path[from..].find(';') {
        Some(i) => &path[..from + i],
        None => path,
    }
}

/// `_check_bracketed_host` (3.11.4+): an IPv6 address or `v<hex>.<…>`.
fn check_bracketed_host(netloc: &str) -> Result<()> {
    let inner = netloc
        .split_once('[')
        .map(|(_, r)| r.split_once(']').map_or(r, |(h, _)| h))
        .unwrap_or("");
    let ok = if let Some(future) = inner.strip_prefix('v') {
        future.split_once('.').is_some_and(|(h, r)| {
            !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) && !r.is_empty()
        })
    } else {
        ipv6_with_scope(inner).is_some()
    };
    if ok {
        Ok(())
    } else {
        Err(invalid("Invalid IPv6 URL"))
    }
}

/// `ipaddress.IPv6Address`: an optional `%scope` (non-empty, without `%`)
/// is accepted and ignored.
pub(super) fn ipv6_with_scope(text: &str) -> Option<Ipv6Addr> {
    let addr = match text.split_once('%') {
        Some((addr, scope)) if !scope.is_empty() && !scope.contains('%') => addr,
        Some(_) => return None,
        None => text,
    };
    addr.parse().ok()
}

/// `unquote(s, errors='replace')`: escapes in each ASCII run are decoded as
/// bytes, then as UTF-8 with U+FFFD; non-ASCII characters stay.
fn unquote(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii_len = rest.bytes().take_while(u8::is_ascii).count();
        if ascii_len > 0 {
            out.push_str(&String::from_utf8_lossy(&decode_lenient(
                &rest.as_bytes()[..ascii_len],
            )));
            rest = &rest[ascii_len..];
        } else {
            let other = rest
                .char_indices()
                .find(|(_, c)| c.is_ascii())
                .map_or(rest.len(), |(i, _)| i);
            out.push_str(&rest[..other]);
            rest = &rest[other..];
        }
    }
    out
}

/// `parse_qsl(query, keep_blank_values=True)`: split on `&`, empty pieces
/// skipped, `+` is a space.
pub(super) fn parse_qsl(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (k, v) = split_pair(piece.as_bytes());
            let text = |b: &[u8]| unquote(&String::from_utf8_lossy(b).replace('+', " "));
            (text(k), text(v))
        })
        .collect()
}

/// `urlparse(url)` read as `sign_url` reads it: `scheme://netloc`, the path,
/// and `parse_qs` of the query.
pub(super) fn read(url: &str) -> Result<UrlReading> {
    let parsed = urlparse(url)?;
    Ok(UrlReading {
        base: format!("{}://{}", parsed.scheme, parsed.netloc).into_bytes(),
        path: parsed.path.as_bytes().to_vec(),
        pairs: parse_qsl(parsed.query)
            .into_iter()
            .map(|(k, v)| (k.into_bytes(), v.into_bytes()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlparse_like_cpython() {
        let p = urlparse("HTTPS://user:pw@Host:443/a;b/c;d=e?q=1#f").unwrap();
        assert_eq!(p.scheme, "https");
        assert_eq!(p.netloc, "user:pw@Host:443");
        assert_eq!(p.path, "/a;b/c");
        assert_eq!(p.query, "q=1");
        let p = urlparse("not a url").unwrap();
        assert_eq!((p.scheme.as_str(), p.netloc, p.path), ("", "", "not a url"));
        let p = urlparse("https://h").unwrap();
        assert_eq!(p.path, "");
        assert!(urlparse("https://[::1/x").is_err());
        assert!(urlparse("https://[1.2.3.4]/x").is_err());
        assert!(urlparse("https://[fe80::1%eth0]/x").is_ok());
    }

    #[test]
    fn unquote_like_cpython() {
        assert_eq!(unquote("caf%C3%A9"), "café");
        assert_eq!(unquote("%ZZ%"), "%ZZ%");
        assert_eq!(unquote("%FFx"), "\u{FFFD}x");
        assert_eq!(unquote("é%41"), "éA");
        assert_eq!(
            parse_qsl("a=x+y&&flag&=v"),
            vec![
                ("a".into(), "x y".into()),
                ("flag".into(), "".into()),
                ("".into(), "v".into())
            ]
        );
    }
}
