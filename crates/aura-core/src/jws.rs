//! Compact JWS (RFC 7515) parsing and the validity-window check, shared by
//! the Stream verifier and general JWT; [`sign_compact`] and
//! [`verify_compact`] sign and verify exact header and payload bytes.

mod compact;

pub use compact::{sign_compact, verify_compact};

use serde_json::{Map, Value};

use crate::encoding::b64url_decode_strict;
use crate::error::{invalid, malformed, AuraError, Result};

/// Leeway is capped at five minutes.
pub const MAX_LEEWAY: i64 = 300;

/// A token split and strictly decoded: canonical base64url parts, JSON objects.
pub(crate) struct Jws<'a> {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// `header.claims`: what the signature covers.
    pub signing_input: &'a [u8],
    pub signature: Vec<u8>,
}

fn json_object(part: &str, what: &str) -> Result<Map<String, Value>> {
    let bytes = b64url_decode_strict(part)
        .ok_or_else(|| malformed(format!("{what} is not canonical base64url")))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(malformed(format!("{what} is not a JSON object"))),
    }
}

pub(crate) fn parse(token: &str) -> Result<Jws<'_>> {
    let mut parts = token.split('.');
    let (h, c, s) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(c), Some(s), None) => (h, c, s),
        _ => return Err(malformed("a JWS has three dot-separated parts")),
    };
    Ok(Jws {
        header: json_object(h, "header")?,
        claims: json_object(c, "claims")?,
        signing_input: &token.as_bytes()[..h.len() + 1 + c.len()],
        signature: b64url_decode_strict(s)
            .ok_or_else(|| malformed("signature is not canonical base64url"))?,
    })
}

pub(crate) fn check_leeway(leeway: i64) -> Result<()> {
    if (0..=MAX_LEEWAY).contains(&leeway) {
        Ok(())
    } else {
        Err(invalid(format!(
            "leeway must be between 0 and {MAX_LEEWAY} seconds"
        )))
    }
}

/// Expired when `now >= exp + leeway` (RFC 7519); not yet valid when
/// `now + leeway < nbf`; a missing `exp` is refused when `require_exp`.
pub(crate) fn check_window(
    exp: Option<f64>,
    nbf: Option<f64>,
    now: i64,
    leeway: i64,
    require_exp: bool,
) -> Result<()> {
    let (now, leeway) = (now as f64, leeway as f64);
    match exp {
        Some(exp) if now >= exp + leeway => return Err(AuraError::Expired),
        None if require_exp => return Err(malformed("token has no exp")),
        _ => {}
    }
    match nbf {
        Some(nbf) if now + leeway < nbf => Err(AuraError::NotYetValid),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_edges() {
        assert_eq!(
            check_window(Some(100.0), None, 100, 0, true)
                .unwrap_err()
                .code(),
            "expired"
        );
        assert!(check_window(Some(100.0), None, 99, 0, true).is_ok());
        assert!(check_window(Some(100.0), None, 100, 1, true).is_ok());
        assert_eq!(
            check_window(None, Some(101.0), 100, 0, false)
                .unwrap_err()
                .code(),
            "not_yet_valid"
        );
        assert!(check_window(None, Some(100.0), 100, 0, false).is_ok());
        assert_eq!(
            check_window(None, None, 100, 0, true).unwrap_err().code(),
            "malformed"
        );
        assert!(
            check_leeway(301).is_err() && check_leeway(-1).is_err() && check_leeway(300).is_ok()
        );
    }
}
