//! A verified JWT's registered claims (RFC 7519 §4.1) as typed values, for
//! the bindings that return records instead of JSON (Kotlin, Swift; Mux
//! tokens too).

use serde_json::{Map, Value};

use crate::members::{number, text};

/// The registered claims of claims [`decode`](super::decode) (or a Mux
/// verifier) returned, and every claim. A registered claim of another JSON
/// type than RFC 7519 gives it is `None` here and kept in `claims`.
#[derive(Clone, Debug, PartialEq)]
pub struct RegisteredClaims {
    /// `iss`.
    pub issuer: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// `aud`: one string or a list of strings (other items skipped).
    pub audience: Vec<String>,
    /// `exp`: Unix seconds.
    pub expires_at: Option<f64>,
    /// `nbf`: Unix seconds.
    pub not_before: Option<f64>,
    /// `iat`: Unix seconds.
    pub issued_at: Option<f64>,
    /// `jti`.
    pub jwt_id: Option<String>,
    /// Every claim, member order kept.
    pub claims: Map<String, Value>,
}

impl RegisteredClaims {
    /// Reads the registered claims; never fails (verification already ran).
    pub fn from_claims(claims: Map<String, Value>) -> Self {
        let audience = match claims.get("aud") {
            Some(Value::String(a)) => vec![a.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        RegisteredClaims {
            issuer: text(&claims, "iss"),
            subject: text(&claims, "sub"),
            audience,
            expires_at: number(&claims, "exp"),
            not_before: number(&claims, "nbf"),
            issued_at: number(&claims, "iat"),
            jwt_id: text(&claims, "jti"),
            claims,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_claims_by_type() {
        let v = serde_json::json!({"iss": "me", "aud": ["a", 1, "b"], "exp": 5.5, "sub": 7});
        let c = RegisteredClaims::from_claims(v.as_object().cloned().unwrap());
        assert_eq!(c.issuer.as_deref(), Some("me"));
        assert_eq!(c.audience, ["a", "b"]);
        assert_eq!((c.expires_at, c.subject), (Some(5.5), None));
        assert_eq!(c.claims["sub"], 7);
    }
}
