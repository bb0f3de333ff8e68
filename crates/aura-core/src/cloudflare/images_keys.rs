//! Cloudflare Images signing keys (cloudflare.md §1.6; OpenAPI operations
//! `cloudflare-images-keys-*`):
//!
//! | call | request | `result` |
//! |---|---|---|
//! | list | `GET /accounts/{a}/images/v1/keys` | `{"keys":[{"name","value"}]}` |
//! | create / rotate | `PUT /accounts/{a}/images/v1/keys/{name}`, no body | all keys |
//! | delete | `DELETE /accounts/{a}/images/v1/keys/{name}` | all keys left |
//!
//! A PUT of a name that exists **regenerates its value** (every URL signed
//! with the old value stops working), so create and rotate are the same
//! request under two names: use [`super::ensure`] to decide which one is
//! meant. Values are [`Secret`]s, used as text (never base64-decoded).

use serde_json::Value;

use crate::error::{invalid, AuraError, Result};
use crate::http::{parse_v4_envelope, Method, Request};
use crate::secret::Secret;

use super::api::Api;

/// One signing key. `Debug` shows the name only.
#[derive(Clone, Debug)]
pub struct ImagesSigningKey {
    /// The key's name (1-20 ASCII letters and digits).
    pub name: String,
    /// The key's value: the HMAC secret, used as text.
    pub value: Secret,
}

/// The OpenAPI document: `maxLength: 20`, and a pattern truncated to
/// `^[a-zA-Z0-9]$`: names are 1-20 ASCII letters and digits here.
pub fn validate_images_key_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 20 || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(format!(
            "an Images signing-key name must be 1-20 ASCII letters and digits, got {name:?}"
        )));
    }
    Ok(())
}

/// `GET /accounts/{account_id}/images/v1/keys`.
pub fn list_images_keys_request(api: &Api) -> Result<Request> {
    Ok(api.request(Method::Get, &["images", "v1", "keys"]))
}

fn put_request(api: &Api, name: &str) -> Result<Request> {
    validate_images_key_name(name)?;
    Ok(api.request(Method::Put, &["images", "v1", "keys", name]))
}

/// `PUT /accounts/{account_id}/images/v1/keys/{name}` with no body, for a
/// name that does not exist yet (see [`super::decide_ensure`]).
pub fn create_images_key_request(api: &Api, name: &str) -> Result<Request> {
    put_request(api, name)
}

/// The same `PUT` for a name that exists: Cloudflare replaces its value.
pub fn rotate_images_key_request(api: &Api, name: &str) -> Result<Request> {
    put_request(api, name)
}

/// `DELETE /accounts/{account_id}/images/v1/keys/{name}`. Every URL signed
/// with the key stops working; Cloudflare generates a new `default` key
/// when the last one is deleted.
pub fn delete_images_key_request(api: &Api, name: &str) -> Result<Request> {
    validate_images_key_name(name)?;
    Ok(api.request(Method::Delete, &["images", "v1", "keys", name]))
}

fn undocumented(what: &str) -> AuraError {
    AuraError::InvalidResponse(format!("Images signing keys: {what}"))
}

/// `{"keys":[{"name": string, "value": string}…]}`, strictly: a caller that
/// decides from this list (create or rotate?) must not read a garbled answer
/// as "no keys".
fn keys_of(result: Value) -> Result<Vec<ImagesSigningKey>> {
    let Value::Object(mut obj) = result else {
        return Err(undocumented("result is not an object"));
    };
    let Some(Value::Array(items)) = obj.remove("keys") else {
        return Err(undocumented("result has no \"keys\" array"));
    };
    items
        .into_iter()
        .map(|item| {
            let Value::Object(mut o) = item else {
                return Err(undocumented("a key is not an object"));
            };
            match (o.remove("name"), o.remove("value")) {
                (Some(Value::String(name)), Some(Value::String(value))) => Ok(ImagesSigningKey {
                    name,
                    value: Secret::new(value),
                }),
                _ => Err(undocumented("a key lacks a string \"name\" or \"value\"")),
            }
        })
        .collect()
}

/// The answer to the list request.
pub fn parse_list_images_keys(status: u16, body: &[u8]) -> Result<Vec<ImagesSigningKey>> {
    keys_of(parse_v4_envelope(status, body)?)
}

/// The answer to a create or rotate of `name`: that key, with its new value.
/// An answer without it is `invalid_response`.
pub fn parse_put_images_key(status: u16, body: &[u8], name: &str) -> Result<ImagesSigningKey> {
    keys_of(parse_v4_envelope(status, body)?)?
        .into_iter()
        .find(|k| k.name == name)
        .ok_or_else(|| undocumented(&format!("the answer does not list the key {name:?}")))
}

/// The answer to a delete: the keys left (after deleting the last key,
/// the `default` key Cloudflare generated).
pub fn parse_delete_images_key(status: u16, body: &[u8]) -> Result<Vec<ImagesSigningKey>> {
    keys_of(parse_v4_envelope(status, body)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::error_codes;
    use crate::cloudflare::test_support::*;

    const KEYS: &str = r#"{"keys":[{"name":"default","value":"Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5="},{"name":"next","value":" v2 \n"}]}"#;

    #[test]
    fn list_request_bytes() {
        let r = list_images_keys_request(&api()).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/keys")
        );
        assert_eq!(r.headers, vec![bearer()]);
        assert!(r.body.is_empty());
    }

    #[test]
    fn put_and_delete_request_bytes() {
        for r in [
            create_images_key_request(&api(), "signing2").unwrap(),
            rotate_images_key_request(&api(), "signing2").unwrap(),
        ] {
            assert_eq!(r.method, Method::Put);
            assert_eq!(
                r.url,
                format!(
                    "https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/keys/signing2"
                )
            );
            assert_eq!(r.headers, vec![bearer()], "no body, so no Content-Type");
            assert!(r.body.is_empty());
        }
        let r = delete_images_key_request(&legacy_api(), "default").unwrap();
        assert_eq!(r.method, Method::Delete);
        assert_eq!(
            r.url,
            format!("http://127.0.0.1:4010/accounts/{ACCOUNT}/images/v1/keys/default")
        );
        assert_eq!(
            r.headers,
            vec![
                ("X-Auth-Email".to_string(), "ops@example.com".to_string()),
                ("X-Auth-Key".to_string(), "key-SECRET-MARK".to_string()),
            ]
        );
        assert!(r.body.is_empty());
    }

    #[test]
    fn names_are_checked_locally() {
        let api = api();
        for bad in ["", "a-b", "a/b", "../x", &"a".repeat(21), "clé"] {
            assert_eq!(
                create_images_key_request(&api, bad).unwrap_err().code(),
                "invalid_input",
                "{bad:?}"
            );
            assert!(delete_images_key_request(&api, bad).is_err());
        }
        assert!(create_images_key_request(&api, &"a".repeat(20)).is_ok());
    }

    #[test]
    fn parse_keys_keeps_values_as_text() {
        let keys = parse_list_images_keys(200, &ok(KEYS)).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].name, "default");
        assert_eq!(keys[0].value.expose(), "Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5=");
        assert_eq!(keys[1].value.expose(), " v2 \n", "never trimmed or decoded");
        assert!(parse_list_images_keys(200, &ok(r#"{"keys":[]}"#))
            .unwrap()
            .is_empty());
        let shown = format!("{keys:?}");
        assert!(!shown.contains("Oix0"), "{shown}");
    }

    #[test]
    fn parse_put_finds_the_named_key() {
        let k = parse_put_images_key(200, &ok(KEYS), "next").unwrap();
        assert_eq!((k.name.as_str(), k.value.expose()), ("next", " v2 \n"));
        let err = parse_put_images_key(200, &ok(KEYS), "other").unwrap_err();
        assert_eq!(err.code(), "invalid_response");
        assert!(!err.message().contains("Oix0"));
        let left = parse_delete_images_key(200, &ok(KEYS)).unwrap();
        assert_eq!(left.len(), 2);
    }

    #[test]
    fn documented_errors() {
        // 5403: no Images subscription; 5404: key not found (alchemy-run/distilled).
        let err =
            parse_list_images_keys(403, &failure(5403, "Images access not enabled")).unwrap_err();
        assert_eq!(
            err,
            AuraError::RemoteError {
                status: 403,
                message: "5403: Images access not enabled".into()
            }
        );
        let err = parse_delete_images_key(404, &failure(5404, "Key not found")).unwrap_err();
        assert_eq!(error_codes(&err), vec![5404]);
        // The OpenAPI 4XX schema allows success:true on an error (Prism sends it): the status decides.
        let err = parse_list_images_keys(401, &ok("null")).unwrap_err();
        assert_eq!(
            err,
            AuraError::RemoteError {
                status: 401,
                message: "HTTP 401".into()
            }
        );
    }

    #[test]
    fn undocumented_bodies() {
        for result in [
            "null",
            "[]",
            "{}",
            r#"{"keys":{}}"#,
            r#"{"keys":[1]}"#,
            r#"{"keys":[{"name":"a"}]}"#,
            r#"{"keys":[{"name":1,"value":"v"}]}"#,
            r#"{"keys":[{"name":"a","value":null}]}"#,
        ] {
            let err = parse_list_images_keys(200, &ok(result)).unwrap_err();
            assert_eq!(err.code(), "invalid_response", "{result}");
        }
        assert_eq!(
            parse_list_images_keys(200, b"{not json")
                .unwrap_err()
                .code(),
            "invalid_response"
        );
    }
}
