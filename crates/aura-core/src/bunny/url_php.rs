//! The PHP signer: `parse_url` (PHP 8.2 `php_url_parse_ex2`) and
//! `rawurldecode`.

use super::percent::decode_lenient;
use super::reading::{split_pair, UrlReading};
use crate::error::Result;

/// The components `sign_bcdn_url` reads; `None` is an absent key.
#[derive(Debug, Default, PartialEq, Eq)]
struct PhpUrl<'a> {
    scheme: Option<&'a [u8]>,
    host: Option<&'a [u8]>,
    path: Option<&'a [u8]>,
    query: Option<&'a [u8]>,
}

fn find(s: &[u8], from: usize, to: usize, b: u8) -> Option<usize> {
    s[from..to].iter().position(|&c| c == b).map(|i| from + i)
}

fn rfind(s: &[u8], from: usize, to: usize, b: u8) -> Option<usize> {
    s[from..to].iter().rposition(|&c| c == b).map(|i| from + i)
}

/// C `strtol(text, &end, 10)` accepted as a port: whitespace, a sign, at
/// least one digit, value in 0..=65535.
fn strtol_port(text: &[u8]) -> bool {
    let mut i = 0;
    while i < text.len() && matches!(text[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let negative = match text.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = text[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let value: i64 = std::str::from_utf8(&text[i..i + digits])
        .unwrap()
        .parse()
        .unwrap_or(i64::MAX);
    let value = if negative { -value } else { value };
    (0..=65535).contains(&value)
}

enum Next {
    Host,
    Path,
}

/// `parse_url($url)`; `None` is `false`.
fn parse_url(s: &[u8]) -> Option<PhpUrl<'_>> {
    let ue = s.len();
    let mut ret = PhpUrl::default();
    let mut start = 0usize;
    let mut port_seen = false;
    let is_scheme_byte = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-');
    let starts_slash_slash = |at: usize| at + 1 < ue && s[at] == b'/' && s[at + 1] == b'/';

    // Returns how to go on after `parse_port:`, or `None` for `false`.
    let parse_port = |e: usize, start: &mut usize, port_seen: &mut bool| -> Option<Next> {
        let p = e + 1;
        let mut pp = p;
        while pp < ue && pp - p < 6 && s[pp].is_ascii_digit() {
            pp += 1;
        }
        if pp - p > 0 && pp - p < 6 && (pp == ue || s[pp] == b'/') {
            if !strtol_port(&s[p..pp]) {
                return None;
            }
            *port_seen = true;
            if starts_slash_slash(*start) {
                *start += 2;
            }
            Some(Next::Host)
        } else if p == pp && pp == ue {
            None
        } else if starts_slash_slash(*start) {
            *start += 2;
            Some(Next::Host)
        } else {
            Some(Next::Path)
        }
    };

    let colon = find(s, 0, ue, b':');
    let next = match colon {
        Some(e) if e != 0 => {
            if let Some(bad) = s[..e].iter().position(|&c| !is_scheme_byte(c)) {
                let _ = bad;
                let question = find(s, 0, ue, b'?');
                if e + 1 < ue && question.is_some_and(|q| e < q) {
                    parse_port(e, &mut start, &mut port_seen)?
                } else if starts_slash_slash(0) {
                    start = 2;
                    Next::Host
                } else {
                    Next::Path
                }
            } else if e + 1 == ue {
                ret.scheme = Some(&s[..e]);
                return Some(ret);
            } else if s[e + 1] != b'/' {
                let mut p = e + 1;
                while p < ue && s[p].is_ascii_digit() {
                    p += 1;
                }
                if (p == ue || s[p] == b'/') && p - e < 7 {
                    parse_port(e, &mut start, &mut port_seen)?
                } else {
                    ret.scheme = Some(&s[..e]);
                    start = e + 1;
                    Next::Path
                }
            } else {
                ret.scheme = Some(&s[..e]);
                if e + 2 < ue && s[e + 2] == b'/' {
                    start = e + 3;
                    if s[..e].eq_ignore_ascii_case(b"file") && e + 3 < ue && s[e + 3] == b'/' {
                        if e + 5 < ue && s[e + 5] == b':' {
                            start = e + 4;
                        }
                        Next::Path
                    } else {
                        Next::Host
                    }
                } else {
                    start = e + 1;
                    Next::Path
                }
            }
        }
        Some(e) => parse_port(e, &mut start, &mut port_seen)?,
        None if starts_slash_slash(0) => {
            start = 2;
            Next::Host
        }
        None => Next::Path,
    };

    if let Next::Host = next {
        let mut s0 = start;
        let e = s[s0..]
            .iter()
            .position(|&c| matches!(c, b'/' | b'?' | b'#'))
            .map_or(ue, |i| s0 + i);
        if let Some(at) = rfind(s, s0, e, b'@') {
            s0 = at + 1;
        }
        let bracketed = s0 < ue && s[s0] == b'[' && e > 0 && s[e - 1] == b']';
        let colon = if bracketed {
            None
        } else {
            rfind(s, s0, e, b':')
        };
        let host_end = match colon {
            Some(p) => {
                if !port_seen {
                    let digits = &s[p + 1..e];
                    let too_long = digits.len() > 5;
                    if too_long || (!digits.is_empty() && !strtol_port(digits)) {
                        return None;
                    }
                }
                p
            }
            None => e,
        };
        if host_end < s0 + 1 {
            return None;
        }
        ret.host = Some(&s[s0..host_end]);
        if e == ue {
            return Some(ret);
        }
        start = e;
    }

    // just_path:
    let mut e = ue;
    if let Some(p) = find(s, start, e, b'#') {
        e = p;
    }
    if let Some(p) = find(s, start, e, b'?') {
        ret.query = Some(&s[p + 1..e]);
        e = p;
    }
    if start < e || start == ue {
        ret.path = Some(&s[start..e]);
    }
    Some(ret)
}

/// `sign_bcdn_url`'s reading: `scheme://host` (no port, no userinfo, case
/// kept), `path ?? '/'`, and the query `explode`d on `&` (empty pieces are
/// parameters with an empty name) and `rawurldecode`d. When `parse_url`
/// returns `false` every component is read as absent.
pub(super) fn read(url: &str) -> Result<UrlReading> {
    let parsed = parse_url(url.as_bytes()).unwrap_or_default();
    let mut base = parsed.scheme.unwrap_or_default().to_vec();
    base.extend_from_slice(b"://");
    base.extend_from_slice(parsed.host.unwrap_or_default());
    let mut pairs = Vec::new();
    match parsed.query {
        Some(q) if !q.is_empty() => {
            for piece in q.split(|&b| b == b'&') {
                let (k, v) = split_pair(piece);
                pairs.push((decode_lenient(k), decode_lenient(v)));
            }
        }
        _ => {}
    }
    Ok(UrlReading {
        base,
        path: parsed.path.unwrap_or(b"/").to_vec(),
        pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> Option<(String, String, String, String)> {
        let text = |o: Option<&[u8]>| {
            o.map_or("<none>".into(), |b| String::from_utf8_lossy(b).into_owned())
        };
        parse_url(url.as_bytes())
            .map(|p| (text(p.scheme), text(p.host), text(p.path), text(p.query)))
    }

    #[test]
    fn parse_url_like_php() {
        let t = |a: &str, b: &str, c: &str, d: &str| Some((a.into(), b.into(), c.into(), d.into()));
        assert_eq!(
            parts("HTTPS://u:p@Host:8443/a b?x=1#f"),
            t("HTTPS", "Host", "/a b", "x=1")
        );
        assert_eq!(
            parts("https://host"),
            t("https", "host", "<none>", "<none>")
        );
        assert_eq!(parts("https://host?"), t("https", "host", "<none>", ""));
        assert_eq!(
            parts("not a url"),
            t("<none>", "<none>", "not a url", "<none>")
        );
        assert_eq!(
            parts("/relative/x.jpg?a"),
            t("<none>", "<none>", "/relative/x.jpg", "a")
        );
        assert_eq!(
            parts("https://[::1]:80/x"),
            t("https", "[::1]", "/x", "<none>")
        );
        assert_eq!(parts("mailto:a@b"), t("mailto", "<none>", "a@b", "<none>"));
        assert_eq!(
            parts("host.example:80/x"),
            t("<none>", "host.example", "/x", "<none>")
        );
        assert_eq!(parts("https://host:123456/x"), None);
        assert_eq!(parts("https://:80/x"), None);
        let r = read("https://h/x?a=1&&b=%ZZ+").unwrap();
        assert_eq!(
            r.pairs,
            vec![
                (b"a".to_vec(), b"1".to_vec()),
                (Vec::new(), Vec::new()),
                (b"b".to_vec(), b"%ZZ+".to_vec())
            ]
        );
        assert_eq!(read("https://host").unwrap().path, b"/");
    }
}
