//! The Node and Rust signers: WHATWG URL parsing (`new URL`, the `url`
//! crate 2.5.8 the Rust signer was built with).

use url::{form_urlencoded, Url};

use super::percent::decode_lenient;
use super::reading::{split_pair, UrlReading};
use crate::error::{invalid, Result};

fn parse(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|e| invalid(format!("invalid URL: {e}")))
}

/// `new URL(url)`: `protocol//host` (host with a non-default port),
/// `pathname`, `searchParams` (`+` is a space, bytes decoded as UTF-8 with
/// U+FFFD for invalid sequences).
pub(super) fn read_node(url: &str) -> Result<UrlReading> {
    let u = parse(url)?;
    let mut base = format!("{}://{}", u.scheme(), u.host_str().unwrap_or(""));
    if let Some(port) = u.port() {
        base.push_str(&format!(":{port}"));
    }
    let pairs = form_urlencoded::parse(u.query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned().into_bytes(), v.into_owned().into_bytes()))
        .collect();
    Ok(UrlReading {
        base: base.into_bytes(),
        path: u.path().as_bytes().to_vec(),
        pairs,
    })
}

/// `Url::parse(url)`: `scheme://host_str` (the port is dropped), `path()`,
/// the serialised query split on `&` (empty pieces skipped) and
/// percent-decoded without `+` handling; invalid UTF-8 is an error.
pub(super) fn read_rust(url: &str) -> Result<UrlReading> {
    let u = parse(url)?;
    let base = format!("{}://{}", u.scheme(), u.host_str().unwrap_or(""));
    let mut pairs = Vec::new();
    if let Some(query) = u.query() {
        for piece in query.as_bytes().split(|&b| b == b'&') {
            if piece.is_empty() {
                continue;
            }
            let (k, v) = split_pair(piece);
            pairs.push((utf8(decode_lenient(k))?, utf8(decode_lenient(v))?));
        }
    }
    Ok(UrlReading {
        base: base.into_bytes(),
        path: u.path().as_bytes().to_vec(),
        pairs,
    })
}

fn utf8(bytes: Vec<u8>) -> Result<Vec<u8>> {
    match std::str::from_utf8(&bytes) {
        Ok(_) => Ok(bytes),
        Err(_) => Err(invalid("invalid UTF-8 in query parameter")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_keeps_the_port_rust_drops_it() {
        let n = read_node("HTTPS://Host.Example:8443/a b?x=1+2").unwrap();
        assert_eq!(n.base, b"https://host.example:8443");
        assert_eq!(n.path, b"/a%20b");
        assert_eq!(n.pairs, vec![(b"x".to_vec(), b"1 2".to_vec())]);
        let r = read_rust("https://host.example:8443/a?x=1+2").unwrap();
        assert_eq!(r.base, b"https://host.example");
        assert_eq!(r.pairs, vec![(b"x".to_vec(), b"1+2".to_vec())]);
        assert!(read_rust("https://h/?x=%FF").is_err());
        assert_eq!(
            read_node("https://h/?x=%FF").unwrap().pairs[0].1,
            "\u{FFFD}".as_bytes()
        );
    }
}
