//! Cloudflare Stream signing keys (cloudflare.md §2.3; OpenAPI operations
//! `stream-signing-keys-*`):
//!
//! | call | request | `result` |
//! |---|---|---|
//! | create | `POST /accounts/{a}/stream/keys`, body `{}` | `{"id","pem","jwk","created"}` |
//! | list | `GET /accounts/{a}/stream/keys` | `[{"id","created","key_id"}]` |
//! | revoke | `DELETE /accounts/{a}/stream/keys/{id}` | `"ok"` (older docs: `"Revoked"`) |
//!
//! `pem` and `jwk` are shown once, at creation: [`CreatedStreamKey`] keeps
//! them as [`Secret`]s and loads the key, ready for [`StreamSigner`]. The
//! create call is a POST: it is never retried after a 5xx or a lost
//! connection (a retry could leave a second key behind).

use std::fmt;

use serde_json::Value;

use crate::error::{AuraError, Result};
use crate::http::{parse_v4_envelope, Method, Request};
use crate::secret::Secret;
use crate::stream::{StreamKey, StreamSigner, StreamStyle};

use super::api::{check_id, Api};

/// A key as `POST /stream/keys` returned it, loaded. `Debug` shows the id.
#[derive(Clone)]
pub struct CreatedStreamKey {
    /// The key id: the `kid` of tokens signed with it.
    pub id: String,
    /// Creation time as the API sends it, if given.
    pub created: Option<String>,
    /// Standard base64 of a PKCS#1 PEM, exactly as received.
    pub pem: Secret,
    /// Standard base64 of the JWK JSON, exactly as received (when sent).
    pub jwk: Option<Secret>,
    /// The private key from `pem`, with `id` as its key id.
    pub key: StreamKey,
}

impl CreatedStreamKey {
    /// A signer for this key (its `kid` is the key's `id`).
    pub fn signer(&self, style: StreamStyle) -> Result<StreamSigner> {
        StreamSigner::new(self.key.clone(), Some(&self.id), style)
    }
}

impl fmt::Debug for CreatedStreamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CreatedStreamKey(id={:?}, created={:?}, <private>)",
            self.id, self.created
        )
    }
}

/// One listed key (no key material: Cloudflare shows that only once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamKeyInfo {
    /// The key id.
    pub id: String,
    /// Creation time as the API sends it, if given.
    pub created: Option<String>,
    /// Newer schemas' `key_id`.
    pub key_id: Option<String>,
}

/// `POST /accounts/{account_id}/stream/keys` with the body `{}` (the
/// document requires a JSON body; Cloudflare's SDKs send `{}`).
pub fn create_stream_key_request(api: &Api) -> Result<Request> {
    Ok(api
        .request(Method::Post, &["stream", "keys"])
        .json("{}".into()))
}

/// `GET /accounts/{account_id}/stream/keys`.
pub fn list_stream_keys_request(api: &Api) -> Result<Request> {
    Ok(api.request(Method::Get, &["stream", "keys"]))
}

/// `DELETE /accounts/{account_id}/stream/keys/{key_id}`: every token signed
/// with the key stops working.
pub fn revoke_stream_key_request(api: &Api, key_id: &str) -> Result<Request> {
    check_id("a Stream signing-key id", key_id)?;
    Ok(api.request(Method::Delete, &["stream", "keys", key_id]))
}

fn undocumented(what: &str) -> AuraError {
    AuraError::InvalidResponse(format!("Stream signing keys: {what}"))
}

fn opt_string(obj: &serde_json::Map<String, Value>, key: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(undocumented(&format!("\"{key}\" is not a string"))),
    }
}

/// The answer to [`create_stream_key_request`]: the key, loaded from `pem`
/// (and checked against `jwk` when present: both must be the same key).
pub fn parse_create_stream_key(status: u16, body: &[u8]) -> Result<CreatedStreamKey> {
    let Value::Object(mut obj) = parse_v4_envelope(status, body)? else {
        return Err(undocumented("result is not an object"));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(undocumented("result has no string \"id\"")),
    };
    let created = opt_string(&obj, "created")?;
    // From here on the key exists at Cloudflare: every error names its id so
    // it can be revoked.
    let lost = |what: &str| {
        AuraError::InvalidResponse(format!(
            "Stream key {id} was created but {what}; revoke it (aura cloudflare stream-keys revoke {id})"
        ))
    };
    let pem = match obj.remove("pem") {
        Some(Value::String(s)) => Secret::new(s),
        _ => return Err(lost("the answer has no string \"pem\"")),
    };
    let jwk = match obj.remove("jwk") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Secret::new(s)),
        Some(_) => return Err(lost("its \"jwk\" is not a string")),
    };
    let key = StreamKey::from_any(pem.expose(), Some(&id))
        .map_err(|e| lost(&format!("its pem does not load ({})", e.code())))?;
    if let Some(jwk) = &jwk {
        let from_jwk = StreamKey::from_any(jwk.expose(), Some(&id))
            .map_err(|e| lost(&format!("its jwk does not load ({})", e.code())))?;
        if from_jwk.modulus_sha256() != key.modulus_sha256() {
            return Err(lost("its pem and jwk are different keys"));
        }
    }
    Ok(CreatedStreamKey {
        id,
        created,
        pem,
        jwk,
        key,
    })
}

/// The answer to [`list_stream_keys_request`].
pub fn parse_list_stream_keys(status: u16, body: &[u8]) -> Result<Vec<StreamKeyInfo>> {
    let Value::Array(items) = parse_v4_envelope(status, body)? else {
        return Err(undocumented("result is not an array"));
    };
    items
        .iter()
        .map(|item| {
            let obj = item
                .as_object()
                .ok_or_else(|| undocumented("a key is not an object"))?;
            let id = match obj.get("id") {
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                _ => return Err(undocumented("a key has no string \"id\"")),
            };
            Ok(StreamKeyInfo {
                id,
                created: opt_string(obj, "created")?,
                key_id: opt_string(obj, "key_id")?,
            })
        })
        .collect()
}

/// The answer to [`revoke_stream_key_request`]: the `result` text (`"ok"`,
/// `"Revoked"`), if any.
pub fn parse_revoke_stream_key(status: u16, body: &[u8]) -> Result<Option<String>> {
    match parse_v4_envelope(status, body)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(undocumented("the revoke result is not a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::test_support::*;
    use crate::keys::generate_stream_key;
    use crate::stream::{StreamTokenOptions, StreamVerifier, StreamVerifyOptions, VideoIdCheck};

    const KID: &str = "5213cfa121f70b8c1380686ffc371ba3";

    #[test]
    fn request_bytes() {
        let r = create_stream_key_request(&api()).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/stream/keys")
        );
        assert_eq!(r.headers, vec![bearer(), json_ct()]);
        assert_eq!(r.body, b"{}");

        let r = list_stream_keys_request(&api()).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.url, api().url(&["stream", "keys"]));
        assert_eq!(r.headers, vec![bearer()]);
        assert!(r.body.is_empty());

        let r = revoke_stream_key_request(&api(), KID).unwrap();
        assert_eq!(r.method, Method::Delete);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/stream/keys/{KID}")
        );
        assert_eq!(r.headers, vec![bearer()]);
        assert!(r.body.is_empty());
        for bad in ["", "../x", &"a".repeat(33)] {
            assert_eq!(
                revoke_stream_key_request(&api(), bad).unwrap_err().code(),
                "invalid_input"
            );
        }
    }

    #[test]
    fn created_key_loads_into_a_signer() {
        let generated = generate_stream_key(Some(KID)).unwrap();
        let result = format!(
            r#"{{"created":"2014-01-02T02:20:00Z","id":"{KID}","jwk":"{}","pem":"{}"}}"#,
            generated.jwk.expose(),
            generated.pem.expose()
        );
        let created = parse_create_stream_key(200, &ok(&result)).unwrap();
        assert_eq!(created.id, KID);
        assert_eq!(created.created.as_deref(), Some("2014-01-02T02:20:00Z"));
        assert_eq!(created.pem.expose(), generated.pem.expose());
        assert_eq!(created.key.key_id(), Some(KID));
        let shown = format!("{created:?}");
        assert!(!shown.contains(&generated.pem.expose()[..40]), "{shown}");

        let signer = created.signer(StreamStyle::Cloudflare).unwrap();
        let token = signer
            .sign(
                "ea95132c15732412d22c1476fa83f27a",
                &StreamTokenOptions::default(),
                1_000,
            )
            .unwrap();
        let verifier = StreamVerifier::new(vec![generated.key.public_key()]).unwrap();
        let options = StreamVerifyOptions::new(
            VideoIdCheck::Exact("ea95132c15732412d22c1476fa83f27a"),
            1_010,
        );
        let claims = verifier.verify(&token, &options).unwrap();
        assert_eq!(claims["kid"], KID);

        // Without jwk: still loads from pem.
        let result = format!(r#"{{"id":"{KID}","pem":"{}"}}"#, generated.pem.expose());
        assert!(parse_create_stream_key(200, &ok(&result))
            .unwrap()
            .jwk
            .is_none());
    }

    #[test]
    fn created_key_that_does_not_load_names_its_id() {
        let a = generate_stream_key(Some(KID)).unwrap();
        let b = generate_stream_key(Some(KID)).unwrap();
        for result in [
            format!(r#"{{"id":"{KID}"}}"#),
            format!(r#"{{"id":"{KID}","pem":"bm90IGEga2V5"}}"#),
            format!(
                r#"{{"id":"{KID}","pem":"{}","jwk":"{}"}}"#,
                a.pem.expose(),
                b.jwk.expose()
            ),
            format!(r#"{{"id":"{KID}","pem":"{}","jwk":5}}"#, a.pem.expose()),
        ] {
            let err = parse_create_stream_key(200, &ok(&result)).unwrap_err();
            assert_eq!(err.code(), "invalid_response", "{result}");
            assert!(err.message().contains(KID), "{err}");
            assert!(!err.message().contains(&a.pem.expose()[..30]));
        }
        for result in ["null", "[]", r#"{"pem":"x"}"#, r#"{"id":""}"#] {
            assert_eq!(
                parse_create_stream_key(200, &ok(result))
                    .unwrap_err()
                    .code(),
                "invalid_response"
            );
        }
    }

    #[test]
    fn list_and_revoke_answers() {
        let keys = parse_list_stream_keys(
            200,
            &ok(r#"[{"created":"2014-01-02T02:20:00Z","id":"023e105f4ecef8ad9ca31a8372d0c353","key_id":"e9db990a82666dd571c77f944a5c5c8d"},{"id":"b"}]"#),
        )
        .unwrap();
        assert_eq!(
            keys,
            vec![
                StreamKeyInfo {
                    id: "023e105f4ecef8ad9ca31a8372d0c353".into(),
                    created: Some("2014-01-02T02:20:00Z".into()),
                    key_id: Some("e9db990a82666dd571c77f944a5c5c8d".into()),
                },
                StreamKeyInfo {
                    id: "b".into(),
                    created: None,
                    key_id: None
                }
            ]
        );
        for result in [
            "null",
            "{}",
            "[1]",
            r#"[{"created":"x"}]"#,
            r#"[{"id":"a","created":1}]"#,
        ] {
            assert_eq!(
                parse_list_stream_keys(200, &ok(result)).unwrap_err().code(),
                "invalid_response",
                "{result}"
            );
        }
        assert_eq!(
            parse_revoke_stream_key(200, &ok(r#""ok""#))
                .unwrap()
                .as_deref(),
            Some("ok")
        );
        assert_eq!(
            parse_revoke_stream_key(200, &ok(r#""Revoked""#))
                .unwrap()
                .as_deref(),
            Some("Revoked")
        );
        let no_result = br#"{"success":true,"errors":[],"messages":[]}"#;
        assert_eq!(parse_revoke_stream_key(200, no_result).unwrap(), None);
        assert_eq!(
            parse_revoke_stream_key(200, &ok("{}")).unwrap_err().code(),
            "invalid_response"
        );
    }

    #[test]
    fn documented_errors() {
        let err =
            parse_revoke_stream_key(404, &failure(10000, "Authentication error")).unwrap_err();
        assert_eq!(
            err,
            AuraError::RemoteError {
                status: 404,
                message: "10000: Authentication error".into()
            }
        );
        // The OpenAPI failure example.
        let err = parse_list_stream_keys(404, &failure(7003, "No route for the URI")).unwrap_err();
        assert_eq!(crate::cloudflare::error_codes(&err), vec![7003]);
        let err = parse_create_stream_key(
            429,
            br#"{"success":false,"errors":[],"messages":[],"result":null}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            AuraError::RemoteError {
                status: 429,
                message: "HTTP 429".into()
            }
        );
    }
}
