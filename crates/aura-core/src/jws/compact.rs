//! The JWS Compact Serialization over exact bytes (RFC 7515 §3.1, §5, §7.1):
//! `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)`,
//! the signature over the first two parts as they are written. Unlike
//! [`jwt::encode`](crate::jwt::encode), the caller chooses every header byte
//! and the payload need not be JSON; unlike [`jwt::decode`](crate::jwt::decode),
//! only the signature is checked (no claims, no clock).

use serde_json::{Map, Value};

use crate::encoding::{b64url_decode_strict, push_b64url};
use crate::error::{malformed, AuraError, Result};
use crate::jwt::{check_signature, Algorithm, JwtKey};

/// The protected header as a JSON object. `crit` (RFC 7515 §4.1.11) names
/// extensions that must be understood; Aura understands none, so any `crit`
/// (e.g. RFC 7797's `b64`) is refused as `malformed`.
fn header_object(bytes: &[u8]) -> Result<Map<String, Value>> {
    let header = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => m,
        _ => return Err(malformed("header is not a JSON object")),
    };
    if header.contains_key("crit") {
        return Err(malformed("crit header parameters are not supported"));
    }
    Ok(header)
}

fn header_alg(header: &Map<String, Value>) -> Result<Algorithm> {
    Algorithm::parse(
        header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("header has no alg"))?,
    )
}

/// Signs `payload` under the exact `protected_header` bytes (RFC 7515 §5.1).
/// The header's `alg` must be the key's algorithm (`alg_not_allowed`
/// otherwise, also for algorithms Aura lacks such as `PS384`, `ES512` and
/// `none`). HS256, RS256 and EdDSA are deterministic: the same inputs give
/// the same token, byte for byte.
pub fn sign_compact(protected_header: &[u8], payload: &[u8], key: &JwtKey) -> Result<String> {
    let alg = header_alg(&header_object(protected_header)?)?;
    if alg != key.algorithm() {
        return Err(AuraError::AlgNotAllowed(format!(
            "{} header with a {} key",
            alg.as_str(),
            key.algorithm().as_str()
        )));
    }
    if !key.can_sign() {
        return Err(AuraError::NotAPrivateKey);
    }
    let mut token = String::new();
    push_b64url(&mut token, protected_header);
    token.push('.');
    push_b64url(&mut token, payload);
    let signature = key.sign(token.as_bytes())?;
    token.push('.');
    push_b64url(&mut token, &signature);
    Ok(token)
}

/// Verifies a compact JWS (RFC 7515 §5.2) and returns its protected header
/// and payload bytes. Every part must be canonical base64url; the header a
/// JSON object whose `alg` is one of `algorithms` and whose `kid`, if any,
/// names one of `keys`. Claims, `exp` and `nbf` are not looked at. An empty
/// payload part (detached content, RFC 7515 Appendix F) is verified as empty.
pub fn verify_compact(
    token: &str,
    keys: &[JwtKey],
    algorithms: &[Algorithm],
) -> Result<(Map<String, Value>, Vec<u8>)> {
    let mut parts = token.split('.');
    let (h, p, s) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) => (h, p, s),
        _ => return Err(malformed("a JWS has three dot-separated parts")),
    };
    let strict = |part: &str, what: &str| {
        b64url_decode_strict(part)
            .ok_or_else(|| malformed(format!("{what} is not canonical base64url")))
    };
    let header = header_object(&strict(h, "header")?)?;
    let payload = strict(p, "payload")?;
    let jws = super::Jws {
        header,
        claims: Map::new(),
        signing_input: &token.as_bytes()[..h.len() + 1 + p.len()],
        signature: strict(s, "signature")?,
    };
    check_signature(&jws, keys, algorithms)?;
    Ok((jws.header, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs() -> JwtKey {
        JwtKey::from_jwk(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#).unwrap()
    }

    #[test]
    fn header_alg_must_be_the_keys() {
        let err = sign_compact(br#"{"alg":"RS256"}"#, b"x", &hs()).unwrap_err();
        assert_eq!(err.code(), "alg_not_allowed");
        for alg in ["none", "HS512", "PS256", "ES512"] {
            let header = format!(r#"{{"alg":"{alg}"}}"#);
            let err = sign_compact(header.as_bytes(), b"x", &hs()).unwrap_err();
            assert_eq!(err.code(), "alg_not_allowed", "{alg}");
        }
        assert_eq!(
            sign_compact(b"{}", b"x", &hs()).unwrap_err().code(),
            "malformed"
        );
        assert_eq!(
            sign_compact(b"[1]", b"x", &hs()).unwrap_err().code(),
            "malformed"
        );
    }

    #[test]
    fn crit_is_refused_both_ways() {
        let header = br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#;
        assert_eq!(
            sign_compact(header, b"x", &hs()).unwrap_err().code(),
            "malformed"
        );
        // A token signed over such a header by hand is still refused.
        let mut token = String::new();
        push_b64url(&mut token, header);
        token.push_str(".eA.");
        let sig = hs().sign(token.trim_end_matches('.').as_bytes()).unwrap();
        push_b64url(&mut token, &sig);
        let err = verify_compact(&token, &[hs()], &[Algorithm::HS256]).unwrap_err();
        assert_eq!(err.code(), "malformed");
    }

    #[test]
    fn round_trip_with_any_payload_bytes() {
        let token = sign_compact(br#"{"alg":"HS256"}"#, &[0, 0xff, b'.'], &hs()).unwrap();
        let (header, payload) = verify_compact(&token, &[hs()], &[Algorithm::HS256]).unwrap();
        assert_eq!(payload, vec![0, 0xff, b'.']);
        assert_eq!(header["alg"], "HS256");
        let err = verify_compact(&format!("{token}="), &[hs()], &[Algorithm::HS256]).unwrap_err();
        assert_eq!(err.code(), "malformed");
        let err = verify_compact(&token, &[], &[Algorithm::HS256]).unwrap_err();
        assert_eq!(err.code(), "alg_not_allowed");
    }
}
