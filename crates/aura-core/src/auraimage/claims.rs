//! A verified token's payload as typed values, for the bindings that return
//! records instead of JSON (Kotlin, Swift). The verifiers have already
//! checked the signature and `exp`; nothing here accepts or refuses a token.

use serde_json::{Map, Value};

use crate::error::{malformed, Result};
use crate::members::{boolean, number, text};

/// A verified serve token (`{"p","f","exp"}`, auraimage.md §6).
#[derive(Clone, Debug, PartialEq)]
pub struct ServeClaims {
    /// `p`: the project.
    pub project: String,
    /// `f`: the image name.
    pub name: String,
    /// `exp`: Unix seconds, a JS number (the SDK may sign a fraction).
    pub exp: f64,
    /// The whole payload, member order kept (members the SDK may add).
    pub payload: Map<String, Value>,
}

/// A verified upload token (members in the SDK's order:
/// `projectName, maxSize, allowedTypes, iat, exp, visibility, name,
/// overwrite`). A member of another JSON type than the SDK writes is `None`
/// here and kept in `payload`.
#[derive(Clone, Debug, PartialEq)]
pub struct UploadClaims {
    /// `projectName`.
    pub project_name: Option<String>,
    /// `maxSize` in bytes.
    pub max_size: Option<f64>,
    /// `allowedTypes`: MIME types or `type/*` patterns.
    pub allowed_types: Option<Vec<String>>,
    /// `iat`: Unix seconds.
    pub iat: Option<f64>,
    /// `exp`: Unix seconds (a JS number; `iat + expiresIn` unrounded).
    pub exp: f64,
    /// `visibility`: `public` or `private` as signed.
    pub visibility: Option<String>,
    /// `name`: the image name the token is for.
    pub name: Option<String>,
    /// `overwrite`.
    pub overwrite: Option<bool>,
    /// The whole payload, member order kept.
    pub payload: Map<String, Value>,
}

fn exp(payload: &Map<String, Value>) -> Result<f64> {
    number(payload, "exp")
        .filter(|e| e.is_finite())
        .ok_or_else(|| malformed("exp must be a number"))
}

impl ServeClaims {
    /// From a payload [`verify_serve_token`](super::verify_serve_token)
    /// returned (`malformed` for one it would not have).
    pub fn from_payload(payload: Map<String, Value>) -> Result<Self> {
        let (project, name) = match (text(&payload, "p"), text(&payload, "f")) {
            (Some(p), Some(f)) => (p, f),
            _ => return Err(malformed("serve token needs string p and f")),
        };
        Ok(ServeClaims {
            project,
            name,
            exp: exp(&payload)?,
            payload,
        })
    }
}

impl UploadClaims {
    /// From a payload [`verify_upload_token`](super::verify_upload_token)
    /// returned (`malformed` for one without a numeric `exp`).
    pub fn from_payload(payload: Map<String, Value>) -> Result<Self> {
        let allowed_types = payload
            .get("allowedTypes")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter()
                    .map(|t| t.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
            });
        Ok(UploadClaims {
            project_name: text(&payload, "projectName"),
            max_size: number(&payload, "maxSize"),
            allowed_types,
            iat: number(&payload, "iat"),
            exp: exp(&payload)?,
            visibility: text(&payload, "visibility"),
            name: text(&payload, "name"),
            overwrite: boolean(&payload, "overwrite"),
            payload,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auraimage::{sign_serve_token, verify_serve_token, verify_upload_token};
    use crate::auraimage::{AuraImage, UploadOptions};

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn serve_claims_of_a_signed_url() {
        let aura = AuraImage::new(
            "sk_live_a",
            "proj",
            Some("psk_live_b"),
            Some("https://cdn.example"),
        )
        .unwrap();
        let url = aura
            .get_signed_url("cats/tom", Some(90.5), None, 1000)
            .unwrap();
        let token = url.split_once("?token=").unwrap().1;
        let payload = verify_serve_token(token, &["psk_live_b"], 1000, None).unwrap();
        let c = ServeClaims::from_payload(object(payload)).unwrap();
        assert_eq!((c.project.as_str(), c.name.as_str()), ("proj", "cats/tom"));
        assert_eq!(c.exp, 1090.0); // expiresIn is floored (auraimage.md §5)
        assert_eq!(c.payload.keys().collect::<Vec<_>>(), ["p", "f", "exp"]);
    }

    #[test]
    fn serve_claims_refuse_what_the_verifier_refuses() {
        for v in [
            serde_json::json!({"p": "a", "exp": 1}),
            serde_json::json!({"p": "a", "f": 1, "exp": 1}),
            serde_json::json!({"p": "a", "f": "b", "exp": "1"}),
        ] {
            let token = sign_serve_token(&v, "psk").unwrap();
            assert!(verify_serve_token(&token, &["psk"], 0, None).is_err());
            assert_eq!(
                ServeClaims::from_payload(object(v)).unwrap_err().code(),
                "malformed"
            );
        }
    }

    #[test]
    fn upload_claims_of_sign_upload() {
        let aura = AuraImage::new("sk_live_a", "proj", None, None).unwrap();
        let o = UploadOptions {
            allowed_types: Some(vec!["image/png".into()]),
            expires_in: Some(60.25),
            visibility: Some("private".into()),
            name: Some("x/y".into()),
            overwrite: Some(true),
            ..UploadOptions::default()
        };
        let token = aura.sign_upload(&o, 1000).unwrap();
        let payload = verify_upload_token(&token, &["sk_live_a"], 1000).unwrap();
        let c = UploadClaims::from_payload(object(payload)).unwrap();
        assert_eq!(c.project_name.as_deref(), Some("proj"));
        assert_eq!(c.max_size, Some(31_457_280.0));
        assert_eq!(c.allowed_types, Some(vec!["image/png".to_string()]));
        assert_eq!((c.iat, c.exp), (Some(1000.0), 1060.25));
        assert_eq!(c.visibility.as_deref(), Some("private"));
        assert_eq!((c.name.as_deref(), c.overwrite), (Some("x/y"), Some(true)));
    }

    #[test]
    fn upload_claims_keep_foreign_members_in_the_payload_only() {
        let v = serde_json::json!({"exp": 5, "allowedTypes": ["a", 1], "maxSize": "1mb", "x": 1});
        let c = UploadClaims::from_payload(object(v)).unwrap();
        assert_eq!(
            (c.allowed_types, c.max_size, c.project_name),
            (None, None, None)
        );
        assert_eq!(c.payload["x"], 1);
    }
}
