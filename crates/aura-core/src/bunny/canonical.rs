//! The default style's refusals: inputs on which the Python signer's bytes
//! are not a URL a client will request as signed, carry credentials, or
//! depend on a reading the five signers do not share.

use super::ip;
use super::percent::{decode_strict, escapes_are_valid, is_unreserved};
use super::url_python::urlparse;
use super::BunnyOptions;
use crate::error::{invalid, Result};

/// Names the token itself uses: a query parameter of that name would give
/// the URL two of them.
pub(super) const RESERVED_NAMES: [&str; 3] = ["token", "expires", "bcdn_token"];

/// A path byte a client sends as it is: RFC 3986 `pchar` and `/`, without
/// `;` (Python cuts `;params` off the last segment) and with `%` only in
/// escapes.
fn path_byte_ok(b: u8) -> bool {
    is_unreserved(b)
        || matches!(
            b,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'%'
        )
}

/// A query name byte every signer prints as it is and every reader reads
/// as it is (no `%`, no `+`, no `&`, `=`, `#`, space).
pub(super) fn name_byte_ok(b: u8) -> bool {
    is_unreserved(b)
        || matches!(
            b,
            b'!' | b'$'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b','
                | b':'
                | b'@'
                | b'/'
                | b'?'
                | b'['
                | b']'
        )
}

fn is_dot_segment(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    )
}

fn check_path(path: &str) -> Result<()> {
    if !path.starts_with('/') {
        return Err(invalid(
            "the URL has an empty path: Python and Go sign \"\", Node, Rust and PHP sign \"/\"; write the / explicitly",
        ));
    }
    if let Some(b) = path.bytes().find(|&b| !path_byte_ok(b)) {
        return Err(invalid(format!(
            "the path contains {:?}: the signers disagree on whether it is signed raw or percent-encoded, and a client requests it encoded; percent-encode the path",
            char::from(b)
        )));
    }
    if !escapes_are_valid(path.as_bytes()) {
        return Err(invalid(
            "the path has a % that is not followed by two hex digits",
        ));
    }
    if path.split('/').any(is_dot_segment) {
        return Err(invalid(
            "the path has a . or .. segment: Node and Rust resolve it, Python, Go and PHP sign it as written; remove it",
        ));
    }
    Ok(())
}

fn check_query(query: &str) -> Result<()> {
    if !escapes_are_valid(query.as_bytes()) {
        return Err(invalid(
            "the query has a % that is not followed by two hex digits (Go refuses it, the others sign a literal %)",
        ));
    }
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        if name.is_empty() {
            return Err(invalid("the query has a parameter without a name"));
        }
        if let Some(b) = name.bytes().find(|&b| !name_byte_ok(b)) {
            return Err(invalid(format!(
                "query parameter name {name:?} contains {:?}: names are printed unencoded; use letters, digits and -._~",
                char::from(b)
            )));
        }
        if RESERVED_NAMES.contains(&name) {
            return Err(invalid(format!(
                "the query already has a {name:?} parameter, which the token URL uses itself"
            )));
        }
        let decoded = decode_strict(value.replace('+', " ").as_bytes()).unwrap_or_default();
        if std::str::from_utf8(&decoded).is_err() {
            return Err(invalid(format!(
                "query parameter {name:?} decodes to bytes that are not UTF-8 (Python and Node sign U+FFFD, Rust refuses, Go and PHP sign the bytes)"
            )));
        }
    }
    Ok(())
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Everything the default style refuses before it produces the Python
/// signer's bytes.
pub(super) fn check(url: &str, o: &BunnyOptions) -> Result<()> {
    let parsed = urlparse(url)?;
    let absolute = matches!(parsed.scheme.as_str(), "http" | "https")
        && !parsed.netloc.is_empty()
        && url::Url::parse(url).is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty()));
    if !absolute {
        return Err(invalid(
            "the URL must be absolute http(s) with a host (Python, Go and PHP print \"://…\" for anything else)",
        ));
    }
    if parsed.netloc.contains('@') {
        return Err(invalid(
            "the URL has user information: Python prints it in the signed URL, the others drop it; remove it",
        ));
    }
    check_path(parsed.split_path)?;
    if !o.ignore_params {
        check_query(parsed.query)?;
    }
    if let Some(text) = given(&o.user_ip) {
        ip::check_default(text)?;
    }
    if let Some(path) = given(&o.path_allowed) {
        if !path.starts_with('/') {
            return Err(invalid("path_allowed must start with /"));
        }
    }
    if o.expires_at.is_some_and(|at| at < 0) {
        return Err(invalid("expires_at must not be negative"));
    }
    Ok(())
}
