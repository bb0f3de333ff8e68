//! One Cloudflare Images image: its details, and its `requireSignedURLs`
//! flag (cloudflare.md §1.5; seed 001: a private image is served only with
//! a signed URL):
//!
//! - `GET /accounts/{a}/images/v1/{image_id}` (`cloudflare-images-image-details`);
//! - `PATCH /accounts/{a}/images/v1/{image_id}` with `{"requireSignedURLs": bool}`
//!   (`cloudflare-images-update-image`). The document says the image gets "a
//!   new UID on a change": the returned `id` is the one to use afterwards.

use serde_json::Value;

use crate::error::{invalid, AuraError, Result};
use crate::http::{parse_v4_envelope, Method, Request};

use super::api::Api;

/// What the API says about an image. `raw` is the whole `result`.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageDetails {
    /// The image id (after a `requireSignedURLs` change, possibly a new one).
    pub id: String,
    /// The uploaded file's name, when the API gives one.
    pub filename: Option<String>,
    /// `false` when absent (the documented default).
    pub require_signed_urls: bool,
    /// Upload time, as the API sends it.
    pub uploaded: Option<String>,
    /// The image's delivery URLs, one per variant.
    pub variants: Vec<String>,
    /// `creator`, when the API reports one.
    pub creator: Option<String>,
    /// The whole `result` object, as received.
    pub raw: Value,
}

/// Image ids are Cloudflare's UUIDs or custom ids (which may hold `/`; they
/// cannot be private). Sent as one percent-encoded path segment.
fn check_image_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 1024 || id.chars().any(char::is_control) {
        return Err(invalid(
            "an image id must be 1-1024 bytes without control characters",
        ));
    }
    Ok(())
}

/// `GET /accounts/{account_id}/images/v1/{image_id}`.
pub fn image_details_request(api: &Api, image_id: &str) -> Result<Request> {
    check_image_id(image_id)?;
    Ok(api.request(Method::Get, &["images", "v1", image_id]))
}

/// `PATCH /accounts/{account_id}/images/v1/{image_id}` with
/// `{"requireSignedURLs":true}` (private) or `false` (public).
pub fn set_image_require_signed_urls_request(
    api: &Api,
    image_id: &str,
    require: bool,
) -> Result<Request> {
    check_image_id(image_id)?;
    Ok(api
        .request(Method::Patch, &["images", "v1", image_id])
        .json(format!("{{\"requireSignedURLs\":{require}}}")))
}

fn undocumented(what: &str) -> AuraError {
    AuraError::InvalidResponse(format!("Images image: {what}"))
}

fn opt_string(obj: &serde_json::Map<String, Value>, key: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(undocumented(&format!("\"{key}\" is not a string"))),
    }
}

fn image_of(result: Value) -> Result<ImageDetails> {
    let obj = result
        .as_object()
        .ok_or_else(|| undocumented("result is not an object"))?;
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(undocumented("result has no string \"id\"")),
    };
    let require_signed_urls = match obj.get("requireSignedURLs") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(undocumented("\"requireSignedURLs\" is not a boolean")),
    };
    let variants = match obj.get("variants") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| undocumented("\"variants\" holds a non-string"))?,
        Some(_) => return Err(undocumented("\"variants\" is not an array")),
    };
    Ok(ImageDetails {
        id,
        filename: opt_string(obj, "filename")?,
        require_signed_urls,
        uploaded: opt_string(obj, "uploaded")?,
        variants,
        creator: opt_string(obj, "creator")?,
        raw: result,
    })
}

/// The answer to [`image_details_request`].
pub fn parse_image_details(status: u16, body: &[u8]) -> Result<ImageDetails> {
    image_of(parse_v4_envelope(status, body)?)
}

/// The answer to [`set_image_require_signed_urls_request`]: the image as it
/// is now (its `id` may be new).
pub fn parse_set_image_require_signed_urls(status: u16, body: &[u8]) -> Result<ImageDetails> {
    image_of(parse_v4_envelope(status, body)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::test_support::*;

    const IMAGE: &str = r#"{"creator":"107b9558-dd06-4bbd-5fef-9c2c16bb7900","filename":"logo.png","id":"img1","meta":{"key":"value"},"requireSignedURLs":true,"uploaded":"2014-01-02T02:20:00.123Z","variants":["https://imagedelivery.net/MTt4OTd0b0w5aj/img1/thumbnail"]}"#;

    #[test]
    fn details_request_bytes() {
        let r = image_details_request(&api(), "a/b c").unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/a%2Fb%20c")
        );
        assert_eq!(r.headers, vec![bearer()]);
        assert!(r.body.is_empty());
    }

    #[test]
    fn require_signed_urls_request_bytes() {
        let r = set_image_require_signed_urls_request(&api(), "img1", true).unwrap();
        assert_eq!(r.method, Method::Patch);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/img1")
        );
        assert_eq!(r.headers, vec![bearer(), json_ct()]);
        assert_eq!(r.body, br#"{"requireSignedURLs":true}"#);
        let r = set_image_require_signed_urls_request(&api(), "img1", false).unwrap();
        assert_eq!(r.body, br#"{"requireSignedURLs":false}"#);
        for bad in ["", "a\nb"] {
            assert_eq!(
                set_image_require_signed_urls_request(&api(), bad, true)
                    .unwrap_err()
                    .code(),
                "invalid_input"
            );
        }
    }

    #[test]
    fn parse_details() {
        let d = parse_image_details(200, &ok(IMAGE)).unwrap();
        assert_eq!(d.id, "img1");
        assert!(d.require_signed_urls);
        assert_eq!(d.filename.as_deref(), Some("logo.png"));
        assert_eq!(d.uploaded.as_deref(), Some("2014-01-02T02:20:00.123Z"));
        assert_eq!(d.variants.len(), 1);
        assert_eq!(d.raw["meta"]["key"], "value");
        let d = parse_set_image_require_signed_urls(200, &ok(r#"{"id":"new-uid"}"#)).unwrap();
        assert_eq!((d.id.as_str(), d.require_signed_urls), ("new-uid", false));
    }

    #[test]
    fn documented_errors() {
        let err = parse_image_details(404, &failure(5404, "Image not found")).unwrap_err();
        assert_eq!(
            err,
            AuraError::RemoteError {
                status: 404,
                message: "5404: Image not found".into()
            }
        );
        // Custom-id images cannot be private (field report, error 5410).
        let err = parse_set_image_require_signed_urls(
            400,
            &failure(5410, "Private images are not supported for custom ids"),
        )
        .unwrap_err();
        assert_eq!(crate::cloudflare::error_codes(&err), vec![5410]);
    }

    #[test]
    fn undocumented_bodies() {
        for result in [
            "null",
            "{}",
            r#"{"id":7}"#,
            r#"{"id":""}"#,
            r#"{"id":"x","requireSignedURLs":"true"}"#,
            r#"{"id":"x","variants":"thumb"}"#,
            r#"{"id":"x","variants":[1]}"#,
            r#"{"id":"x","filename":1}"#,
        ] {
            assert_eq!(
                parse_image_details(200, &ok(result)).unwrap_err().code(),
                "invalid_response",
                "{result}"
            );
        }
    }
}
