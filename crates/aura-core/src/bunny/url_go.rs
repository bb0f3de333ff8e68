//! The Go signer: `net/url.Parse` and `url.QueryUnescape`.

use super::reading::{split_pair, UrlReading};
use crate::error::{invalid, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    UserPassword,
    QueryComponent,
    Fragment,
}

fn escape_error(s: &[u8], i: usize) -> crate::AuraError {
    let end = (i + 3).min(s.len());
    invalid(format!(
        "invalid URL escape {:?}",
        String::from_utf8_lossy(&s[i..end])
    ))
}

/// `shouldEscape(c, encodeHost)` for ASCII bytes.
fn host_byte_needs_escape(c: u8) -> bool {
    !(c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'_'
                | b'.'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        ))
}

/// `unescape(s, mode)`: every `%` needs two hex digits; in a host only
/// non-ASCII bytes (or `%25`) may be escaped and reserved ASCII is refused;
/// `+` is a space only in a query component.
fn unescape(s: &[u8], mode: Mode) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                if i + 2 >= s.len()
                    || !s[i + 1].is_ascii_hexdigit()
                    || !s[i + 2].is_ascii_hexdigit()
                {
                    return Err(escape_error(s, i));
                }
                let byte = u8::from_str_radix(std::str::from_utf8(&s[i + 1..i + 3]).unwrap(), 16)
                    .expect("two hex digits");
                if mode == Mode::Host && byte < 0x80 && &s[i..i + 3] != b"%25" {
                    return Err(escape_error(s, i));
                }
                out.push(byte);
                i += 3;
            }
            b'+' if mode == Mode::QueryComponent => {
                out.push(b' ');
                i += 1;
            }
            c => {
                if mode == Mode::Host && c < 0x80 && host_byte_needs_escape(c) {
                    return Err(invalid(format!(
                        "invalid character {:?} in host name",
                        c as char
                    )));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// `validOptionalPort`.
fn valid_optional_port(port: &str) -> bool {
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

/// `parseHost`, for `name[:port]` and `[ipv6][:port]` (zones refused).
fn parse_host(host: &str) -> Result<Vec<u8>> {
    if host.starts_with('[') {
        let i = host
            .rfind(']')
            .ok_or_else(|| invalid("invalid URL: missing ']' in host"))?;
        if !valid_optional_port(&host[i + 1..]) {
            return Err(invalid(format!(
                "invalid URL: invalid port {:?} after host",
                &host[i + 1..]
            )));
        }
        if host[1..i].contains('%') || host[1..i].parse::<std::net::Ipv6Addr>().is_err() {
            return Err(invalid(
                "an IPv6 host with a zone or not an IPv6 address is not signed in the go style",
            ));
        }
    } else if let Some(i) = host.rfind(':') {
        if !valid_optional_port(&host[i..]) {
            return Err(invalid(format!(
                "invalid URL: invalid port {:?} after host",
                &host[i..]
            )));
        }
    }
    unescape(host.as_bytes(), Mode::Host)
}

/// `validUserinfo`.
fn valid_userinfo(s: &str) -> bool {
    s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b':'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
                    | b'@'
            )
            || b >= 0x80
    })
}

/// `getScheme`.
fn get_scheme(raw: &str) -> Result<(&str, &str)> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err(invalid("invalid URL: missing protocol scheme"));
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// What `SignUrl` uses of `url.Parse(raw)`.
struct GoUrl {
    scheme: String,
    host: Vec<u8>,
    path: Vec<u8>,
    raw_query: String,
}

/// `url.Parse` (callers reject control characters first).
fn parse(raw: &str) -> Result<GoUrl> {
    let (u, frag) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    if u == "*" {
        return Ok(GoUrl {
            scheme: String::new(),
            host: Vec::new(),
            path: b"*".to_vec(),
            raw_query: String::new(),
        });
    }
    let (scheme, mut rest) = get_scheme(u)?;
    let scheme = scheme.to_ascii_lowercase();
    let raw_query;
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest = &rest[..rest.len() - 1];
        raw_query = String::new();
    } else {
        let (r, q) = rest.split_once('?').unwrap_or((rest, ""));
        rest = r;
        raw_query = q.to_string();
    }
    let mut host = Vec::new();
    let path;
    if !rest.starts_with('/') && !scheme.is_empty() {
        // An opaque URL (`mailto:x`): no host, no path.
        path = Vec::new();
    } else {
        if !rest.starts_with('/') && rest.split('/').next().unwrap_or("").contains(':') {
            return Err(invalid(
                "invalid URL: first path segment in URL cannot contain colon",
            ));
        }
        if (!scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
            let after = &rest[2..];
            let (authority, tail) = match after.find('/') {
                Some(i) => (&after[..i], &after[i..]),
                None => (after, ""),
            };
            let (userinfo, host_text) = match authority.rfind('@') {
                Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
                None => (None, authority),
            };
            host = parse_host(host_text)?;
            if let Some(userinfo) = userinfo {
                if !valid_userinfo(userinfo) {
                    return Err(invalid("invalid URL: net/url: invalid userinfo"));
                }
                unescape(userinfo.as_bytes(), Mode::UserPassword)?;
            }
            rest = tail;
        }
        path = unescape(rest.as_bytes(), Mode::Path)?;
    }
    if let Some(frag) = frag {
        unescape(frag.as_bytes(), Mode::Fragment)?;
    }
    Ok(GoUrl {
        scheme,
        host,
        path,
        raw_query,
    })
}

/// `url.Parse(raw)` read as `SignUrl` reads it: `Scheme://Host` (port kept,
/// userinfo dropped, host case kept), the decoded `Path`, and `RawQuery`
/// split on `&` with each side `QueryUnescape`d (bad escapes are errors).
pub(super) fn read(url: &str) -> Result<UrlReading> {
    let parsed = parse(url)?;
    let mut pairs = Vec::new();
    for piece in parsed.raw_query.as_bytes().split(|&b| b == b'&') {
        if piece.is_empty() {
            continue;
        }
        let (k, v) = split_pair(piece);
        pairs.push((
            unescape(k, Mode::QueryComponent)?,
            unescape(v, Mode::QueryComponent)?,
        ));
    }
    let mut base = format!("{}://", parsed.scheme).into_bytes();
    base.extend_from_slice(&parsed.host);
    Ok(UrlReading {
        base,
        path: parsed.path,
        pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_like_net_url() {
        let r = read("HTTPS://user:pw@Host.Example:8443/a%20b.jpg?x=1+2&&y#frag").unwrap();
        assert_eq!(r.base, b"https://Host.Example:8443");
        assert_eq!(r.path, b"/a b.jpg");
        assert_eq!(
            r.pairs,
            vec![
                (b"x".to_vec(), b"1 2".to_vec()),
                (b"y".to_vec(), Vec::new())
            ]
        );
        let r = read("not a url").unwrap();
        assert_eq!(
            (r.base.as_slice(), r.path.as_slice()),
            (&b"://"[..], &b"not a url"[..])
        );
        assert_eq!(read("https://h").unwrap().path, b"");
        assert!(read("https://h/?x=%ZZ").is_err());
        assert!(read("https://h/%ZZ").is_err());
        assert!(read("https://h:port/").is_err());
        assert!(read("https://h/#%Z").is_err());
        assert!(read(":x").is_err());
        assert!(read("a:b/c").is_ok());
    }
}
